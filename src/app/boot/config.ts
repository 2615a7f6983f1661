/**
 * The runtime configuration (public/config.json, an AppConfig): fetched once at start and checked
 * field by field, so a bad deployment shows a screen naming the field instead of failing later
 * inside the sign-in flow.
 */
import type { AppConfig } from '../../worker/protocol';

export const CONFIG_URL = '/config.json';

export type ConfigProblem =
  | { readonly kind: 'unreachable'; readonly detail: string }
  | { readonly kind: 'not-json' }
  | { readonly kind: 'field'; readonly field: keyof AppConfig | null; readonly problem: string };

export type ConfigResult =
  | { readonly ok: true; readonly config: AppConfig }
  | { readonly ok: false; readonly problem: ConfigProblem };

const TEXT_FIELDS = ['clientId', 'upstreamLabel'] as const satisfies readonly (keyof AppConfig)[];
const URL_FIELDS = ['proxyUrl', 'authorizeUrl', 'issuer', 'xpmWebUrl'] as const satisfies readonly (keyof AppConfig)[];

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** Checks a parsed config.json. Values are kept as written (the issuer must match Xero's exactly). */
export function parseConfig(value: unknown): ConfigResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problem: { kind: 'field', field: null, problem: 'is not a JSON object' } };
  }
  const record = value as Readonly<Record<string, unknown>>;
  const text: Partial<Record<keyof AppConfig, string>> = {};
  for (const field of [...TEXT_FIELDS, ...URL_FIELDS]) {
    const raw = record[field];
    if (typeof raw !== 'string' || raw.trim() === '') {
      return { ok: false, problem: { kind: 'field', field, problem: 'is missing or empty' } };
    }
    text[field] = raw.trim();
  }
  for (const field of URL_FIELDS) {
    const url = text[field] ?? '';
    if (!isHttpUrl(url)) return { ok: false, problem: { kind: 'field', field, problem: 'is not an http(s) URL' } };
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
    },
  };
}

/** Fetches and checks config.json (no-cache: a deployment may change it without changing the app). */
export async function loadConfig(fetchFn: typeof fetch = fetch): Promise<ConfigResult> {
  let response: Response;
  try {
    response = await fetchFn(CONFIG_URL, { cache: 'no-cache', headers: { accept: 'application/json' } });
  } catch (cause) {
    return {
      ok: false,
      problem: { kind: 'unreachable', detail: cause instanceof Error ? cause.message : String(cause) },
    };
  }
  if (!response.ok) return { ok: false, problem: { kind: 'unreachable', detail: `HTTP ${response.status}` } };
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { ok: false, problem: { kind: 'not-json' } };
  }
  return parseConfig(body);
}

/** The problem in one sentence, for the error screen. */
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
