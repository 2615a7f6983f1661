/** Serves a sandbox over HTTP on loopback (via the shared node adapter), for the CLI, `npm start`, tests and benchmarks. */
import { serve } from '../node-adapter';
import type { Sandbox, SandboxOptions } from './sandbox';
import { createSandbox } from './sandbox';

/** The CLI's default port, next to the proxy's 8787. */
export const DEFAULT_SANDBOX_PORT = 8788;

export interface StartSandboxOptions extends SandboxOptions {
  /** 0 picks a free port (tests, benchmarks). Default 8788. */
  readonly port?: number;
  /** Default 127.0.0.1: the sandbox holds no secrets, but there is no reason to expose it. */
  readonly host?: string;
}

export interface RunningSandbox {
  /** e.g. http://127.0.0.1:8788 — also the OAuth issuer. */
  readonly url: string;
  readonly port: number;
  readonly sandbox: Sandbox;
  close(): Promise<void>;
}

export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const sandbox = createSandbox(options);
  const running = await serve((request) => sandbox.handler(request), {
    port: options.port ?? DEFAULT_SANDBOX_PORT,
    host: options.host ?? '127.0.0.1',
  });
  return { url: running.url, port: running.port, sandbox, close: () => running.close() };
}
