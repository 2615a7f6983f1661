/**
 * M6: a tab's worker loads the store's key index once, right after it starts, so the first run after
 * the app opens finds it warm instead of loading it while XPM's answer waits — without holding the
 * run lock (a Resync Now pressed at that moment is never refused as busy).
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openAppDB, deleteAppDB } from '../../src/storage/open';
import type { AppDB } from '../../src/storage/db';
import { DexieSyncStore } from '../../src/storage/sync-store';
import { inProcessStack, type InProcessStack } from './in-process-stack';
import { connectMain, openTab, origin, type Origin, value } from './support/tabs';

/** Several batches and segments: a key index worth warming. */
const CLIENTS = 600;

let db: AppDB;
let stack: InProcessStack;
let o: Origin;

beforeEach(async () => {
  db = await openAppDB(`warm-${crypto.randomUUID()}`);
  stack = inProcessStack({ clients: CLIENTS });
  o = origin(db, stack);
});

afterEach(async () => {
  vi.restoreAllMocks();
  db.close();
  await deleteAppDB(db.name);
});

describe('the key index is warmed when a worker starts', () => {
  it('loads it once at the first check, not under the run lock; the first run then does not load it again', async () => {
    const first = openTab(o);
    value(await first.configure(stack.config));
    await connectMain(first, stack);
    value(await first.runSync('full', 'first'));

    // A tab opened later (a reload): its worker has no index in memory.
    // Only the index load reads the sources' keys rows (the lists' first rows read the others).
    let keysRowsRead = 0;
    db.sourceKeys.hook('reading', (row) => {
      keysRowsRead += 1;
      return row;
    });
    const checks: Array<() => void> = [];
    const loads = vi.spyOn(DexieSyncStore.prototype, 'loadKeyIndex');
    const locked = vi.spyOn(o.runLock, 'tryRun');
    const tab = openTab(o, { repeat: (fn) => checks.push(fn) });
    value(await tab.configure(stack.config));
    expect(checks).toHaveLength(1);
    checks[0]?.();
    await vi.waitFor(() => expect(loads).toHaveBeenCalledTimes(1));
    await loads.mock.results[0]?.value;
    expect(locked).not.toHaveBeenCalled();
    const rows = await db.sourceKeys.count();
    expect(rows).toBeGreaterThan(1);
    expect(keysRowsRead).toBe(rows);

    // The next check does not load it again; the first Resync Now finds it warm and reads no keys row.
    checks[0]?.();
    keysRowsRead = 0;
    value(await tab.runSync('incremental', 'manual'));
    expect(keysRowsRead).toBe(0);
    expect(loads).toHaveBeenCalledTimes(2); // the run's own call, answered from memory
  });
});
