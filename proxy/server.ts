/**
 * The proxy on Node: createProxy served by proxy/node-adapter.ts. Used by the CLI, `npm start`,
 * the end-to-end tests and the benchmarks. This module and cli.ts are the only Node-specific ones.
 */
import { serve } from './node-adapter';
import { createProxy, type ProxyConfig } from './proxy';
import { DEFAULT_HOST, DEFAULT_PORT } from './config';

export interface StartProxyOptions extends ProxyConfig {
  /** 0 picks a free port (tests, benchmarks). Default 8787. */
  readonly port?: number;
  /** Default 127.0.0.1: a deployment behind a TLS terminator on the same machine needs no more. */
  readonly host?: string;
}

export interface RunningProxy {
  /** e.g. http://127.0.0.1:8787 (no trailing slash). */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Starts the proxy on host:port and resolves once it is listening. */
export async function startProxy(options: StartProxyOptions): Promise<RunningProxy> {
  const handler = createProxy(options);
  const running = await serve((request, info) => handler(request, { rawTarget: info.rawTarget }), {
    port: options.port ?? DEFAULT_PORT,
    host: options.host ?? DEFAULT_HOST,
  });
  return { url: running.url, port: running.port, close: () => running.close() };
}
