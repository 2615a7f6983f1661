/**
 * `npm start`: builds the app, then serves it with the CORS proxy and the sandbox (a local Xero + XPM),
 * so a new user can connect, sync and explore a realistic practice without a Xero account.
 *
 *   PORT=4173 npm start -- [--no-build] [--clients N] [--seed S] [--test-controls] [--api-shape 3.0|3.1]
 *                          [--max-response-bytes N]
 *
 * Ports: the app on PORT (default 4173), the proxy on PORT+1, the sandbox on PORT+2
 * (PROXY_PORT and SANDBOX_PORT override them). Ctrl-C stops everything.
 */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { serve } from './node-adapter';
import { startProxy } from './server';
import { startSandbox } from './sandbox/server';
import { createAppServer } from './stack/app-server';
import { stackAppConfig } from './stack/stack-config';
import { parsePort, parseCount } from './stack/numbers';
import { describeStartError } from './stack/start-errors';
import { type ApiShape, parseApiShape as readApiShape } from './sandbox/xpm/api-shape';

/** --api-shape, refused with a message naming the allowed values. */
function parseApiShape(value: string): ApiShape {
  const shape = readApiShape(value);
  if (shape === null) throw new Error(`--api-shape must be 3.0 or 3.1, got ${JSON.stringify(value)}.`);
  return shape;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_APP_PORT = 4173;

export interface StackOptions {
  readonly appPort: number;
  readonly proxyPort: number;
  readonly sandboxPort: number;
  readonly clients?: number;
  readonly seed?: number;
  readonly testControls?: boolean;
  readonly build?: boolean;
  readonly quiet?: boolean;
  /** The XPM API shape the sandbox answers in (default 3.1). */
  readonly apiShape?: ApiShape;
  /** The app's response-size guard (config.json maxResponseBytes); the app's default when absent. */
  readonly maxResponseBytes?: number;
}

export interface RunningStack {
  readonly appUrl: string;
  readonly proxyUrl: string;
  readonly sandboxUrl: string;
  close(): Promise<void>;
}

/** Starts sandbox, proxy and app server (after an optional production build). */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  if (options.build !== false) {
    const { build } = await import('vite');
    await build({ root: ROOT, logLevel: options.quiet ? 'error' : 'warn' });
  }
  const appOrigins = [`http://localhost:${options.appPort}`, `http://127.0.0.1:${options.appPort}`];
  const sandbox = await startSandbox({
    port: options.sandboxPort,
    ...(options.clients !== undefined ? { clients: options.clients } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    testControls: options.testControls ?? false,
    ...(options.apiShape !== undefined ? { apiShape: options.apiShape } : {}),
  });
  const proxy = await startProxy({
    port: options.proxyPort,
    allowedOrigins: appOrigins,
    identityUpstream: new URL(sandbox.url),
    apiUpstream: new URL(sandbox.url),
    ...(options.quiet ? { log: () => undefined } : {}),
  });
  const proxyUrl = `http://localhost:${proxy.port}`;
  const app = await serve(
    createAppServer({
      distDir: join(ROOT, 'dist'),
      config: stackAppConfig({
        sandboxUrl: sandbox.url,
        proxyUrl,
        testControls: options.testControls ?? false,
        ...(options.maxResponseBytes !== undefined ? { maxResponseBytes: options.maxResponseBytes } : {}),
      }),
    }),
    { port: options.appPort, host: '127.0.0.1' },
  );
  return {
    appUrl: `http://localhost:${app.port}`,
    proxyUrl,
    sandboxUrl: sandbox.url,
    close: async () => {
      await Promise.allSettled([app.close(), proxy.close(), sandbox.close()]);
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    strict: true,
    options: {
      'no-build': { type: 'boolean' },
      clients: { type: 'string' },
      seed: { type: 'string' },
      'test-controls': { type: 'boolean' },
      'api-shape': { type: 'string' },
      'max-response-bytes': { type: 'string' },
    },
  });
  const appPort = parsePort(process.env['PORT'], 'PORT', DEFAULT_APP_PORT);
  const ports = {
    appPort,
    proxyPort: parsePort(process.env['PROXY_PORT'], 'PROXY_PORT', appPort + 1),
    sandboxPort: parsePort(process.env['SANDBOX_PORT'], 'SANDBOX_PORT', appPort + 2),
  };
  const stack = await startStack({
    ...ports,
    ...(values.clients !== undefined ? { clients: parseCount(values.clients, '--clients') } : {}),
    ...(values.seed !== undefined ? { seed: parseCount(values.seed, '--seed') } : {}),
    testControls: values['test-controls'] ?? false,
    build: !(values['no-build'] ?? false),
    ...(values['api-shape'] !== undefined ? { apiShape: parseApiShape(values['api-shape']) } : {}),
    ...(values['max-response-bytes'] !== undefined
      ? { maxResponseBytes: parseCount(values['max-response-bytes'], '--max-response-bytes') }
      : {}),
  }).catch((error: unknown) => {
    throw new Error(describeStartError(error, ports));
  });
  process.stdout.write(
    [
      '',
      `  XPM Contact Sync is running on the sandbox.`,
      '',
      `  Open  ${stack.appUrl}`,
      '',
      `  proxy    ${stack.proxyUrl}`,
      `  sandbox  ${stack.sandboxUrl}  (sign in with any email and password)`,
      '',
      '  Press Ctrl-C to stop.',
      '',
      '',
    ].join('\n'),
  );
  const stop = () => {
    void stack.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    process.stderr.write(`start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  });
}
