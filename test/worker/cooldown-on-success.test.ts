/**
 * S5: only a manual run that completes starts the shared 5-minute cooldown. A manual run that fails,
 * is cancelled or is interrupted (its tab closed mid-download) leaves both buttons usable, so the
 * "run the sync again" its message gives is something the user can do at once.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openAppDB, deleteAppDB } from '../../src/storage/open';
import type { AppDB } from '../../src/storage/db';
import { readCooldown } from '../../src/storage/kv';
import { runningRuns } from '../../src/storage/queries';
import { localRunLock } from '../../src/worker/run-lock';
import { inProcessStack, type InProcessStack } from './in-process-stack';
import { connectMain, openTab, origin, type Origin, value } from './support/tabs';

/** Longer than any test waits: the run is still waiting for XPM when it is cancelled. */
const SLOW_ANSWER_MS = 30_000;
/** A few kilobytes of the client list: the download has started, and stops there. */
const PART_OF_THE_LIST_BYTES = 8_000;
/** Generous: runs download and commit a small practice on a busy machine. */
const RUN_WAIT_MS = 60_000;

let db: AppDB;
let stack: InProcessStack;
let o: Origin;

beforeEach(async () => {
  db = await openAppDB(`cooldown-${crypto.randomUUID()}`);
  stack = inProcessStack();
  o = origin(db, stack);
});

afterEach(async () => {
  db.close();
  await deleteAppDB(db.name);
});

async function connectedTab() {
  const tab = openTab(o);
  value(await tab.configure(stack.config));
  await connectMain(tab, stack);
  value(await tab.runSync('full', 'first'));
  return tab;
}

async function cooldownStarted(): Promise<boolean> {
  return ((await readCooldown(db)).manualRunStartedAt ?? null) !== null;
}

describe('the manual cooldown starts only when a manual run completes (S5)', () => {
  it('a first sync then a completed Resync Now starts it (the control case)', async () => {
    const tab = await connectedTab();
    expect(await cooldownStarted()).toBe(false);
    value(await tab.runSync('incremental', 'manual'));
    expect(await cooldownStarted()).toBe(true);
    expect(await tab.runSync('full', 'manual')).toMatchObject({ ok: false, error: { code: 'sync/cooldown' } });
  });

  it('a failed Resync Now does not start it: Resync All right after is accepted', async () => {
    const tab = await connectedTab();
    // Every attempt of the run's client download fails (5 attempts, S9).
    stack.sandbox.controls.fault({ kind: 'status', status: 503, endpoint: 'client.api/list', times: 10 });
    const failed = await tab.runSync('incremental', 'manual');
    expect(failed).toMatchObject({ ok: false, error: { code: 'xpm/server-error' } });
    expect(await cooldownStarted()).toBe(false);
    await stack.idle();
    stack.sandbox.controls.clearFaults();
    value(await tab.runSync('full', 'manual'));
    expect(await cooldownStarted()).toBe(true);
  });

  it('a cancelled Resync All does not start it: Resync Now right after is accepted', async () => {
    const tab = await connectedTab();
    stack.sandbox.controls.fault({ kind: 'latency', ms: SLOW_ANSWER_MS, endpoint: 'client.api/list' });
    const running = tab.runSync('full', 'manual');
    await vi.waitFor(async () => expect(await runningRuns(db)).toHaveLength(1), { timeout: RUN_WAIT_MS });
    value(await tab.cancelSync());
    expect(await running).toMatchObject({ ok: false, error: { code: 'sync/cancelled' } });
    expect(await cooldownStarted()).toBe(false);
    // The latency fault held only the cancelled run's request; this run is answered at once.
    value(await tab.runSync('incremental', 'manual'));
    expect(await cooldownStarted()).toBe(true);
  });

  it('a Resync All interrupted by its tab closing does not start it: the next tab’s Resync Now is accepted', async () => {
    await connectedTab();
    let stalled: () => void = () => undefined;
    const reached = new Promise<void>((resolve) => {
      stalled = resolve;
    });
    // The tab that closes: its client download stops part way and never continues.
    const closing = openTab(o, {
      fetch: async (input, init) => {
        const response = await stack.appFetch(input, init);
        if (!new Request(input, init).url.includes('client.api/list') || !response.body) return response;
        const reader = response.body.getReader();
        let sent = 0;
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            if (sent >= PART_OF_THE_LIST_BYTES) {
              stalled();
              return new Promise<void>(() => undefined);
            }
            const next = await reader.read();
            if (next.done) return controller.close();
            controller.enqueue(next.value);
            sent += next.value.length;
          },
          cancel: (reason) => reader.cancel(reason),
        });
        return new Response(body, { status: response.status, headers: response.headers });
      },
    });
    value(await closing.configure(stack.config));
    void closing.runSync('full', 'manual');
    await reached;
    expect(await runningRuns(db)).toHaveLength(1);
    expect(await cooldownStarted()).toBe(false);

    // The tab is gone (its lock with it). In a new tab, Resync Now is not refused: it finishes the
    // interrupted run first (S7), and that completed manual run is what starts the cooldown.
    const next = openTab(o, { runLock: localRunLock() });
    value(await next.configure(stack.config));
    const pressed = await next.runSync('incremental', 'manual');
    expect(pressed.ok).toBe(true);
    expect(await runningRuns(db)).toHaveLength(0);
    expect(await cooldownStarted()).toBe(true);
  });
});
