/**
 * The sandbox CLI's arguments (PRODUCT.md §7, a stable interface):
 * `--port P [--host H] [--clients N] [--seed S] [--test-controls] [--daily-limit N] [--api-shape 3.0|3.1]
 *  [--client-id ID] [--redirect-uri URI]…`
 * Both `--flag value` and `--flag=value` work. Anything unknown or malformed is an ArgumentError
 * naming the flag; the CLI prints it and exits with status 2.
 */
import { DEFAULT_CLIENTS, DEFAULT_CLIENT_ID, MAX_CLIENTS } from './sandbox';
import { DEFAULT_SANDBOX_PORT } from './server';
import { DEFAULT_DAILY_LIMIT, MAX_DAILY_LIMIT } from './xpm/rate-limit';
import type { ApiShape } from './xpm/api-shape';
import { API_SHAPES, DEFAULT_API_SHAPE, parseApiShape } from './xpm/api-shape';

export class ArgumentError extends Error {
  override readonly name = 'ArgumentError';
}

export interface CliOptions {
  readonly port: number;
  readonly host: string;
  readonly clients: number;
  readonly seed: number;
  readonly testControls: boolean;
  readonly dailyLimit: number;
  readonly apiShape: ApiShape;
  readonly clientId: string;
  readonly redirectUris: readonly string[];
  readonly help: boolean;
}

export const USAGE = `Usage: npm run sandbox -- [options]

A local simulation of Xero's sign-in and the XPM API (v3.1, and v3.0's shape) for XPM Contact Sync.

Options:
  --port P             port to listen on (default ${DEFAULT_SANDBOX_PORT}; 0 picks a free one)
  --host H             address to bind (default 127.0.0.1)
  --clients N          clients in the main practice (default ${DEFAULT_CLIENTS}; 0–${MAX_CLIENTS})
  --seed S             data seed (default 1): the same seed and size give the same practice
  --test-controls      enable the /__sandbox test controls (tests only)
  --daily-limit N      XPM calls per practice per UTC day (default ${DEFAULT_DAILY_LIMIT}; Xero Starter: 1000)
  --api-shape V        the shape /practicemanager/3.1/ answers in: 3.1 (default) or 3.0 (integer <ID>s,
                       no UUIDs on contacts and staff); /practicemanager/3.0/ always answers in 3.0
  --client-id ID       the OAuth client id to accept (default ${DEFAULT_CLIENT_ID})
  --redirect-uri URI   also accept this exact redirect URI (repeatable; loopback URLs are always accepted)
  --help               show this help
`;

function integer(flag: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value)) throw new ArgumentError(`${flag} needs a whole number, not "${value}".`);
  const n = Number(value);
  if (n < min || n > max) throw new ArgumentError(`${flag} must be from ${min} to ${max}, not ${value}.`);
  return n;
}

const VALUE_FLAGS = new Set([
  '--port',
  '--host',
  '--clients',
  '--seed',
  '--daily-limit',
  '--api-shape',
  '--client-id',
  '--redirect-uri',
]);
const SWITCHES = new Set(['--test-controls', '--help']);

export function parseArgs(argv: readonly string[]): CliOptions {
  const values = new Map<string, string[]>();
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (SWITCHES.has(flag)) {
      if (eq > 0) throw new ArgumentError(`${flag} takes no value.`);
      switches.add(flag);
      continue;
    }
    if (!VALUE_FLAGS.has(flag))
      throw new ArgumentError(`Unknown option ${JSON.stringify(arg)}. Run with --help to see the options.`);
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i += 1;
    }
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--')))
      throw new ArgumentError(`${flag} needs a value.`);
    values.set(flag, [...(values.get(flag) ?? []), value]);
  }
  const one = (flag: string): string | undefined => {
    const list = values.get(flag);
    if (list && list.length > 1 && flag !== '--redirect-uri')
      throw new ArgumentError(`${flag} was given more than once.`);
    return list?.[0];
  };
  const redirectUris = values.get('--redirect-uri') ?? [];
  for (const uri of redirectUris) {
    try {
      new URL(uri);
    } catch {
      throw new ArgumentError(`--redirect-uri needs an absolute URL, not "${uri}".`);
    }
  }
  const port = one('--port');
  const clients = one('--clients');
  const seed = one('--seed');
  const dailyLimit = one('--daily-limit');
  const shapeValue = one('--api-shape');
  const apiShape = shapeValue === undefined ? DEFAULT_API_SHAPE : parseApiShape(shapeValue);
  if (apiShape === null)
    throw new ArgumentError(`--api-shape must be ${API_SHAPES.join(' or ')}, not "${shapeValue ?? ''}".`);
  return {
    port: port === undefined ? DEFAULT_SANDBOX_PORT : integer('--port', port, 0, 65535),
    host: one('--host') ?? '127.0.0.1',
    clients: clients === undefined ? DEFAULT_CLIENTS : integer('--clients', clients, 0, MAX_CLIENTS),
    seed: seed === undefined ? 1 : integer('--seed', seed, 0, Number.MAX_SAFE_INTEGER),
    testControls: switches.has('--test-controls'),
    dailyLimit:
      dailyLimit === undefined ? DEFAULT_DAILY_LIMIT : integer('--daily-limit', dailyLimit, 1, MAX_DAILY_LIMIT),
    apiShape,
    clientId: one('--client-id') ?? DEFAULT_CLIENT_ID,
    redirectUris,
    help: switches.has('--help'),
  };
}
