/**
 * The proxy on Node: createProxy served by proxy/node-adapter.ts. Used by the CLI, `npm start`,
 * the end-to-end tests and the benchmarks. This module and cli.ts are the only Node-specific ones.
 */
import { type RejectionReason, serve } from './node-adapter';
import { createProxyService, type HostRefusalCode, type ProxyConfig } from './proxy';
import { DEFAULT_HOST, DEFAULT_PORT } from './config';

export interface StartProxyOptions extends ProxyConfig {
  /** 0 picks a free port (tests, benchmarks). Default 8787. */
  readonly port?: number;
  /** Default 127.0.0.1: a deployment behind a TLS terminator on the same machine needs no more. */
  readonly host?: string;
  /** Time for a client to deliver its request headers (node-adapter.ts DEFAULT_HEADERS_ARRIVAL_MS); tests shorten it. */
  readonly requestHeadersTimeoutMs?: number;
}

export interface RunningProxy {
  /** e.g. http://127.0.0.1:8787 (no trailing slash). */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** The proxy's closed code for each request Node refuses before the handler sees it. */
export const REFUSAL_CODES: Readonly<Record<RejectionReason, HostRefusalCode>> = Object.freeze({
  malformed: 'PROXY_BAD_REQUEST',
  'headers-too-large': 'PROXY_HEADER_TOO_LARGE',
  'headers-timeout': 'PROXY_REQUEST_TIMEOUT',
  'method-not-supported': 'PROXY_METHOD_NOT_SUPPORTED',
  'client-gone': 'PROXY_CLIENT_ABORTED',
});

/** Starts the proxy on host:port and resolves once it is listening. */
export async function startProxy(options: StartProxyOptions): Promise<RunningProxy> {
  const proxy = createProxyService(options);
  const running = await serve((request, info) => proxy.handle(request, { rawTarget: info.rawTarget }), {
    port: options.port ?? DEFAULT_PORT,
    host: options.host ?? DEFAULT_HOST,
    // Every request Node or the adapter refuses still gets the proxy's JSON error and one log entry.
    onRejected: ({ reason, method }) => proxy.refuse(REFUSAL_CODES[reason], method),
    ...(options.requestHeadersTimeoutMs === undefined ? {} : { headersTimeoutMs: options.requestHeadersTimeoutMs }),
  });
  return { url: running.url, port: running.port, close: () => running.close() };
}
