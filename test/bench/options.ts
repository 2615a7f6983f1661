/** `npm run bench` options. A bad value stops with a message naming the option. */
import { parseArgs } from 'node:util';
import { parseCount, parsePort } from '../../proxy/stack/numbers';
import { MAX_CLIENTS } from '../../proxy/sandbox/index';

/** QUALITY.md: the benchmark's practice. */
export const DEFAULT_CLIENTS = 15_000;
/** QUALITY.md / U1: the list figures are for a store of 50,000 contacts. */
export const DEFAULT_LIST_CLIENTS = 50_000;
/** This helper's port range (4600–4620): app, proxy, sandbox; the list practice's stack takes the next three. */
export const DEFAULT_PORT = 4600;

/** The steps `--profile` can record: the first sync (Start sync), Resync All after it, Resync Now after 50 changed clients. */
export const PROFILE_STEPS = ['first', 'resync-all', 'resync-now'] as const;
export type ProfileStep = (typeof PROFILE_STEPS)[number];

export const USAGE = `npm run bench -- [--clients N] [--list-clients N] [--seed S] [--port P] [--no-build] [--json]
npm run bench -- --profile [--profile-step first|resync-all|resync-now] [--profile-main] [--clients N] [--seed S] [--port P] [--no-build] [--json]

  --clients N       clients in the sandbox practice for the sync figures (default ${DEFAULT_CLIENTS})
  --list-clients N  clients in the practice synced for the list figures (default ${DEFAULT_LIST_CLIENTS});
                    capped to what fits under the response caps, and the store reused when equal to --clients
  --seed S          the sandbox's data seed (default 1)
  --port P          the app on P, proxy P+1, sandbox P+2; the list practice on P+3..P+5 (default ${DEFAULT_PORT})
  --no-build        serve the existing dist/ instead of building first
  --json            print one JSON object on stdout (all logging goes to stderr)

  --profile         instead of the figures: record a CPU profile of the sync worker during one step
                    (only the steps leading to it are run), write .cpuprofile files under bench-results/
                    and print where the time went, by function and by source module
  --profile-step S  the step to profile: first (Start sync, the default), resync-all, resync-now
  --profile-main    also profile the page's main thread during that step
`;

export interface BenchOptions {
  readonly clients: number;
  readonly listClients: number;
  readonly seed: number;
  readonly port: number;
  readonly build: boolean;
  readonly json: boolean;
  readonly help: boolean;
  /** Set by --profile: the run records a CPU profile of one step instead of measuring the figures. */
  readonly profile: ProfileOptions | null;
}

export interface ProfileOptions {
  readonly step: ProfileStep;
  /** Also profile the page's main thread. */
  readonly main: boolean;
}

const isProfileStep = (value: string): value is ProfileStep => (PROFILE_STEPS as readonly string[]).includes(value);

function profileOptions(profile: boolean, step: string | undefined, main: boolean): ProfileOptions | null {
  if (!profile) {
    if (step !== undefined) throw new Error('--profile-step needs --profile.');
    if (main) throw new Error('--profile-main needs --profile.');
    return null;
  }
  const chosen = step ?? 'first';
  if (!isProfileStep(chosen))
    throw new Error(`--profile-step must be one of ${PROFILE_STEPS.join(', ')} (got ${JSON.stringify(chosen)}).`);
  return { step: chosen, main };
}

function practiceSize(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const count = parseCount(value, name);
  if (count < 1 || count > MAX_CLIENTS) throw new Error(`${name} must be between 1 and ${MAX_CLIENTS} (got ${count}).`);
  return count;
}

export function parseOptions(args: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      clients: { type: 'string' },
      'list-clients': { type: 'string' },
      seed: { type: 'string' },
      port: { type: 'string' },
      'no-build': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
      profile: { type: 'boolean' },
      'profile-step': { type: 'string' },
      'profile-main': { type: 'boolean' },
    },
  });
  const port = parsePort(values.port, '--port', DEFAULT_PORT);
  if (port + 5 > 65535) throw new Error(`--port leaves no room for the six ports the benchmark uses (got ${port}).`);
  return {
    clients: practiceSize(values.clients, '--clients', DEFAULT_CLIENTS),
    listClients: practiceSize(values['list-clients'], '--list-clients', DEFAULT_LIST_CLIENTS),
    seed: values.seed === undefined ? 1 : parseCount(values.seed, '--seed'),
    port,
    build: !(values['no-build'] ?? false),
    json: values.json ?? false,
    help: values.help ?? false,
    profile: profileOptions(values.profile ?? false, values['profile-step'], values['profile-main'] ?? false),
  };
}
