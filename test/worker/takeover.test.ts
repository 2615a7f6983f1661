/**
 * S7 in the worker: a run left unfinished by a tab that closed is resumed by the next tab that opens,
 * one left by a frozen tab is taken over by another tab (which steals the run lock), and an
 * interrupted run that cannot continue is settled with a reason. A 2,000-client practice in batches
 * of 500, interrupted part way through the download.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openAppDB, deleteAppDB } from '../../src/storage/open';
import type { AppDB } from '../../src/storage/db';
import { localRunLock } from '../../src/worker/run-lock';
import type { RunRecord } from '../../src/domain/runs';
import { asRunId, asTenantId } from '../../src/domain/ids';
import { newRunRecord } from '../../src/sync/run/run-record';
import { inProcessStack, type InProcessStack } from './in-process-stack';
import { connectMain, openTab, origin, type Origin, value } from './support/tabs';

/** Large enough that the list arrives in many chunks and several batches commit before the stall. */
const CLIENTS = 2_000;
/** Generous: the resumed run downloads and commits a 2,000-client practice on a busy machine. */
const RUN_DONE_TIMEOUT_MS = 120_000;

let db: AppDB;
let stack: InProcessStack;
let o: Origin;

beforeEach(async () => {
  db = await openAppDB(`takeover-${crypto.randomUUID()}`);
  stack = inProcessStack({ clients: CLIENTS });
  o = origin(db, stack);
});

afterEach(async () => {
  db.close();
  await deleteAppDB(db.name);
});

/** About 3.3 KB per detailed client: the list is ~6.6 MB, so this stops about half way. */
const HALF_THE_LIST_BYTES = 3_000_000;

/**
 * A fetch whose client-list body stops after `bytes` until released (a tab that froze or was closed
 * mid-download); cancelling the body still works.
 */
function stallingFetch(bytes: number) {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let stalled: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => {
    stalled = resolve;
  });
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const response = await stack.appFetch(input, init);
    if (!new Request(input, init).url.includes('client.api/list') || !response.body) return response;
    const reader = response.body.getReader();
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent >= bytes) {
          stalled();
          await gate;
        }
        const next = await reader.read();
        if (next.done) return controller.close();
        controller.enqueue(next.value);
        sent += next.value.length;
      },
      cancel: (reason) => reader.cancel(reason),
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };
  return { fetch, release: () => release(), reached };
}

async function onlyRun(): Promise<RunRecord> {
  const runs = await db.runs.toArray();
  expect(runs).toHaveLength(1);
  const [run] = runs;
  if (!run) throw new Error('no run');
  return run;
}

/** Waits until the first run has committed at least `clients` clients (the run record moves with each batch). */
async function committed(clients: number): Promise<RunRecord> {
  return vi.waitFor(
    async () => {
      const run = await onlyRun();
      expect(run.clientsProcessed).toBeGreaterThanOrEqual(clients);
      return run;
    },
    { timeout: RUN_DONE_TIMEOUT_MS, interval: 50 },
  );
}

async function finished(): Promise<RunRecord> {
  return vi.waitFor(
    async () => {
      const run = await onlyRun();
      expect(run.status).not.toBe('running');
      return run;
    },
    { timeout: RUN_DONE_TIMEOUT_MS, interval: 50 },
  );
}

/** What an uninterrupted first sync of the same practice counts, in a database of its own. */
async function cleanCounts(): Promise<RunRecord['counts']> {
  const other = await openAppDB(`takeover-clean-${crypto.randomUUID()}`);
  try {
    const tab = openTab(origin(other, stack));
    value(await tab.configure(stack.config));
    await connectMain(tab, stack);
    return value(await tab.runSync('full', 'first')).counts;
  } finally {
    other.close();
    await deleteAppDB(other.name);
  }
}

describe('runs left unfinished by another tab (S7)', () => {
  it('a closed tab’s first sync is resumed by the next tab that opens, as the same run, with one extra download', async () => {
    const stall = stallingFetch(HALF_THE_LIST_BYTES);
    const a = openTab(o, { fetch: stall.fetch });
    value(await a.configure(stack.config));
    await connectMain(a, stack);
    stack.sandbox.controls.clearRequests();
    void a.runSync('full', 'first');
    await stall.reached;
    const interrupted = await committed(500);
    expect(interrupted).toMatchObject({ status: 'running', clientsProcessed: expect.any(Number) });
    expect(interrupted.clientsProcessed).toBeLessThan(CLIENTS);

    // The tab is closed: its lock goes with it. A new tab opens (a lock of its own: nobody holds it).
    const b = openTab(o, { runLock: localRunLock() });
    value(await b.configure(stack.config));
    // The page's scheduler checks as it starts (and the worker's own watch would too).
    expect(value(await b.runScheduled())).toMatchObject({ ran: true, outcome: { runId: interrupted.id } });
    const run = await finished();
    expect(run).toMatchObject({
      id: interrupted.id,
      status: 'succeeded',
      trigger: 'first',
      kind: 'full',
      startedAt: interrupted.startedAt,
      checkpoint: { attempt: 2 },
    });
    expect(run.checkpoint?.resumedAt).toHaveLength(1);
    expect(stack.sandbox.controls.requests().counts['client.api/list']).toBe(2);
    expect(run.counts).toEqual(await cleanCounts());
  });

  it('a frozen tab’s run is taken over once its heartbeat is 30 s old; the frozen tab ends without writing', async () => {
    const frozenAt = Date.now();
    const stall = stallingFetch(HALF_THE_LIST_BYTES);
    const a = openTab(o, { fetch: stall.fetch, now: () => frozenAt });
    value(await a.configure(stack.config));
    await connectMain(a, stack);
    const first = a.runSync('full', 'first');
    await stall.reached;
    await committed(500);

    // Another tab, still within the heartbeat window: the run is alive, nothing happens.
    let now = frozenAt + 10_000;
    const b = openTab(o, { now: () => now });
    value(await b.configure(stack.config));
    expect((await onlyRun()).checkpoint?.attempt).toBe(1);

    // 31 s without a heartbeat: the next check takes it over.
    now = frozenAt + 31_000;
    const outcome = value(await b.runScheduled());
    expect(outcome).toMatchObject({ ran: true });
    const run = await onlyRun();
    expect(run).toMatchObject({ status: 'succeeded', checkpoint: { attempt: 2 } });
    expect(await first).toMatchObject({ ok: false, error: { code: 'sync/taken-over' } });
    stall.release(); // the frozen tab's body, if it ever reads on, changes nothing
    expect(await onlyRun()).toEqual(run);
    expect(run.counts).toEqual(await cleanCounts());
  });

  it('Resync Now pressed while an interrupted run waits finishes that run first', async () => {
    // This tab is configured; the other tab's run is found by the button press itself.
    const b = openTab(o, { runLock: localRunLock() });
    value(await b.configure(stack.config));
    const stall = stallingFetch(HALF_THE_LIST_BYTES);
    const a = openTab(o, { fetch: stall.fetch });
    value(await a.configure(stack.config));
    await connectMain(a, stack);
    void a.runSync('full', 'first');
    await stall.reached;
    const interrupted = await committed(500);
    // The other tab is closed; the user presses Resync Now here.
    const outcome = value(await b.runSync('incremental', 'manual'));
    expect(outcome.runId).toBe(interrupted.id);
    expect(await onlyRun()).toMatchObject({ status: 'succeeded', trigger: 'first', checkpoint: { attempt: 2 } });
  });

  it('an interrupted run of a practice that is no longer connected is settled with the reason, not resumed', async () => {
    const a = openTab(o);
    value(await a.configure(stack.config));
    await connectMain(a, stack);
    const other = asTenantId('99999999-9999-4999-8999-999999999999');
    const orphan = newRunRecord({ id: asRunId('orphan'), kind: 'full', trigger: 'manual', tenantId: other, now: 1 });
    await db.runs.put(orphan);
    expect(value(await a.runScheduled())).toMatchObject({ ran: false });
    expect(await db.runs.get(orphan.id)).toMatchObject({
      status: 'abandoned',
      error: { code: 'sync/interrupted' },
      checkpoint: { attempt: 2 },
    });
    expect(stack.sandbox.controls.requests().counts['client.api/list'] ?? 0).toBe(0);
  });
});
