/**
 * Structured request logs (PX-6): one entry per request, built only from values the proxy chose or
 * validated. Never logged: Authorization, cookies, request or response bodies, paths of unknown
 * routes, query strings (they can carry codes and page tokens) and exception text.
 */
import type { ProxyErrorCode } from './errors';
import type { RouteId } from './routes';

export interface ProxyLogEntry {
  /** ISO time the request arrived. */
  readonly time: string;
  readonly event: 'proxy.request';
  /** The matched route, or `unknown` (the path itself is not logged). */
  readonly route: RouteId | 'unknown';
  readonly method: string;
  readonly status: number;
  /** Null when no upstream response arrived (refused, timed out, unreachable). */
  readonly upstreamStatus: number | null;
  readonly durationMs: number;
  /** Response body bytes handed to the client. */
  readonly bytesOut: number;
  /** First hex characters of SHA-256(xero-tenant-id), or null without the header. */
  readonly tenant: string | null;
  readonly error: ProxyErrorCode | null;
  /** Present only on PROXY_ORIGIN_FORBIDDEN, to diagnose a mis-set allowlist; canonical origins only. */
  readonly origin?: string;
}

export type ProxyLogger = (entry: ProxyLogEntry) => void;

/** 12 hex characters (48 bits) tell practices apart in logs but do not serve as the tenant id. */
export const TENANT_HASH_HEX_CHARS = 12;
/** A logged origin longer than this is not a real browser origin; it is cut. */
const MAX_LOGGED_ORIGIN_LENGTH = 200;

/** Short SHA-256 prefix of the tenant id (WebCrypto, so it runs on edge runtimes too). */
export async function hashTenant(tenantId: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(tenantId));
  const hex = Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
  return hex.slice(0, TENANT_HASH_HEX_CHARS);
}

/**
 * Escapes CR, LF and every other control or line-separator character, so no logged value can start
 * a new log line even in a sink that does not JSON-encode.
 */
export function escapeControlChars(value: string): string {
  return value.replace(
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A rejected Origin, kept only if it looks like a real origin (a forged header could hold anything). */
export function loggableOrigin(origin: string | null): string | undefined {
  if (origin === null) return undefined;
  try {
    const parsed = new URL(origin);
    if (parsed.origin === origin && (parsed.protocol === 'https:' || parsed.protocol === 'http:')) {
      return escapeControlChars(origin.slice(0, MAX_LOGGED_ORIGIN_LENGTH));
    }
  } catch {
    // fall through: not an origin
  }
  return origin === 'null' ? 'null' : '(malformed)';
}

/** Returns the entry with every free-text field escaped (route and error are closed lists). */
export function sanitizeEntry(entry: ProxyLogEntry): ProxyLogEntry {
  const clean: ProxyLogEntry = {
    ...entry,
    time: escapeControlChars(entry.time),
    method: escapeControlChars(entry.method),
  };
  return entry.origin === undefined ? clean : { ...clean, origin: escapeControlChars(entry.origin) };
}

/** One JSON line; JSON.stringify already escapes CR/LF, sanitizeEntry covers non-JSON sinks. */
export function formatLogLine(entry: ProxyLogEntry): string {
  return JSON.stringify(entry);
}

/** The default sink: one JSON line per request on the runtime's console. */
export const consoleLogger: ProxyLogger = (entry) => {
  console.log(formatLogLine(entry));
};
