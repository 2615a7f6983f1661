/**
 * Plain-language help for every AppErrorCode: a short title and what the accountant can do about it.
 * The help never says what a failed run left in the store: a run can fail after committing batches
 * (M8), so what was saved is said beside it from the run's own record (runAppliedText).
 * Banners, the Sync page and Monitoring all explain errors through this one module, so an error is
 * never shown as a bare code. The worker's own message is shown next to it where it is written for
 * people (sign-in, permissions, busy); where it is technical (a parser position, an HTTP status, a
 * server's own text) it goes behind a "Details" disclosure with the code, for whoever supports the app.
 */
import type { AppErrorCode, WireError } from '../domain/errors';

export interface ErrorHelp {
  /** What went wrong, in a few words (a heading). */
  readonly title: string;
  /** What to do about it. */
  readonly whatToDo: string;
  /** Numbered steps, where the fix happens somewhere else (e.g. in XPM's settings). */
  readonly steps?: readonly string[];
}

/**
 * XPM's permission that lets a user connect add-ons (C2), as both seed articles describe it: an XPM
 * administrator grants it to the user who connects.
 */
export const XPM_PERMISSION_STEPS: readonly string[] = [
  'In Xero Practice Manager, go to Business → Settings.',
  'Click Staff.',
  'Select the user who is connecting this app.',
  'Open the Permissions tab and select Practice administration.',
  'Toggle on “Connect third-party add-ons”.',
  'Click Save, then connect again here.',
];

const HELP: Readonly<Record<AppErrorCode, ErrorHelp>> = {
  'auth/callback-invalid': {
    title: 'The sign-in could not be completed',
    whatToDo:
      'The answer from Xero was expired, already used or could not be verified, so nothing was sent to Xero. ' +
      'Start again with “Connect to Xero Practice Manager”, in this same tab.',
  },
  'auth/access-denied': {
    title: 'Access was not allowed',
    // The worker's message already says access was declined and nothing was connected.
    whatToDo: 'Connect again and choose “Allow access” to let this app read your clients and staff.',
  },
  'auth/no-practice': {
    title: 'No Xero Practice Manager practice was connected',
    whatToDo:
      'Your Xero user needs the XPM permission “Connect third-party add-ons”, and the practice must be ticked on Xero’s consent page. An XPM administrator can grant the permission:',
    steps: XPM_PERMISSION_STEPS,
  },
  'auth/reconnect-needed': {
    title: 'Reconnect to Xero Practice Manager',
    // The reason (revoked, expired, lacking permission) is the worker's message, shown beside this.
    whatToDo: 'Scheduled syncs are stopped until you reconnect and choose the same practice; your local data is kept.',
  },
  'auth/not-connected': {
    title: 'Not connected to a practice',
    whatToDo: 'Connect to Xero Practice Manager on the Sync page first.',
  },
  'auth/clock-skew': {
    title: 'This computer’s clock is wrong',
    whatToDo:
      'Xero’s sign-in only works when this computer’s date and time are within 5 minutes of Xero’s. Set the date, time and time zone correctly (for example, turn on setting the time automatically), then connect again.',
  },
  'xpm/api-error': {
    title: 'XPM reported an error',
    whatToDo:
      'XPM answered but said the request failed. Try again in a few minutes; if it keeps happening, check the practice in XPM.',
  },
  'xpm/forbidden': {
    title: 'XPM refused access to this practice',
    whatToDo:
      'The practice may have been disconnected from this app in Xero, or your user lost access to it. Reconnect and choose the practice again.',
    steps: XPM_PERMISSION_STEPS,
  },
  'xpm/rate-limited': {
    title: 'Xero’s API limit was reached',
    whatToDo:
      'Xero limits how many requests an app may make per practice each minute and each day. Syncing pauses until the limit resets and then continues by itself.',
  },
  'xpm/server-error': {
    title: 'XPM is having problems',
    whatToDo: 'XPM kept failing after several attempts. This is usually temporary: try again later.',
  },
  'xpm/http-error': {
    title: 'XPM gave an unexpected answer',
    whatToDo: 'Try again later. If it keeps happening, download the run’s details from Monitoring and contact support.',
  },
  'xpm/unexpected-content': {
    title: 'XPM sent something that is not practice data',
    whatToDo: 'The answer was an error page or another kind of document, so it was not read as data. Try again later.',
  },
  'xml/malformed': {
    title: 'XPM’s answer was incomplete or damaged',
    whatToDo: 'The download was cut off or damaged, so the sync stopped there. Run the sync again.',
  },
  'xml/dtd-forbidden': {
    title: 'XPM’s answer was refused for safety',
    whatToDo:
      'The answer contained a document type declaration, which this app never reads, so the sync stopped there. Contact support if this repeats.',
  },
  'xml/forbidden-name': {
    title: 'XPM’s answer was refused for safety',
    whatToDo:
      'The answer contained an element name this app never accepts, so the sync stopped there. Contact support if this repeats.',
  },
  'xml/too-deep': {
    title: 'XPM’s answer was refused for safety',
    whatToDo:
      'The answer was nested far deeper than any real XPM data, so the sync stopped there. Contact support if this repeats.',
  },
  'xml/too-large': {
    title: 'XPM’s answer was too large',
    whatToDo: 'The answer was larger than this app reads, so the sync stopped at that size. Contact support.',
  },
  'xml/unsupported-encoding': {
    title: 'XPM’s answer is in a character encoding this app cannot read',
    whatToDo:
      'The answer declared a character encoding this browser cannot decode, so it was not read. Contact support with the encoding named in the message.',
  },
  'network/failed': {
    title: 'Could not reach Xero',
    whatToDo:
      'Check the internet connection, then try again. If it keeps failing while other sites work, the service that links this app to Xero may be down: tell whoever set up the app.',
  },
  'network/timeout': {
    title: 'Xero took too long to answer',
    whatToDo: 'The connection may be slow or Xero busy. Try again in a few minutes.',
  },
  'proxy/rejected': {
    title: 'The link between this app and Xero refused the request',
    whatToDo:
      'A web page cannot call Xero directly, so this app goes through a small relay service, and that service refused. Whoever set up the app needs to check its settings (which web address may use it, and where it forwards to).',
  },
  'storage/quota': {
    title: 'This browser is out of storage space',
    whatToDo:
      'The batch being saved was not written. Free some disk space or clear other sites’ data, then sync again.',
  },
  'storage/failed': {
    title: 'The local database could not be used',
    whatToDo: 'Reload the page and try again. If it keeps failing, close other tabs of this app and reload.',
  },
  'storage/version-changed': {
    title: 'This app was updated in another tab',
    whatToDo:
      'Reload this tab to keep syncing. This tab stopped using the local data so the new version could upgrade it; nothing is lost.',
  },
  'sync/cancelled': {
    title: 'The sync was cancelled',
    whatToDo: 'Run a sync again when you are ready: it picks up everything since the last successful one.',
  },
  'sync/busy': {
    title: 'A sync is already running',
    whatToDo: 'Another sync is running, perhaps in another tab. Wait for it to finish.',
  },
  'sync/taken-over': {
    title: 'Another tab finished this sync',
    whatToDo:
      'This tab stopped responding during the sync, so another open tab of the app took the run over. Nothing is lost; the run’s progress shows in any tab.',
  },
  'sync/interrupted': {
    title: 'The sync was interrupted',
    whatToDo:
      'What it saved before the interruption is kept. The next hourly sync continues from the last successful one, or press Resync Now.',
  },
  'sync/cooldown': {
    title: 'Please wait before syncing again',
    whatToDo: 'Resync Now and Resync All can be used once every 5 minutes. Hourly syncs still run on time.',
  },
  'sync/unsupported-browser': {
    title: 'This browser cannot run syncs',
    whatToDo:
      'Syncing needs Web Locks, which keep two tabs from syncing at once. Browsers offer them only to pages opened over https:// or on localhost: open the app that way, in a current version of Chrome, Edge, Firefox or Safari.',
  },
  'input/invalid': {
    title: 'Something entered was not valid',
    whatToDo: 'Check the value named in the message and try again.',
  },
  internal: {
    title: 'Something unexpected went wrong',
    whatToDo: 'Reload the page and try again.',
  },
};

/** The help for one error code. */
export function errorHelp(code: AppErrorCode): ErrorHelp {
  return HELP[code];
}

/**
 * Codes whose messages are technical (a parser's position, a status line, a server's own words):
 * they are kept for support, behind "Details", not shown as the explanation.
 */
const TECHNICAL_MESSAGES: ReadonlySet<AppErrorCode> = new Set<AppErrorCode>([
  'xpm/api-error',
  'xpm/server-error',
  'xpm/http-error',
  'xpm/unexpected-content',
  'xml/malformed',
  'xml/dtd-forbidden',
  'xml/forbidden-name',
  'xml/too-deep',
  'xml/too-large',
  'network/failed',
  'network/timeout',
  'proxy/rejected',
  'storage/quota',
  'storage/failed',
  'internal',
]);

/**
 * The error's specific message, when it is written for people and says something the help does not
 * (null for technical messages, blank ones, or ones repeating the title or what to do).
 */
export function errorDetailMessage(error: WireError): string | null {
  const message = error.message.trim();
  const help = HELP[error.code];
  if (TECHNICAL_MESSAGES.has(error.code)) return null;
  if (message === '' || message === help.title || message === help.whatToDo) return null;
  return message;
}

/** What goes behind "Details": the code, a technical message, the HTTP status, the server's text, the limit. */
export function errorTechnicalDetails(error: WireError): readonly { readonly label: string; readonly value: string }[] {
  const lines: { readonly label: string; readonly value: string }[] = [{ label: 'Error code', value: error.code }];
  const message = error.message.trim();
  if (TECHNICAL_MESSAGES.has(error.code) && message !== '') lines.push({ label: 'Message', value: message });
  if (error.detail.status !== undefined) lines.push({ label: 'HTTP status', value: String(error.detail.status) });
  if (error.detail.limit !== undefined) lines.push({ label: 'Limit', value: error.detail.limit });
  if (error.detail.upstream !== undefined && error.detail.upstream.trim() !== '')
    lines.push({ label: 'Answer from the server', value: error.detail.upstream.trim() });
  return lines;
}
