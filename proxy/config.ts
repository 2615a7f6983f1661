/**
 * Proxy configuration from environment variables. Pure (it takes the variables as an argument), so
 * the Node CLI passes its environment and an edge entry passes its bindings. Every problem names the
 * variable at fault. The variables are documented in proxy/README.md and listed in ENV_VARIABLES.
 */
import { parseAllowedOrigin } from './cors';
import type { ProxyLimits } from './limits';
import { upstreamProblem, XERO_API_URL, XERO_IDENTITY_URL } from './settings';

export type Env = Readonly<Record<string, string | undefined>>;

/** Where the Node server listens by default: loopback only, the app's dev setup. */
export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';

export interface EnvConfig {
  readonly port: number;
  readonly host: string;
  readonly allowedOrigins: readonly string[];
  readonly identityUpstream: URL;
  readonly apiUpstream: URL;
  readonly limits: Partial<ProxyLimits>;
}

export type EnvConfigResult =
  | { readonly ok: true; readonly config: EnvConfig }
  | { readonly ok: false; readonly variable: string; readonly message: string };

/** Environment variables that override a limit, and the limit each sets. */
const LIMIT_VARIABLES: Readonly<Record<string, keyof ProxyLimits>> = Object.freeze({
  PROXY_MAX_BODY_BYTES: 'maxRequestBodyBytes',
  PROXY_MAX_RESPONSE_BYTES: 'maxResponseBytes',
  PROXY_HEADERS_TIMEOUT_MS: 'headersTimeoutMs',
  PROXY_IDLE_TIMEOUT_MS: 'idleTimeoutMs',
  PROXY_TOTAL_TIMEOUT_MS: 'totalTimeoutMs',
  PROXY_REQUEST_BODY_TIMEOUT_MS: 'requestBodyTimeoutMs',
  PROXY_MAX_HEADER_BYTES: 'maxHeaderValueBytes',
  PROXY_MAX_CONCURRENT_PER_TENANT: 'maxConcurrentPerTenant',
});

/** Every variable the proxy reads (for --help and the README). */
export const ENV_VARIABLES: readonly string[] = Object.freeze([
  'PROXY_PORT',
  'PROXY_HOST',
  'PROXY_ALLOWED_ORIGINS',
  'XERO_IDENTITY_URL',
  'XERO_API_URL',
  ...Object.keys(LIMIT_VARIABLES),
]);

class ConfigProblem extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

/** Reads and validates the configuration; an empty variable counts as unset. */
export function configFromEnv(env: Env): EnvConfigResult {
  try {
    const limits: Partial<Record<keyof ProxyLimits, number>> = {};
    for (const [variable, limit] of Object.entries(LIMIT_VARIABLES)) {
      const value = read(env, variable);
      if (value !== undefined) limits[limit] = positiveInteger(variable, value);
    }
    return {
      ok: true,
      config: {
        port: port(read(env, 'PROXY_PORT')),
        host: host(read(env, 'PROXY_HOST')),
        allowedOrigins: origins(read(env, 'PROXY_ALLOWED_ORIGINS')),
        identityUpstream: upstream('XERO_IDENTITY_URL', read(env, 'XERO_IDENTITY_URL') ?? XERO_IDENTITY_URL),
        apiUpstream: upstream('XERO_API_URL', read(env, 'XERO_API_URL') ?? XERO_API_URL),
        limits,
      },
    };
  } catch (error) {
    if (error instanceof ConfigProblem) return { ok: false, variable: error.variable, message: error.message };
    throw error;
  }
}

function read(env: Env, variable: string): string | undefined {
  const value = env[variable]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function positiveInteger(variable: string, value: string): number {
  const number = /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number <= 0)
    throw new ConfigProblem(variable, `must be a positive whole number, got ${JSON.stringify(value)}`);
  return number;
}

function port(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const number = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= 0 && number <= 65535))
    throw new ConfigProblem(
      'PROXY_PORT',
      `must be a port number 0–65535 (0 picks a free port), got ${JSON.stringify(value)}`,
    );
  return number;
}

function host(value: string | undefined): string {
  if (value === undefined) return DEFAULT_HOST;
  if (!/^[A-Za-z0-9.:-]+$/.test(value))
    throw new ConfigProblem('PROXY_HOST', `must be a host name or IP address, got ${JSON.stringify(value)}`);
  return value;
}

function origins(value: string | undefined): readonly string[] {
  if (value === undefined) {
    throw new ConfigProblem(
      'PROXY_ALLOWED_ORIGINS',
      'is required: a comma-separated list of the app origins, e.g. https://contacts.example.com',
    );
  }
  const list = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const entry of list) {
    if (parseAllowedOrigin(entry) === null) {
      throw new ConfigProblem(
        'PROXY_ALLOWED_ORIGINS',
        `${JSON.stringify(entry)} is not an exact origin: use scheme://host[:port] with no path or trailing slash, https (http only for localhost/127.0.0.1/[::1]), never * or null`,
      );
    }
  }
  if (list.length === 0) throw new ConfigProblem('PROXY_ALLOWED_ORIGINS', 'lists no origin');
  return list;
}

function upstream(variable: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigProblem(variable, `is not a URL: ${JSON.stringify(value)}`);
  }
  const problem = upstreamProblem(url);
  if (problem !== null) throw new ConfigProblem(variable, problem);
  return url;
}
