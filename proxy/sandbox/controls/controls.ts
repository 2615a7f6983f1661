/**
 * The test controls, as functions (for tests that hold the sandbox object) and as a small JSON API
 * under `/__sandbox/` (for tests and tools that only have its URL). They exist only when the sandbox
 * was started with `--test-controls` / `testControls: true`; otherwise those paths are 404.
 */
import type { Exchange, Practice, SandboxContext } from '../context';
import { MutationError } from '../data/practice-store';
import type { PracticeView } from '../data/views';
import { practiceView } from '../data/views';
import type { GrantSummary } from '../identity/grants';
import { MAX_JSON_BYTES, jsonResponse, readBodyText } from '../http';
import type { Fault } from './faults';
import { InputError, asObject, onlyKeys, optInteger, optString } from './json-input';
import type { MutationResult } from './mutations';
import { applyMutation } from './mutations';
import type { RequestReport } from './request-log';
import type { ApiShape } from '../xpm/api-shape';
import { API_SHAPES, parseApiShape } from '../xpm/api-shape';

/** The longest single clock advance: a year covers the 60-day refresh expiry with room to spare. */
const MAX_CLOCK_ADVANCE_MS = 366 * 24 * 3600_000;

export interface SandboxControls {
  /** The whole current data of a practice (by tenant id or name; default the main practice). */
  data(tenant?: string): PracticeView;
  /** Applies one mutation or a batch (`{ ops: [...] }`), in order. */
  mutate(spec: unknown): MutationResult[];
  /** Schedules faults (one or `{ faults: [...] }`), or performs `revoke-grant` / `expire-tokens` at once. */
  fault(spec: unknown): { scheduled: Fault[]; revokedGrants: string[]; expiredTokens: number };
  faults(): readonly Fault[];
  clearFaults(): void;
  grants(): GrantSummary[];
  requests(): RequestReport;
  clearRequests(): void;
  /** The shape `/practicemanager/3.1/` answers in now. */
  apiShape(): ApiShape;
  /**
   * Switches the shape `/practicemanager/3.1/` answers in (`"3.0"` or `"3.1"`), effective from the next
   * request; records keep both identities, so a practice can "move" between shapes between syncs.
   */
  setApiShape(shape: unknown): ApiShape;
  /** Moves the sandbox clock forward; returns the new time (ms). */
  advanceClock(ms: number): number;
  now(): number;
  /** Back to the seeded state: data, faults, counters, grants, rate limits, clock, API shape. */
  reset(): void;
}

export function createControls(ctx: SandboxContext): SandboxControls {
  const practiceFor = (tenant: string | undefined): Practice => {
    const main = ctx.organisations.find((o) => o.practice !== null);
    const wanted =
      tenant === undefined
        ? main
        : ctx.organisations.find((o) => o.tenantId === tenant.toLowerCase() || o.tenantName === tenant);
    const practice = wanted ? ctx.practices.get(wanted.tenantId) : undefined;
    if (!practice)
      throw new InputError(
        `No XPM practice "${tenant ?? ''}"; practices: ${[...ctx.practices.values()].map((p) => p.store.tenantName).join(', ')}.`,
      );
    return practice;
  };
  return {
    data: (tenant) => practiceView(practiceFor(tenant).store),
    mutate(spec) {
      const o = asObject(spec, 'The body');
      // A batch applies in order and stops at the first failure; the ones before it stay applied.
      const list = Array.isArray(o.ops) ? o.ops : [o];
      const tenant = optString(o, 'tenant');
      const results: MutationResult[] = [];
      for (const item of list) {
        const op = asObject(item, 'A mutation');
        results.push(applyMutation(practiceFor(optString(op, 'tenant') ?? tenant).store, op));
      }
      return results;
    },
    fault(spec) {
      const o = asObject(spec, 'The body');
      const list = Array.isArray(o.faults) ? o.faults : [o];
      const out = { scheduled: [] as Fault[], revokedGrants: [] as string[], expiredTokens: 0 };
      for (const item of list) {
        const f = asObject(item, 'A fault');
        if (f.kind === 'revoke-grant') {
          onlyKeys(f, ['kind', 'grantId'], 'revoke-grant');
          const grantId = optString(f, 'grantId');
          if (grantId === undefined) out.revokedGrants.push(...ctx.grants.revokeAll());
          else if (ctx.grants.revoke(grantId)) out.revokedGrants.push(grantId);
          else throw new InputError(`No active grant ${grantId}.`);
        } else if (f.kind === 'expire-tokens') {
          onlyKeys(f, ['kind'], 'expire-tokens');
          out.expiredTokens += ctx.grants.expireAccessTokens();
        } else {
          out.scheduled.push(ctx.faults.add(f));
        }
      }
      return out;
    },
    faults: () => ctx.faults.list(),
    clearFaults: () => ctx.faults.clear(),
    grants: () => ctx.grants.summaries(),
    requests: () => ctx.requests.report(),
    clearRequests: () => ctx.requests.clear(),
    apiShape: () => ctx.apiShape.current,
    setApiShape(value) {
      const shape = parseApiShape(value);
      if (shape === null)
        throw new InputError(
          `"shape" must be one of ${API_SHAPES.map((s) => `"${s}"`).join(', ')}, not ${JSON.stringify(value)}.`,
        );
      ctx.apiShape.current = shape;
      return shape;
    },
    advanceClock(ms) {
      if (!Number.isInteger(ms) || ms < 0 || ms > MAX_CLOCK_ADVANCE_MS)
        throw new InputError(`advanceMs must be a whole number from 0 to ${MAX_CLOCK_ADVANCE_MS}.`);
      ctx.clock.advance(ms);
      return ctx.clock.now();
    },
    now: () => ctx.clock.now(),
    reset() {
      for (const practice of ctx.practices.values()) practice.store.reset();
      ctx.faults.clear();
      ctx.requests.clear();
      ctx.grants.clear();
      ctx.limiter.reset();
      ctx.clock.reset();
      ctx.apiShape.current = ctx.settings.apiShape;
    },
  };
}

async function readJson(request: Request): Promise<unknown> {
  const text = await readBodyText(request, MAX_JSON_BYTES);
  if (text === null) throw new InputError(`The body is larger than ${MAX_JSON_BYTES} bytes.`);
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InputError('The body is not valid JSON.');
  }
}

const CONTROL_INDEX = {
  'GET /__sandbox/data?tenant=<id or name>': 'the current data of a practice as JSON',
  'POST /__sandbox/mutate': 'change data: { op, ... } or { ops: [...] }',
  'GET|POST|DELETE /__sandbox/faults':
    'list, schedule or clear faults; also { kind: "revoke-grant" | "expire-tokens" }',
  'GET /__sandbox/grants': 'grants (no tokens)',
  'GET|DELETE /__sandbox/requests': 'request counts per endpoint and the recent log; DELETE clears them',
  'GET|POST /__sandbox/clock': 'the sandbox time; POST { advanceMs } moves it forward',
  'GET|POST /__sandbox/api-shape':
    'the shape /practicemanager/3.1/ answers in; POST { shape: "3.0" | "3.1" } switches it (3.0 paths are always 3.0)',
  'POST /__sandbox/reset': 'back to the seeded state',
};

/** Routes `/__sandbox/…`. */
export async function handleControl(exchange: Exchange, controls: SandboxControls): Promise<Response> {
  const { request, url } = exchange;
  const route = `${request.method} ${url.pathname.replace(/\/$/, '')}`;
  try {
    switch (route) {
      case 'GET /__sandbox':
        return jsonResponse(200, CONTROL_INDEX);
      case 'GET /__sandbox/data':
        return jsonResponse(200, controls.data(url.searchParams.get('tenant') ?? undefined));
      case 'POST /__sandbox/mutate':
        return jsonResponse(200, { results: controls.mutate(await readJson(request)) });
      case 'GET /__sandbox/faults':
        return jsonResponse(200, { faults: controls.faults() });
      case 'POST /__sandbox/faults':
        return jsonResponse(200, controls.fault(await readJson(request)));
      case 'DELETE /__sandbox/faults':
        controls.clearFaults();
        return jsonResponse(200, { faults: [] });
      case 'GET /__sandbox/grants':
        return jsonResponse(200, { grants: controls.grants() });
      case 'GET /__sandbox/requests':
        return jsonResponse(200, controls.requests());
      case 'DELETE /__sandbox/requests':
        controls.clearRequests();
        return jsonResponse(200, controls.requests());
      case 'GET /__sandbox/clock':
        return jsonResponse(200, clockView(controls.now()));
      case 'POST /__sandbox/clock': {
        const body = asObject(await readJson(request), 'The body');
        onlyKeys(body, ['advanceMs'], 'clock');
        return jsonResponse(
          200,
          clockView(controls.advanceClock(optInteger(body, 'advanceMs', 0, MAX_CLOCK_ADVANCE_MS) ?? 0)),
        );
      }
      case 'GET /__sandbox/api-shape':
        return jsonResponse(200, { shape: controls.apiShape() });
      case 'POST /__sandbox/api-shape': {
        const body = asObject(await readJson(request), 'The body');
        onlyKeys(body, ['shape'], 'api-shape');
        return jsonResponse(200, { shape: controls.setApiShape(body.shape) });
      }
      case 'POST /__sandbox/reset':
        controls.reset();
        return jsonResponse(200, { reset: true });
      default:
        return jsonResponse(404, { error: 'not-found', message: `No control ${route}.`, controls: CONTROL_INDEX });
    }
  } catch (error) {
    if (error instanceof InputError || error instanceof MutationError)
      return jsonResponse(400, { error: 'bad-request', message: error.message });
    throw error;
  }
}

function clockView(ms: number): { now: string; nowMs: number } {
  return { now: new Date(ms).toISOString(), nowMs: ms };
}
