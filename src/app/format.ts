/**
 * Number, date and duration wording for the UI, in the user's locale. Formatters are created once:
 * building an Intl formatter costs far more than using one, and lists format thousands of values.
 */

const COUNT = new Intl.NumberFormat(undefined);
const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
// The same time style as DATE_TIME, so a time reads alike everywhere ("9:24 PM", not "09:24 PM" beside it).
const TIME = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const RELATIVE = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function formatCount(value: number): string {
  return COUNT.format(value);
}

export function formatDateTime(epochMs: number): string {
  return DATE_TIME.format(epochMs);
}

export function formatDate(epochMs: number): string {
  return DATE.format(epochMs);
}

export function formatTime(epochMs: number): string {
  return TIME.format(epochMs);
}

/** ISO 8601 for `<time datetime>`. */
export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** "just now", "5 minutes ago", "yesterday": how long ago `epochMs` was, at `now`. */
export function formatAgo(epochMs: number, now: number): string {
  const elapsed = Math.max(0, now - epochMs);
  if (elapsed < MINUTE) return 'just now';
  if (elapsed < HOUR) return RELATIVE.format(-Math.floor(elapsed / MINUTE), 'minute');
  if (elapsed < DAY) return RELATIVE.format(-Math.floor(elapsed / HOUR), 'hour');
  return RELATIVE.format(-Math.floor(elapsed / DAY), 'day');
}

/** A run's duration: "850 ms", "42 s", "3 min 5 s", "1 h 2 min". */
export function formatDuration(ms: number): string {
  if (ms < SECOND) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < MINUTE) return `${Math.round(ms / SECOND)} s`;
  if (ms < HOUR) {
    const minutes = Math.floor(ms / MINUTE);
    const seconds = Math.round((ms % MINUTE) / SECOND);
    return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
  }
  const hours = Math.floor(ms / HOUR);
  const minutes = Math.round((ms % HOUR) / MINUTE);
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

/** A countdown as m:ss (rounded up, so it never shows 0:00 while time remains). */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / SECOND));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${seconds.toString().padStart(2, '0')}`;
}

/** The same countdown in words, for screen readers: "4 minutes 5 seconds". */
export function formatCountdownWords(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / SECOND));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  const parts: string[] = [];
  if (minutes > 0) parts.push(plural(minutes, 'minute', 'minutes'));
  if (seconds > 0 || minutes === 0) parts.push(plural(seconds, 'second', 'seconds'));
  return parts.join(' ');
}

const BYTE_UNITS = ['bytes', 'KB', 'MB', 'GB'] as const;

/** 1,234,567 → "1.2 MB" (decimal units, as browsers show download sizes). */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit] ?? 'bytes'}`;
}

/**
 * English plural rules: the app's words are English, so their plural forms follow English rules
 * whatever the user's locale (numbers themselves are formatted in the user's locale).
 */
const PLURAL = new Intl.PluralRules('en');

/** The word for `count` of something: "contact" for 1, "contacts" for 0, 2 or 1.5. */
export function pluralWord(count: number, one: string, other: string): string {
  return PLURAL.select(count) === 'one' ? one : other;
}

/** "1 contact", "2 contacts", "1,234 contacts". */
export function plural(count: number, one: string, other: string): string {
  return `${formatCount(count)} ${pluralWord(count, one, other)}`;
}
