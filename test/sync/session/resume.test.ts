/**
 * S7 in the engine: a run interrupted at any commit and then resumed as itself ends with exactly what
 * an uninterrupted run gives — the same records, counts, log and fix-list — and the resumed attempt
 * writes no record the interrupted one had already committed.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { XpmClient, XpmStaff } from '../../../src/xero/types';
import { MemoryStore } from '../../../src/sync/memory-store';
import { SyncSession, sessionResume, type SessionResume } from '../../../src/sync/session/session';
import { newRunRecord } from '../../../src/sync/run/run-record';
import type { StoreTx, SyncStore } from '../../../src/sync/ports';
import { DEFAULT_SYNC_OPTIONS } from '../../../src/domain/settings';
import type { RunCounts, RunRecord } from '../../../src/domain/runs';
import { canonicalContacts, STAFF } from '../engine-harness';
import { xpmClient, xpmContact, xpmStaff } from '../evaluate/fixtures';
import { practiceArb } from '../practice-arbitraries';
import { rid, tid } from '../../support/ids';
import { bindTx } from '../support/bind-tx';

const RUN = rid('run-resumed');
const TENANT = tid('11111111-2222-4333-8444-555555555555');
const STARTED_AT = 1_000_000;
/** Staff with a finding, so the staff batch writes to the log too. */
const STAFF_WITH_FINDING: XpmStaff[] = [...STAFF, xpmStaff({ uuid: 'staff-bad', name: 'No Email', email: 'nope' })];

/** Counts the records each committed transaction wrote (a transaction that did not land counts nothing). */
class CountingStore implements SyncStore {
  written = { contacts: 0, clients: 0, sources: 0 };

  constructor(readonly inner: MemoryStore) {}

  readState = () => this.inner.readState();
  putRun = (run: RunRecord) => this.inner.putRun(run);
  getRun = (id: RunRecord['id']) => this.inner.getRun(id);
  batchOutcomes = (id: RunRecord['id']) => this.inner.batchOutcomes(id);
  loadKeyIndex = () => this.inner.loadKeyIndex();
  pruneRunHistory: SyncStore['pruneRunHistory'] = (policy, now) => this.inner.pruneRunHistory(policy, now);

  async transact<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    const staged = { contacts: 0, clients: 0, sources: 0 };
    const result = await this.inner.transact((tx) =>
      fn({
        ...bindTx(tx),
        putContacts: (records) => {
          staged.contacts += records.length;
          return tx.putContacts(records);
        },
        putClients: (records) => {
          staged.clients += records.length;
          return tx.putClients(records);
        },
        putSourceStates: (states) => {
          staged.sources += states.length;
          return tx.putSourceStates(states);
        },
      }),
    );
    this.written.contacts += staged.contacts;
    this.written.clients += staged.clients;
    this.written.sources += staged.sources;
    return result;
  }
}

/** One attempt of the run over `clients`; rejects where the store refuses a commit (the tab "died" there). */
/** Findings listed per run in these tests. */
const LOG_CAP = 4;

async function attempt(
  store: SyncStore,
  clients: readonly XpmClient[],
  opts: { batchSize: number; attempt: number; resume?: SessionResume; ids: { next: number } },
): Promise<RunCounts> {
  const session = new SyncSession(
    { store, clock: { now: () => STARTED_AT, sleep: async () => undefined }, newId: () => `id-${++opts.ids.next}` },
    {
      runId: RUN,
      fullPass: true,
      options: DEFAULT_SYNC_OPTIONS,
      startedAt: STARTED_AT,
      ...(opts.resume ? { resume: opts.resume } : {}),
      // Small, so the log's cap falls inside most generated runs and must survive the resume.
      logCap: LOG_CAP,
    },
  );
  const base = newRunRecord({ id: RUN, kind: 'full', trigger: 'manual', tenantId: TENANT, now: STARTED_AT });
  const run = (): RunRecord => ({
    ...base,
    checkpoint: { tenantId: TENANT, attempt: opts.attempt, resumedAt: [] },
    counts: session.counts(),
    ...session.findingsSummary(),
  });
  await session.applyStaff(STAFF_WITH_FINDING, run);
  for (let i = 0; i < clients.length; i += opts.batchSize) {
    await session.applyClients(clients.slice(i, i + opts.batchSize), run);
  }
  return session.finish({
    state: (s) => ({ ...s, lastRunId: RUN }),
    run: (counts) => ({ ...run(), status: 'succeeded', counts }),
  });
}

interface Outcome {
  readonly counts: RunCounts;
  readonly store: MemoryStore;
  readonly written: CountingStore['written'];
}

async function cleanRun(clients: readonly XpmClient[], batchSize: number): Promise<Outcome> {
  const store = new CountingStore(new MemoryStore());
  const counts = await attempt(store, clients, { batchSize, attempt: 1, ids: { next: 0 } });
  return { counts, store: store.inner, written: store.written };
}

/** The run dies at commit `crashAt` (1: the staff batch), then a second attempt resumes it. */
async function interruptedRun(clients: readonly XpmClient[], batchSize: number, crashAt: number): Promise<Outcome> {
  let armed = true;
  const inner = new MemoryStore({
    beforeCommit: (n) => {
      if (armed && n === crashAt) throw new Error('the tab was closed');
    },
  });
  const store = new CountingStore(inner);
  const ids = { next: 0 };
  try {
    const counts = await attempt(store, clients, { batchSize, attempt: 1, ids });
    return { counts, store: inner, written: store.written }; // crashAt was past the last commit
  } catch {
    armed = false;
  }
  const resume = sessionResume(await inner.batchOutcomes(RUN));
  const counts = await attempt(store, clients, { batchSize, attempt: 2, resume, ids });
  return { counts, store: inner, written: store.written };
}

const withoutTimes = <T extends { createdAt: number; updatedAt: number }>({
  createdAt: _c,
  updatedAt: _u,
  ...rest
}: T) => rest;

function expectSameResult(resumed: Outcome, clean: Outcome): void {
  expect(resumed.counts).toEqual(clean.counts);
  expect(canonicalContacts([...resumed.store.contacts.values()])).toEqual(
    canonicalContacts([...clean.store.contacts.values()]),
  );
  expect(resumed.store.records().clients.map(withoutTimes)).toEqual(clean.store.records().clients.map(withoutTimes));
  expect(resumed.store.records().staff.map(withoutTimes)).toEqual(clean.store.records().staff.map(withoutTimes));
  expect(resumed.store.log).toEqual(clean.store.log);
  expect(resumed.store.fixList()).toEqual(clean.store.fixList());
  // The log's cap and the complete counts by reason carry across the resume.
  const findings = (outcome: Outcome) => {
    const run = outcome.store.runs.get(RUN);
    return { byReason: run?.findingsByReason, notLogged: run?.findingsNotLogged };
  };
  expect(findings(resumed)).toEqual(findings(clean));
  expect(resumed.store.state.lastRunId).toBe(RUN);
  // Nothing written twice: the committed batches are skipped, the rest is written as a clean run does.
  expect(resumed.written).toEqual(clean.written);
  // The run has ended: what its batches did is not kept.
  expect(resumed.store.batchOutcomeRows.size).toBe(0);
}

/** Clients XPM sent with neither a UUID nor an ID: evaluated on every attempt, logged once. */
const keyless = (n: number): XpmClient =>
  xpmClient({ uuid: '', numericId: '', name: `No Id ${n}`, clientCode: `NOID${n}`, contacts: [] });

const practiceWithKeyless: fc.Arbitrary<XpmClient[]> = fc
  .tuple(practiceArb, fc.array(fc.nat(), { maxLength: 3 }))
  .map(([clients, positions]) => {
    const out = [...clients];
    for (const [n, p] of positions.entries()) out.splice(p % (out.length + 1), 0, keyless(n));
    return out;
  });

describe('resuming an interrupted run (S7)', () => {
  it('at any commit, ends as an uninterrupted run: records, counts, log, fix-list, and no record written twice', async () => {
    await fc.assert(
      fc.asyncProperty(
        practiceWithKeyless,
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 10 }),
        async (clients, batchSize, crashAt) => {
          const clean = await cleanRun(clients, batchSize);
          const resumed = await interruptedRun(clients, batchSize, crashAt);
          expectSameResult(resumed, clean);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('2,400 clients in batches of 100, interrupted half way: the second attempt evaluates only the rest', async () => {
    // Shared people across clients, so batches on both sides of the interruption touch the same records.
    const clients = Array.from({ length: 2_400 }, (_, i) =>
      xpmClient({
        uuid: `client-${i}`,
        name: `Client ${i}`,
        clientCode: `C${i}`,
        contacts: [
          xpmContact({ uuid: `person-${i}`, name: `Person ${i}`, email: `p${i}@x.com` }),
          xpmContact({ uuid: `shared-${i % 50}`, name: `Shared ${i % 50}`, email: `s${i % 50}@x.com` }),
          ...(i % 7 === 0 ? [xpmContact({ uuid: `bad-${i}`, name: '', email: 'not-an-email' })] : []),
        ],
      }),
    );
    clients.splice(1_000, 0, keyless(1));
    const clean = await cleanRun(clients, 100);
    const resumed = await interruptedRun(clients, 100, 13); // staff + 11 client batches committed
    expectSameResult(resumed, clean);
    expect(resumed.counts.contact.imported).toBe(2_400 + 50);
    expect(resumed.counts.contact.rejected).toBeGreaterThan(300);
  });

  it('a resumed session starts from the committed batches: their counts, the log position, the keyless clients logged', () => {
    const resume = sessionResume([
      { runId: RUN, batch: 0, notes: [['staff', 's1', 'imported']], keylessLogged: 0, logNext: 2 },
      { runId: RUN, batch: 1, notes: [['contact', 'c1', 'imported']], keylessLogged: 1, logNext: 5 },
      {
        runId: RUN,
        batch: 3,
        notes: [['client', 'k1', 'updated']],
        keylessLogged: 2,
        logNext: 9,
        findings: { rejection: { 'name-missing': 2 } },
        clients: 7,
      },
    ]);
    expect(resume).toEqual({
      findings: { rejection: { 'name-missing': 2 } },
      notes: [
        ['staff', 's1', 'imported'],
        ['contact', 'c1', 'imported'],
        ['client', 'k1', 'updated'],
      ],
      batches: 4,
      keylessLogged: 3,
      logNext: 9,
      clients: 7, // rows of older versions carry no count
    });
  });
});
