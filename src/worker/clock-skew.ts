/**
 * How far this computer's clock is from Xero's (issue M8 item 2). oauth4webapi checks the id_token's
 * `exp` and `nbf` against Date.now() with 30 seconds of tolerance, so a laptop whose clock drifted
 * 45 seconds behind Xero's failed every sign-in. The skew is measured from the `Date` header of
 * Xero's identity service and handed to oauth4webapi as its `clockSkew`, which corrects the checks.
 * Sign-in accepts a skew up to MAX_CLOCK_SKEW_MS either way; beyond it, the user is asked to correct
 * the computer's clock.
 */
import { AppError } from '../domain/errors';
import { parseHttpDate } from '../xero/rate-limit-headers';

/**
 * Sign-in accepts (and corrects for) a clock this far from Xero's either way. Drift of a few seconds
 * or minutes is normal for a laptop; more means a wrongly set clock (or time zone), which the user
 * should fix rather than have the app hide.
 */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** A Date header carries whole seconds, cut down: the server's time was on average half a second later. */
const DATE_HEADER_HALF_SECOND_MS = 500;

/**
 * Xero's clock minus this computer's, in milliseconds (positive: this computer is behind), from the
 * `Date` header of a response requested at `sentAt` and received at `receivedAt` (this computer's
 * clock). The server stamped the header somewhere in between, so the midpoint is the best estimate;
 * the error is at most half the round trip plus the header's one-second resolution. Null when the
 * header is missing or unreadable.
 */
export function measureClockSkew(dateHeader: string | null, sentAt: number, receivedAt: number): number | null {
  const serverMs = dateHeader === null ? null : parseHttpDate(dateHeader);
  if (serverMs === null) return null;
  return serverMs + DATE_HEADER_HALF_SECOND_MS - (sentAt + receivedAt) / 2;
}

export function isAcceptableClockSkew(skewMs: number): boolean {
  return Math.abs(skewMs) <= MAX_CLOCK_SKEW_MS;
}

/** oauth4webapi's `clockSkew`: whole seconds added to this computer's time. */
export function clockSkewSeconds(skewMs: number): number {
  return Math.round(skewMs / 1000);
}

/** "about 45 seconds", "about 10 minutes", "about 1 hour", "about 3 days". */
export function describeDuration(ms: number): string {
  // Measured durations come out a little short or long (59 min 59.8 s is "about 1 hour"), so beyond
  // a minute they are rounded to whole minutes before the unit is chosen.
  const exact = Math.abs(ms);
  const abs = exact >= 59_500 ? Math.round(exact / 60_000) * 60_000 : exact;
  const units: ReadonlyArray<readonly [number, string]> = [
    [24 * 60 * 60_000, 'day'],
    [60 * 60_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  for (const [size, name] of units) {
    if (abs >= size) {
      const count = Math.round(abs / size);
      return `about ${count} ${name}${count === 1 ? '' : 's'}`;
    }
  }
  return 'less than a second';
}

const FIX_THE_CLOCK =
  'Correct the computer’s date, time and time zone (for example, turn on setting the time automatically), then use “Connect to Xero Practice Manager” again.';

/**
 * The refusal for a clock outside the tolerance. `codeSpent` says whether Xero's one-time sign-in
 * answer was already used (then it cannot be retried; a new sign-in is needed either way).
 */
export function clockSkewError(skewMs: number, codeSpent: boolean): AppError {
  const direction = skewMs > 0 ? 'behind' : 'ahead of';
  const limit = describeDuration(MAX_CLOCK_SKEW_MS).replace('about ', '');
  return new AppError(
    'auth/clock-skew',
    `This computer’s clock is ${describeDuration(skewMs)} ${direction} Xero’s. Signing in to Xero only works when they differ by less than ${limit}${
      codeSpent ? ', so this sign-in was not used' : ', so Xero’s sign-in page was not opened'
    }. ${FIX_THE_CLOCK}`,
  );
}

/** When Xero's answer failed a time check and no Date header told by how much the clocks differ. */
export function unmeasuredClockSkewError(cause: unknown): AppError {
  return new AppError(
    'auth/clock-skew',
    `Xero’s sign-in answer looks as if it was issued in the future or has already expired, which happens when this computer’s clock is wrong. ${FIX_THE_CLOCK}`,
    {},
    { cause },
  );
}
