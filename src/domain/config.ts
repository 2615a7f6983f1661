/**
 * The runtime configuration served with the app (`/config.json`), so one build serves the sandbox or
 * real Xero. One schema for every reader: the page checks it at start (and shows a screen naming
 * the bad field), the worker checks it again before using it, and `npm start` writes it.
 */

export const CONFIG_URL = '/config.json';

/**
 * The largest XPM response the app reads, unless config.json says otherwise. A guard against an
 * endless body, not a practice limit: the detailed client list is ~3.3 KB per client, so the
 * largest practices (50,000 clients) send ~165 MB; the reader streams, so memory does not grow
 * with this number. 512 MiB leaves three times that.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 512 * 1024 * 1024;

export interface AppConfig {
  /** Xero app client id (Auth Code with PKCE, no secret). */
  readonly clientId: string;
  /** Origin (+ optional path prefix) of the CORS proxy, e.g. https://proxy.example.com */
  readonly proxyUrl: string;
  /** Xero's authorize page (top-level navigation, no proxy): https://login.xero.com/identity/connect/authorize */
  readonly authorizeUrl: string;
  /** The identity issuer checked in the id_token: https://identity.xero.com */
  readonly issuer: string;
  /** Base of links into the XPM web app (CSV and "edit this in XPM"). */
  readonly xpmWebUrl: string;
  /** Name shown for the upstream, e.g. "Xero" or "Sandbox". */
  readonly upstreamLabel: string;
  /** Optional: the response-size guard in bytes (default DEFAULT_MAX_RESPONSE_BYTES). */
  readonly maxResponseBytes?: number;
  /**
   * Optional, for test stacks only: the page exposes a hook that moves the app's clock (page and
   * worker together, src/domain/clock.ts), so end-to-end tests can make hours pass. Written only by
   * `npm start -- --test-controls`; absent (or false) everywhere else, and then the hook does not exist.
   */
  readonly testClock?: boolean;
}

const TEXT_FIELDS = ['clientId', 'upstreamLabel'] as const satisfies readonly (keyof AppConfig)[];
const URL_FIELDS = ['proxyUrl', 'authorizeUrl', 'issuer', 'xpmWebUrl'] as const satisfies readonly (keyof AppConfig)[];

export type ConfigProblem =
  | { readonly kind: 'unreachable'; readonly detail: string }
  | { readonly kind: 'not-json' }
  | { readonly kind: 'field'; readonly field: keyof AppConfig | null; readonly problem: string };

export type ConfigResult =
  | { readonly ok: true; readonly config: AppConfig }
  | { readonly ok: false; readonly problem: ConfigProblem };

/** http(s) only, and no credentials in the URL (they would be sent to, and logged by, the server). */
function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/**
 * Checks a parsed config.json field by field, naming the first bad one, and returns a fresh object
 * with only the known fields. Values are kept as written, trimmed (the issuer must match Xero's exactly).
 */
export function parseAppConfig(value: unknown): ConfigResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problem: { kind: 'field', field: null, problem: 'is not a JSON object' } };
  }
  const record = value as Readonly<Record<string, unknown>>;
  const text: Partial<Record<(typeof TEXT_FIELDS)[number] | (typeof URL_FIELDS)[number], string>> = {};
  for (const field of [...TEXT_FIELDS, ...URL_FIELDS]) {
    const raw = record[field];
    if (typeof raw !== 'string' || raw.trim() === '') {
      return { ok: false, problem: { kind: 'field', field, problem: 'is missing or empty' } };
    }
    text[field] = raw.trim();
  }
  for (const field of URL_FIELDS) {
    if (!isHttpUrl(text[field] ?? '')) {
      return {
        ok: false,
        problem: { kind: 'field', field, problem: 'is not an http(s) URL without a user name or password' },
      };
    }
  }
  const maxResponseBytes = record['maxResponseBytes'];
  if (maxResponseBytes !== undefined && !(Number.isSafeInteger(maxResponseBytes) && (maxResponseBytes as number) > 0)) {
    return {
      ok: false,
      problem: { kind: 'field', field: 'maxResponseBytes', problem: 'must be a positive whole number of bytes' },
    };
  }
  const testClock = record['testClock'];
  if (testClock !== undefined && typeof testClock !== 'boolean') {
    return { ok: false, problem: { kind: 'field', field: 'testClock', problem: 'must be true or false' } };
  }
  return {
    ok: true,
    config: {
      clientId: text.clientId ?? '',
      upstreamLabel: text.upstreamLabel ?? '',
      proxyUrl: text.proxyUrl ?? '',
      authorizeUrl: text.authorizeUrl ?? '',
      issuer: text.issuer ?? '',
      xpmWebUrl: text.xpmWebUrl ?? '',
      ...(typeof maxResponseBytes === 'number' ? { maxResponseBytes } : {}),
      ...(testClock === true ? { testClock } : {}),
    },
  };
}

/** The problem in one sentence, for the error screen and the worker's error. */
export function describeConfigProblem(problem: ConfigProblem): string {
  switch (problem.kind) {
    case 'unreachable':
      return `The app’s configuration (${CONFIG_URL}) could not be loaded (${problem.detail}).`;
    case 'not-json':
      return `The app’s configuration (${CONFIG_URL}) is not valid JSON.`;
    case 'field':
      return problem.field === null
        ? `The app’s configuration (${CONFIG_URL}) ${problem.problem}.`
        : `In the app’s configuration (${CONFIG_URL}), “${problem.field}” ${problem.problem}.`;
  }
}

/** The proxy's base URL without trailing slashes, for building request URLs. */
export function proxyBase(config: Pick<AppConfig, 'proxyUrl'>): string {
  return config.proxyUrl.replace(/\/+$/, '');
}
