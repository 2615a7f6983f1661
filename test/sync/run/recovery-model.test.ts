import 'fake-indexeddb/auto';
/**
 * A model-based test (fast-check `commands`, reliability.md PT-6, issue M8 item 7) of runs against the
 * real storage code (Dexie over fake-indexeddb): random sequences of a healthy fetch, a crash at any
 * commit (the tab's process dies: nothing more is written, the transaction in flight is lost), a
 * restart (a new connection resumes or settles what was interrupted, as the worker does), a 429 with
 * a short or a daily Retry-After, an access token expiring mid-run, a client list truncated mid-body
 * and a clock moving on. After every sequence the system is drained (restart, then healthy runs until
 * one succeeds) and the store must equal a clean run's, with no run left running and no attempt ever
 * going backwards. The practice has over a thousand clients, read in small chunks and committed in
 * small batches, so every fault lands after batches have committed.
 */
import Dexie from 'dexie';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openAppDB } from '../../../src/storage/open';
import type { AppDB } from '../../../src/storage/db';
import { DexieSyncStore } from '../../../src/storage/sync-store';
import { runningRuns } from '../../../src/storage/queries';
import { runSync, type RunRequest, type SyncEnv } from '../../../src/sync/run/run-sync';
import { decideInterruptedRun, newestFirst, settleInterruptedRun } from '../../../src/sync/run/interrupted-runs';
import { AppError, toWireError } from '../../../src/domain/errors';
import type { SyncStore } from '../../../src/sync/ports';
import { DEFAULT_SYNC_OPTIONS } from '../../../src/domain/settings';
import { runAttempt, type RunRecord } from '../../../src/domain/runs';
import type { ConnectionInfo } from '../../../src/domain/connection';
import type { XpmClient } from '../../../src/xero/types';
import { clientListXml, staffListXml } from '../../xero/support/xml-writer';
import { xpmClient, xpmContact } from '../evaluate/fixtures';
import { STAFF, canonicalContacts } from '../engine-harness';
import { FakeTokens, SERVER_DATE, ScriptedUpstream, problem, status, xml } from '../upstream-script';
import { freshDbName } from '../../storage/support/dexie';
import { rid, testUuid, tid } from '../../support/ids';

const TENANT = tid('11111111-2222-4333-8444-555555555555');
const CONNECTION: ConnectionInfo = {
  status: 'connected',
  tenantId: TENANT,
  connectionId: 'connection-1',
  practiceName: 'Model Practice',
  name: 'Model Practice',
  connectedAt: 0,
  firstSyncStarted: true,
  reason: null,
};
/** Clients per batch: small, so a fault always lands after some batches committed. */
const BATCH = 100;
/** Bytes per chunk of the client list: batches commit while the body is still arriving. */
const CHUNK_BYTES = 8 * 1024;
/** Sequences tried, and commands per sequence (each command is one run over the whole practice). */
const NUM_RUNS = 12;
const MAX_COMMANDS = 6;
/** Healthy runs the drain may need (a resumed run, then perhaps one more after a settled one). */
const MAX_DRAIN_RUNS = 3;

/** 1,200 clients with people shared between clients, some without email, some deleted. */
const CLIENTS: XpmClient[] = Array.from({ length: 1_200 }, (_, i) =>
  xpmClient({
    uuid: testUuid(`client-${i}`),
    name: `Client ${i}`,
    clientCode: `C${i}`,
    isDeleted: i % 97 === 0,
    contacts: [
      xpmContact({ uuid: testUuid(`person-${i}`), name: `Person ${i}`, email: i % 13 === 0 ? '' : `p${i}@x.com` }),
      xpmContact({ uuid: testUuid(`shared-${i % 40}`), name: `Shared ${i % 40}`, email: `s${i % 40}@x.com` }),
    ],
  }),
);
const BODY = new TextEncoder().encode(clientListXml(CLIENTS));

/** The client list in small chunks; with `cutAt`, the connection drops there. */
function chunkedList(cutAt?: number): Response {
  let offset = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (cutAt !== undefined && offset >= cutAt) {
        controller.error(new TypeError('network error: connection reset'));
        return;
      }
      if (offset >= BODY.length) return controller.close();
      controller.enqueue(BODY.slice(offset, offset + CHUNK_BYTES));
      offset += CHUNK_BYTES;
    },
  });
  return new Response(body, { headers: xml('').headers });
}

/** The process died: every store call from now on is refused, so nothing more is written. */
class Died extends Error {
  constructor() {
    super('the tab’s process died');
  }
}

/** The real store, cut off for good at its `crashAt`-th transaction (that transaction never commits). */
function mortalStore(real: DexieSyncStore, crashAt: number | null): SyncStore {
  let transactions = 0;
  let dead = false;
  const alive = () => {
    if (dead) throw new Died();
  };
  return {
    readState: async () => {
      alive();
      return real.readState();
    },
    putRun: async (run) => {
      alive();
      return real.putRun(run);
    },
    getRun: async (id) => {
      alive();
      return real.getRun(id);
    },
    pruneRunHistory: async (retention, now) => {
      alive();
      return real.pruneRunHistory(retention, now);
    },
    batchOutcomes: async (id) => {
      alive();
      return real.batchOutcomes(id);
    },
    loadKeyIndex: async () => {
      alive();
      return real.loadKeyIndex();
    },
    transact: async (fn) => {
      alive();
      transactions += 1;
      if (crashAt !== null && transactions >= crashAt) {
        dead = true;
        throw new Died();
      }
      return real.transact(fn);
    },
  };
}

type Fault =
  | { readonly kind: 'none' }
  | { readonly kind: 'crash'; readonly atTransaction: number }
  | { readonly kind: 'rate-limit'; readonly retryAfterSeconds: number }
  | { readonly kind: 'token-expired' }
  | { readonly kind: 'truncate'; readonly atByte: number };

/** The system under test: one browser profile's database, the tab using it, and the upstream. */
class Real {
  db!: AppDB;
  now = Date.parse(SERVER_DATE);
  readonly tokens = new FakeTokens();
  /** Highest attempt seen per run: a run's attempt never goes backwards. */
  readonly attempts = new Map<string, number>();
  requests = 0;
  private ids = 0;

  constructor(readonly name: string) {}

  async open(): Promise<void> {
    this.db = await openAppDB(this.name);
  }

  /** A new tab (the old one gone): a fresh connection to the same database. */
  async restart(): Promise<void> {
    this.db.close();
    await this.open();
  }

  /**
   * What the worker does when asked to sync: settle interrupted runs that cannot continue, resume the
   * newest that can, else start a new Resync All; `fault` shapes this run's upstream and process.
   */
  async sync(fault: Fault): Promise<RunRecord | 'died'> {
    const real = new DexieSyncStore(this.db);
    const store = mortalStore(real, fault.kind === 'crash' ? fault.atTransaction : null);
    const upstream = this.upstream(fault);
    const env: SyncEnv = {
      http: {
        fetch: (request) => {
          this.requests += 1;
          return upstream.fetch(request);
        },
      },
      tokens: this.tokens,
      clock: {
        now: () => this.now,
        sleep: async (ms) => {
          this.now += ms;
        },
      },
      random: () => 0.5,
      store,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      newId: () => `id-${++this.ids}`,
    };
    let resume: RunRecord | undefined;
    try {
      for (const run of newestFirst(await runningRuns(this.db))) {
        const decision = decideInterruptedRun(run, CONNECTION, this.now);
        if (decision.action === 'resume' && resume === undefined) resume = run;
        else
          await settleInterruptedRun(
            store,
            run,
            decision.action === 'settle'
              ? decision.error
              : toWireError(new AppError('sync/interrupted', 'A newer interrupted run was resumed instead.')),
          );
      }
      const request: RunRequest = {
        runId: resume?.id ?? rid(`run-${++this.ids}`),
        kind: resume?.kind ?? 'full',
        trigger: resume?.trigger ?? 'manual',
        xpmBaseUrl: 'http://proxy.test/xpm/3.1/',
        tenantId: TENANT,
        options: DEFAULT_SYNC_OPTIONS,
        signal: new AbortController().signal,
        batchSize: BATCH,
        ...(resume ? { resume } : {}),
      };
      const run = await runSync(env, request);
      if (fault.kind === 'crash' && (await this.isRunning(run.id))) return 'died';
      return run;
    } catch (error) {
      if (error instanceof Died) return 'died';
      throw error;
    } finally {
      await this.recordAttempts();
    }
  }

  private async isRunning(id: RunRecord['id']): Promise<boolean> {
    return (await this.db.runs.get(id))?.status === 'running';
  }

  private async recordAttempts(): Promise<void> {
    for (const run of await this.db.runs.toArray()) {
      const seen = this.attempts.get(run.id) ?? 0;
      expect(runAttempt(run), `run ${run.id}'s attempt went backwards`).toBeGreaterThanOrEqual(seen);
      this.attempts.set(run.id, runAttempt(run));
    }
  }

  private upstream(fault: Fault): ScriptedUpstream {
    const upstream = new ScriptedUpstream()
      .on('staff.api/list', () => xml(staffListXml(STAFF)))
      .on('client.api/list', () => chunkedList());
    if (fault.kind === 'rate-limit')
      upstream.queue('client.api/list', () =>
        status(429, { 'retry-after': String(fault.retryAfterSeconds), 'x-rate-limit-problem': 'minute' }),
      );
    if (fault.kind === 'token-expired')
      upstream.queue('client.api/list', () => problem(401, 'TokenExpired: token expired at 11/24/2026 02:59:00'));
    if (fault.kind === 'truncate') upstream.queue('client.api/list', () => chunkedList(fault.atByte));
    return upstream;
  }
}

/** What the model knows: whether syncing is paused by a daily limit, and until when. */
interface Model {
  pausedUntil: number | null;
}

/** The store compared across runs: records without local ids or times. */
async function snapshot(db: AppDB) {
  const contacts = (await db.contactSegments.toArray()).flatMap((row) => row.records);
  const byXpmId = (a: { clientId?: string; xpmId?: string }, b: { clientId?: string; xpmId?: string }) =>
    (a.xpmId ?? a.clientId ?? '') < (b.xpmId ?? b.clientId ?? '') ? -1 : 1;
  return {
    contacts: canonicalContacts(contacts),
    clients: (await db.clientSegments.toArray())
      .flatMap((row) => row.records)
      .map(({ id: _id, createdAt: _c, updatedAt: _u, ...rest }) => rest)
      .sort(byXpmId),
    sources: (await db.sourceSegments.toArray())
      .flatMap((row) => row.records)
      .map((state) => ({
        ...state,
        findings: state.findings.map(({ firstSeenAt: _f, lastSeenAt: _l, lastRunId: _r, ...rest }) => rest),
      }))
      .sort(byXpmId),
    staff: (await db.staff.toArray())
      .map(({ createdAt: _c, updatedAt: _u, ...rest }) => rest)
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
  };
}

class SyncCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly fault: Fault) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const before = { requests: real.requests, refreshes: real.tokens.refreshes };
    const result = await real.sync(this.fault);
    if (model.pausedUntil !== null && real.now < model.pausedUntil) {
      // S8: nothing is sent before a daily-limit pause ends.
      expect(real.requests).toBe(before.requests);
      if (result !== 'died') expect(result.status).toBe('paused');
      return;
    }
    model.pausedUntil = null;
    if (result === 'died') return;
    switch (this.fault.kind) {
      case 'none':
        expect(result.status).toBe('succeeded');
        break;
      case 'token-expired':
        expect(result.status).toBe('succeeded');
        expect(real.tokens.refreshes).toBe(before.refreshes + 1);
        break;
      case 'rate-limit':
        if (this.fault.retryAfterSeconds <= 60) expect(result.status).toBe('succeeded');
        else {
          expect(result.status).toBe('paused');
          expect(result.error?.code).toBe('xpm/rate-limited');
          model.pausedUntil = result.error?.detail.retryAt ?? null;
          expect(model.pausedUntil).not.toBeNull();
        }
        break;
      case 'truncate':
        expect(result.status).toBe('failed');
        expect(result.error?.code).toMatch(/^network\/|^xml\//);
        break;
      case 'crash':
        // The crash came after the run's last transaction: it ended normally.
        expect(result.status).toBe('succeeded');
        break;
    }
    if (result.status === 'succeeded') {
      const c = result.counts.client;
      expect(c.imported + c.updated + c.unchanged + c.rejected + c.skipped).toBe(CLIENTS.length);
    }
  }
  toString = () => `sync(${JSON.stringify(this.fault)})`;
}

class RestartCommand implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(_model: Model, real: Real): Promise<void> {
    await real.restart();
  }
  toString = () => 'restart';
}

class ClockCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(_model: Model, real: Real): Promise<void> {
    real.now += this.ms;
  }
  toString = () => `clock(+${this.ms})`;
}

const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  fc.constant<Fault>({ kind: 'none' }),
  fc.integer({ min: 1, max: 16 }).map((atTransaction): Fault => ({ kind: 'crash', atTransaction })),
  fc.constantFrom<Fault>(
    { kind: 'rate-limit', retryAfterSeconds: 30 },
    { kind: 'rate-limit', retryAfterSeconds: 66_975 },
    { kind: 'token-expired' },
  ),
  fc.integer({ min: 1, max: BODY.length - 1 }).map((atByte): Fault => ({ kind: 'truncate', atByte })),
);

const commandsArb = fc.commands(
  [
    faultArb.map((fault) => new SyncCommand(fault)),
    fc.constant(new RestartCommand()),
    fc.constantFrom(60_000, 25 * 60 * 60_000).map((ms) => new ClockCommand(ms)),
  ],
  { maxCommands: MAX_COMMANDS },
);

const databases: string[] = [];
afterAll(async () => {
  for (const name of databases) await Dexie.delete(name);
});

describe('runs under fetch / crash / restart / 429 / token expiry / truncation (model-based)', () => {
  it('after recovery the store equals a clean run’s, nothing is left running and no attempt goes backwards', async () => {
    const clean = new Real(freshDbName());
    databases.push(clean.name);
    await clean.open();
    const cleanRun = await clean.sync({ kind: 'none' });
    expect(cleanRun).not.toBe('died');
    const expected = await snapshot(clean.db);
    expect(expected.contacts.length).toBeGreaterThan(1_000);
    clean.db.close();

    await fc.assert(
      fc.asyncProperty(commandsArb, async (commands) => {
        const real = new Real(freshDbName());
        databases.push(real.name);
        await real.open();
        try {
          await fc.asyncModelRun(() => ({ model: { pausedUntil: null }, real }), commands);
          // Drain: a new tab, past any pause, syncing until a run succeeds.
          await real.restart();
          real.now += 25 * 60 * 60_000;
          let last: RunRecord | 'died' = 'died';
          for (let i = 0; i < MAX_DRAIN_RUNS && (last === 'died' || last.status !== 'succeeded'); i++)
            last = await real.sync({ kind: 'none' });
          expect(last).not.toBe('died');
          expect((last as RunRecord).status).toBe('succeeded');
          expect(await runningRuns(real.db)).toEqual([]);
          expect(await real.db.runBatchOutcomes.count()).toBe(0);
          expect(await snapshot(real.db)).toEqual(expected);
        } finally {
          real.db.close();
        }
      }),
      { numRuns: NUM_RUNS },
    );
  }, 600_000);
});
