/**
 * What the proxy knows about one request while handling it, and the only place responses are made
 * and logged: every response gets `Vary: Origin`, CORS headers when the origin is allowed, and the
 * security headers; every request produces exactly one log entry.
 */
import { applyCorsHeaders } from './cors';
import { errorBody, PROXY_ERRORS, type ProxyErrorCode } from './errors';
import { applySecurityHeaders } from './headers';
import { sanitizeEntry, type ProxyLogEntry } from './log';
import type { RouteId } from './routes';
import type { ProxySettings } from './settings';

/** What a Response may be built from (BodyInit, named without the DOM lib: the proxy runs on Node and edge runtimes). */
type ResponseBody = ConstructorParameters<typeof Response>[0];

export class RequestRecord {
  private readonly startedAt: number;
  private logged = false;
  route: RouteId | 'unknown' = 'unknown';
  /** The request's Origin when it is on the allowlist. */
  allowedOrigin: string | null = null;
  /** The rejected Origin in loggable form, set only when the origin check failed. */
  rejectedOrigin: string | undefined = undefined;
  tenant: string | null = null;
  upstreamStatus: number | null = null;

  constructor(
    private readonly settings: ProxySettings,
    private readonly method: string,
  ) {
    this.startedAt = settings.now();
  }

  /** A proxy-made JSON error, readable by the app when its origin is allowed. */
  error(code: ProxyErrorCode, extraHeaders: Readonly<Record<string, string>> = {}): Response {
    const body = errorBody(code);
    const headers = new Headers(extraHeaders);
    headers.set('content-type', 'application/json; charset=utf-8');
    headers.set('cache-control', 'no-store');
    const response = this.respond(PROXY_ERRORS[code].status, headers, body);
    this.finish(PROXY_ERRORS[code].status, new TextEncoder().encode(body).byteLength, code);
    return response;
  }

  /** A complete response made by the proxy (preflight, health, an upstream answer with no body). */
  complete(status: number, headers: Headers, body: string | null): Response {
    const response = this.respond(status, headers, body);
    this.finish(status, body === null ? 0 : new TextEncoder().encode(body).byteLength, null);
    return response;
  }

  /** A streamed upstream answer; the caller logs it with finish() when the stream ends. */
  stream(status: number, headers: Headers, body: ReadableStream<Uint8Array>): Response {
    return this.respond(status, headers, body);
  }

  /** Emits the request's single log entry; later calls are ignored. */
  finish(status: number, bytesOut: number, error: ProxyErrorCode | null): void {
    if (this.logged) return;
    this.logged = true;
    const entry: ProxyLogEntry = {
      time: new Date(this.startedAt).toISOString(),
      event: 'proxy.request',
      route: this.route,
      method: this.method,
      status,
      upstreamStatus: this.upstreamStatus,
      durationMs: Math.max(0, Math.round(this.settings.now() - this.startedAt)),
      bytesOut,
      tenant: this.tenant,
      error,
      ...(this.rejectedOrigin === undefined ? {} : { origin: this.rejectedOrigin }),
    };
    try {
      this.settings.log(sanitizeEntry(entry));
    } catch {
      // A failing log sink must not fail the request.
    }
  }

  private respond(status: number, headers: Headers, body: ResponseBody): Response {
    applyCorsHeaders(headers, this.allowedOrigin);
    applySecurityHeaders(headers);
    return new Response(body, { status, headers });
  }
}
