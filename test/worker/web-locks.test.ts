/**
 * Locks fail closed (issue M8 item 6): without Web Locks the worker refuses syncs and token
 * refreshes with a reason, instead of taking a lock that only its own tab would see.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncApi } from '../../src/worker/api';
import { workerLocks } from '../../src/worker/web-locks';
import { RUN_LOCK_NAME } from '../../src/worker/run-lock';
import { REFRESH_LOCK_NAME } from '../../src/worker/xero-auth';
import { localControlHub } from '../../src/worker/control-channel';
import { openAppDB, deleteAppDB } from '../../src/storage/open';
import type { AppDB } from '../../src/storage/db';
import { readConnection, readCooldown, writeConnection } from '../../src/storage/kv';
import type { SyncApi } from '../../src/worker/protocol';
import type { Result } from '../../src/domain/result';
import { MAIN_PRACTICE_NAME } from '../../proxy/sandbox';
import { inProcessStack, type InProcessStack } from './in-process-stack';

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

const REFUSAL = {
  ok: false,
  error: { code: 'sync/unsupported-browser', message: expect.stringContaining('does not offer Web Locks') },
};

describe('without Web Locks', () => {
  let db: AppDB;
  let stack: InProcessStack;
  let api: SyncApi;
  let dbCount = 0;

  beforeEach(async () => {
    db = await openAppDB(`web-locks-${++dbCount}`);
    stack = inProcessStack();
    api = createSyncApi({
      db,
      fetch: stack.appFetch,
      now: () => Date.now(),
      sleep: async () => undefined,
      random: () => 0.5,
      newId: () => crypto.randomUUID(),
      ...workerLocks(undefined),
      control: localControlHub().channel(),
      repeat: () => undefined,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    // The app still opens (settling abandoned runs asks whether a run lock is held).
    value(await api.configure(stack.config));
    const { url, pending } = value(await api.beginAuthorization('http://localhost:4173/callback'));
    const practices = value(await api.completeAuthorization(await stack.consent(url), pending)).practices;
    const main = practices.find((p) => p.name === MAIN_PRACTICE_NAME);
    if (!main) throw new Error('main practice not offered');
    value(await api.choosePractice(main, ''));
    stack.sandbox.controls.clearRequests();
  });

  afterEach(async () => {
    db.close();
    await deleteAppDB(db.name);
  });

  it('refuses every kind of run, says why, and sends nothing to XPM', async () => {
    expect(await api.runSync('full', 'first')).toMatchObject(REFUSAL);
    expect(await api.runSync('incremental', 'manual')).toMatchObject(REFUSAL);
    // An hourly run is due for a practice whose first sync was started (in a browser with locks).
    await writeConnection(db, { ...(await readConnection(db)), firstSyncStarted: true });
    expect(await api.runScheduled()).toMatchObject(REFUSAL);
    expect(stack.sandbox.controls.requests().totals.all).toBe(0);
    expect(await db.runs.count()).toBe(0);
    // A refused manual run does not start the shared cooldown.
    expect((await readCooldown(db)).manualRunStartedAt ?? null).toBeNull();
  });

  it('refuses a token refresh rather than risk two tabs spending one refresh token', async () => {
    stack.sandbox.controls.fault({ kind: 'expire-tokens' });
    expect(await api.preview()).toMatchObject(REFUSAL);
    expect(stack.sandbox.controls.requests().counts['token:refresh_token'] ?? 0).toBe(0);
    expect((await readConnection(db)).status).toBe('connected');
  });
});

describe('with Web Locks', () => {
  it('takes the run and refresh locks from navigator.locks', async () => {
    const requested: Array<{ name: string; options: LockOptions }> = [];
    const manager = {
      request: async (name: string, options: LockOptions, callback: (lock: Lock | null) => Promise<unknown>) => {
        requested.push({ name, options });
        return callback({ name, mode: options.mode ?? 'exclusive' } as Lock);
      },
      query: async () => ({ held: [{ name: RUN_LOCK_NAME, mode: 'exclusive', clientId: 'tab' }], pending: [] }),
    } as unknown as LockManager;
    const { locks, runLock } = workerLocks(manager);
    expect(await runLock.tryRun(async () => 'ran')).toEqual({ acquired: true, value: 'ran' });
    expect(await locks.run(REFRESH_LOCK_NAME, async () => 'refreshed')).toBe('refreshed');
    expect(await runLock.isHeld()).toBe(true);
    expect(requested).toEqual([
      { name: RUN_LOCK_NAME, options: { ifAvailable: true } },
      { name: REFRESH_LOCK_NAME, options: { mode: 'exclusive' } },
    ]);
  });
});
