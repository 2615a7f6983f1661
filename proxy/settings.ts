/**
 * The proxy's configuration: what `createProxy` accepts and how it is checked. Invalid configuration
 * is a programming or deployment error, so it throws at start-up rather than failing per request.
 */
import { createOriginPolicy, isLoopbackHost, type OriginPolicy } from './cors';
import { resolveLimits, type ProxyLimits } from './limits';
import { consoleLogger, type ProxyLogger } from './log';

/** Xero's identity service (token and revocation endpoints, xpm-api.md §6.1). */
export const XERO_IDENTITY_URL = 'https://identity.xero.com';
/** Xero's API host (connections and practicemanager/3.1, xpm-api.md §1.1, §6.4). */
export const XERO_API_URL = 'https://api.xero.com';

export interface ProxyConfig {
  /** Exact origins (scheme://host[:port]) of the app; https, or http on loopback. Required. */
  readonly allowedOrigins: readonly string[];
  /** Base URL of the identity service: real Xero (default) or the sandbox on loopback. */
  readonly identityUpstream?: URL;
  /** Base URL of the API: real Xero (default) or the sandbox on loopback. */
  readonly apiUpstream?: URL;
  /** The only way the proxy reaches the network; tests pass a spy. Defaults to the global fetch. */
  readonly fetch?: typeof fetch;
  /** Receives one entry per request. Defaults to one JSON line on the console. */
  readonly log?: ProxyLogger;
  readonly limits?: Partial<ProxyLimits>;
  /** Clock for log times and durations (epoch ms). */
  readonly now?: () => number;
}

export interface ProxySettings {
  readonly origins: OriginPolicy;
  readonly identityUpstream: URL;
  readonly apiUpstream: URL;
  readonly fetch: typeof fetch;
  readonly log: ProxyLogger;
  readonly limits: ProxyLimits;
  readonly now: () => number;
}

export function resolveSettings(config: ProxyConfig): ProxySettings {
  return {
    origins: createOriginPolicy(config.allowedOrigins),
    identityUpstream: checkUpstream(config.identityUpstream ?? new URL(XERO_IDENTITY_URL), 'identityUpstream'),
    apiUpstream: checkUpstream(config.apiUpstream ?? new URL(XERO_API_URL), 'apiUpstream'),
    // Bound so a bare global fetch is not called with the proxy as `this` (some runtimes reject that).
    fetch: config.fetch ?? ((input, init) => fetch(input, init)),
    log: config.log ?? consoleLogger,
    limits: resolveLimits(config.limits),
    now: config.now ?? Date.now,
  };
}

/** Returns a problem with an upstream base URL, or null when it is acceptable. */
export function upstreamProblem(url: URL): string | null {
  if (url.username !== '' || url.password !== '') return 'must not contain credentials';
  if (url.search !== '' || url.hash !== '') return 'must not have a query or fragment';
  if (url.protocol === 'https:') return null;
  // Plain http only for the sandbox on this machine; tokens must never cross a network in clear.
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return null;
  return 'must be https (http is allowed only for a loopback sandbox)';
}

function checkUpstream(url: URL, name: string): URL {
  const problem = upstreamProblem(url);
  if (problem !== null) throw new TypeError(`${name} ${problem}: ${url.origin}`);
  return new URL(url.href);
}

/** Builds the upstream URL from the configured base and a fixed route path: nothing from the client. */
export function upstreamUrl(base: URL, path: string, query: string): string {
  const url = new URL(base.origin);
  url.pathname = base.pathname.replace(/\/+$/, '') + path;
  url.search = query;
  return url.href;
}
