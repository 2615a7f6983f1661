/**
 * Shared pieces for the proxy tests: a spy `fetch` that records every upstream call (the tests never
 * touch the network), a proxy factory with a captured log, and small request/stream helpers.
 */
import { createProxy, type ProxyHandler, type ProxyRequestContext } from '../../proxy/proxy';
import type { ProxyLimits } from '../../proxy/limits';
import type { ProxyLogEntry } from '../../proxy/log';
import type { ProxyConfig } from '../../proxy/settings';

export const APP_ORIGIN = 'http://localhost:5173';
export const TENANT_ID = '5b1f2c3a-8d4e-4f60-9a71-2c3d4e5f6a7b';
export const CLIENT_UUID = '9e023415-b173-4375-b8d5-4220b5a6b294';
export const CONNECTION_ID = '0dd913a9-6c7b-4060-ac4b-6ff7b41bd233';
export const PROXY_BASE = 'http://proxy.test';

export interface UpstreamCall {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
  readonly redirect: RequestRedirect | undefined;
  readonly signal: AbortSignal | null;
}

export type Responder = (call: UpstreamCall) => Response | Promise<Response>;

/** A fetch that records each call and answers with `respond`; it never opens a connection. */
export function spyFetch(respond: Responder = () => xmlOk()): { fetch: typeof fetch; calls: UpstreamCall[] } {
  const calls: UpstreamCall[] = [];
  const fetchSpy = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const body = init?.body === undefined || init.body === null ? null : await new Response(init.body).text();
    const call: UpstreamCall = {
      url: input instanceof Request ? input.url : String(input),
      method: init?.method ?? 'GET',
      headers,
      body,
      redirect: init?.redirect,
      signal: init?.signal ?? null,
    };
    calls.push(call);
    return respond(call);
  };
  return { fetch: fetchSpy, calls };
}

export function xmlOk(
  body = '<Response api-method="List"><Status>OK</Status></Response>',
  headers: Record<string, string> = {},
): Response {
  return new Response(body, { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8', ...headers } });
}

export interface TestProxy {
  readonly handler: ProxyHandler;
  readonly calls: UpstreamCall[];
  readonly logs: ProxyLogEntry[];
  /**
   * Sends a request with the app's Origin unless `origin` says otherwise (null: no Origin header);
   * `rawTarget` emulates the Node adapter's raw request target.
   */
  send(path: string, init?: SendInit): Promise<Response>;
}

export type SendInit = RequestInit & { readonly rawTarget?: string; readonly origin?: string | null };

export function makeProxy(
  options: { respond?: Responder; limits?: Partial<ProxyLimits> } & Partial<ProxyConfig> = {},
): TestProxy {
  const { fetch, calls } = spyFetch(options.respond);
  const logs: ProxyLogEntry[] = [];
  const handler = createProxy({
    allowedOrigins: [APP_ORIGIN],
    log: (entry) => logs.push(entry),
    ...options,
    fetch: options.fetch ?? fetch,
  });
  return {
    handler,
    calls,
    logs,
    send: (path, init = {}) => {
      const { rawTarget, origin = APP_ORIGIN, ...requestInit } = init;
      const headers = new Headers(requestInit.headers);
      if (origin !== null) headers.set('origin', origin);
      const context: ProxyRequestContext = rawTarget === undefined ? {} : { rawTarget };
      const url = /^[a-z]+:\/\//i.test(path) ? path : PROXY_BASE + path;
      return handler(
        new Request(url, { ...requestInit, headers, ...(requestInit.body ? { duplex: 'half' } : {}) }),
        context,
      );
    },
  };
}

export async function readJson(response: Response): Promise<{ error?: string; message?: string }> {
  return (await response.json()) as { error?: string; message?: string };
}

/** Reads a body to the end, returning bytes read and the error it ended with (if any). */
export async function drain(body: ReadableStream<Uint8Array> | null): Promise<{ bytes: number; error: unknown }> {
  if (body === null) return { bytes: 0, error: null };
  const reader = body.getReader();
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { bytes, error: null };
      bytes += value.byteLength;
    }
  } catch (error) {
    return { bytes, error };
  }
}

/** A promise that rejects when the signal aborts (an upstream that never answers on its own). */
export function untilAborted(signal: AbortSignal | null): Promise<never> {
  return new Promise<never>((_, reject) => {
    if (signal === null) return;
    if (signal.aborted) reject(new DOMException('aborted', 'AbortError'));
    signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')), { once: true });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until `check` holds (polling), failing after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('waitFor timed out');
    await sleep(5);
  }
}

/**
 * The response headers a browser script could read through CORS: the safelisted ones plus those
 * named in Access-Control-Expose-Headers — and nothing at all without a matching allow-origin.
 */
export function corsVisibleHeaders(response: Response, origin: string): Set<string> {
  const visible = new Set<string>();
  if (response.headers.get('access-control-allow-origin') !== origin) return visible;
  const safelisted = [
    'cache-control',
    'content-language',
    'content-length',
    'content-type',
    'expires',
    'last-modified',
    'pragma',
  ];
  const exposed = (response.headers.get('access-control-expose-headers') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase());
  response.headers.forEach((_, name) => {
    if (safelisted.includes(name) || exposed.includes(name)) visible.add(name);
  });
  return visible;
}
