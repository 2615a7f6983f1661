import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, toWireError } from '../../src/domain/errors';
import type { AppDB } from '../../src/storage/db';
import { DB_NAME, AppDB as AppDBClass } from '../../src/storage/db';
import { openAppDB } from '../../src/storage/open';
import { QUOTA_MESSAGE } from '../../src/storage/storage-errors';
import { classifyTransactionFailure, DexieSyncStore } from '../../src/storage/sync-store';
import type { SyncState } from '../../src/domain/sync-state';
import { INITIAL_SYNC_STATE } from '../../src/domain/sync-state';
import { change, client, contact, logEntry, run, staff } from '../contracts/records';
import { destroy, dumpDexie, freshDbName, tableCounts } from './support/dexie';
import { openProbedDB, quotaError, type StorageProbe } from './support/probe';
import { lcids, rid } from '../support/ids';
import { storedContacts } from './support/records';

const CHECKPOINT: SyncState = { ...INITIAL_SYNC_STATE, watermark: '2026-01-05T09:00:00Z', lastRunId: rid('r0') };

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected a rejection'),
    (error: unknown) => error,
  );
}

function expectAppError(error: unknown, code: AppError['code']): AppError {
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect(appError.code).toBe(code);
  return appError;
}

describe('DexieSyncStore failures', () => {
  let db: AppDB;
  let probe: StorageProbe;
  let store: DexieSyncStore;

  beforeEach(async () => {
    ({ db, probe } = await openProbedDB(freshDbName()));
    store = new DexieSyncStore(db);
    await store.transact(async (tx) => {
      await tx.putContacts([contact('a'), contact('b')]);
      await tx.putClients([client('x1')]);
      await tx.putStaff([staff('s1')]);
      await tx.addChanges([change('a', 'r0')]);
      await tx.addLog([logEntry('r0', 1)]);
      await tx.putRun(run('r0'));
      await tx.putState(CHECKPOINT);
    });
  });

  afterEach(async () => {
    await destroy(db);
  });

  /** A page commit as the engine makes it: records, log, changes, run progress and checkpoint. */
  const pageCommit = () =>
    store.transact(async (tx) => {
      await tx.putContacts([contact('a', { name: 'Changed' }), contact('p1'), contact('p2')]);
      await tx.putClients([client('x2')]);
      await tx.addChanges([change('a', 'r1')]);
      await tx.addLog([logEntry('r1', 1), logEntry('r1', 2)]);
      await tx.putRun(run('r1', { clientsProcessed: 50 }));
      await tx.putState({ ...CHECKPOINT, watermark: '2026-02-01T00:00:00Z', lastRunId: rid('r1') });
      return 'committed';
    });

  describe('quota (DB-2)', () => {
    const cases = [
      // The writes of a page commit, in order: changes, the log row, the run, the checkpoint, then
      // (at the end of the transaction) the contact and client segments with their keys rows and the
      // store generation.
      { label: 'the 1st write (changes bulkAdd) is refused', atWrite: 1, mode: 'reject' },
      { label: 'the 5th write (contact segments bulkPut) is refused', atWrite: 5, mode: 'reject' },
      {
        label: 'the transaction aborts after the last write (commit-time quota)',
        atWrite: 9,
        mode: 'abort-transaction',
      },
      { label: 'the transaction aborts mid-batch and the next request fails', atWrite: 2, mode: 'abort-transaction' },
    ] as const;

    for (const { label, atWrite, mode } of cases) {
      it(`${label}: storage/quota, nothing saved, later transactions work`, async () => {
        const before = await dumpDexie(db);
        const countsBefore = await tableCounts(db);
        probe.failWrite({ atWrite, mode, error: quotaError });

        const error = expectAppError(await rejectionOf(pageCommit()), 'storage/quota');
        expect(error.message).toBe(QUOTA_MESSAGE);
        expect(error.message).toMatch(/ran out of storage space for this site/);
        expect(error.message).toMatch(/nothing from this batch was saved/);
        expect(error.cause).toBeDefined();
        expect(toWireError(error)).toMatchObject({ code: 'storage/quota', retryable: false });

        expect(await tableCounts(db)).toEqual(countsBefore);
        expect(await dumpDexie(db)).toEqual(before);
        expect(await store.readState()).toEqual(CHECKPOINT);

        expect(await pageCommit()).toBe('committed');
        expect((await store.readState()).lastRunId).toBe('r1');
      });
    }

    it('a refused write that the callback swallows still aborts the batch', async () => {
      const before = await dumpDexie(db);
      probe.failWrite({ atWrite: 1, mode: 'reject', table: 'changes', error: quotaError });

      const error = await rejectionOf(
        store.transact(async (tx) => {
          await tx.putContacts([contact('p1')]);
          await tx.addChanges([change('p1', 'r1')]).catch(() => undefined);
          await tx.putState({ ...CHECKPOINT, lastRunId: rid('r1') });
        }),
      );

      expectAppError(error, 'storage/quota');
      expect(await dumpDexie(db)).toEqual(before);
    });

    it('a quota failure of putRun outside a transaction is storage/quota too', async () => {
      probe.failWrite({ atWrite: 1, mode: 'reject', error: quotaError });
      expectAppError(await rejectionOf(store.putRun(run('r0', { heartbeatAt: 5 }))), 'storage/quota');
      expect(await store.getRun(rid('r0'))).toEqual(run('r0'));
    });

    it('recognises quota as a Dexie AbortError .inner, a BulkError failure, or directly', () => {
      const quota = quotaError();
      const wrapped = new Dexie.AbortError('Transaction aborted', quota);
      const bulk = new Dexie.BulkError('1 of 2 operations failed', { 1: quota });
      for (const error of [quota, wrapped, bulk]) {
        expectAppError(classifyTransactionFailure(error, null), 'storage/quota');
      }
      const followOn = new Dexie.InvalidStateError('transaction is aborted');
      expectAppError(classifyTransactionFailure(followOn, quota), 'storage/quota');
    });
  });

  describe('other failures', () => {
    it('an IndexedDB failure becomes storage/failed with the cause attached, and rolls back', async () => {
      const before = await dumpDexie(db);
      probe.failWrite({ atWrite: 2, mode: 'reject', error: () => new DOMException('disk gone', 'UnknownError') });

      const error = expectAppError(await rejectionOf(pageCommit()), 'storage/failed');
      expect(error.cause).toBeInstanceOf(Dexie.DexieError);
      expect((error.cause as Error).name).toBe('UnknownError');
      expect(await dumpDexie(db)).toEqual(before);
    });

    it('errors of the callback itself pass through unchanged (a bug, a cancellation)', async () => {
      const bug = new TypeError('cannot read x of undefined');
      expect(await rejectionOf(store.transact(async () => Promise.reject(bug)))).toBe(bug);

      const cancelled = new DOMException('The run was cancelled.', 'AbortError');
      const error = await rejectionOf(
        store.transact(async (tx) => {
          await tx.putContacts([contact('c')]);
          throw cancelled;
        }),
      );
      expect(error).toBe(cancelled);
      expect(toWireError(error).code).toBe('sync/cancelled');
    });

    it('a closed database (another tab upgraded it) fails reads and writes with storage/failed', async () => {
      db.close();
      expectAppError(await rejectionOf(store.readState()), 'storage/failed');
      expectAppError(await rejectionOf(store.getRun(rid('r0'))), 'storage/failed');
      expectAppError(await rejectionOf(store.putRun(run('r9'))), 'storage/failed');
      expectAppError(await rejectionOf(pageCommit()), 'storage/failed');
    });
  });

  describe('non-IndexedDB work inside a transaction', () => {
    const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

    it('awaiting a timer before returning is reported as an internal error (PrematureCommitError)', async () => {
      const error = expectAppError(
        await rejectionOf(
          store.transact(async (tx) => {
            await tx.putState({ ...CHECKPOINT, lastRunId: rid('premature') });
            await sleep(10);
          }),
        ),
        'internal',
      );
      expect((error.cause as Error).name).toBe('PrematureCommitError');
    });

    it('awaiting a timer between writes is an internal error, and the writes before it were committed', async () => {
      const error = expectAppError(
        await rejectionOf(
          store.transact(async (tx) => {
            await tx.putContacts([contact('before-await')]);
            await sleep(10);
            await tx.putContacts([contact('after-await')]);
          }),
        ),
        'internal',
      );
      expect((error.cause as Error).name).toBe('TransactionInactiveError');
      // Segments are written once, at the end of the transaction, so a callback that breaks the rule
      // loses its whole batch rather than committing half of it.
      const ids = (await storedContacts(db)).map((c) => c.id);
      expect(ids).not.toContain('before-await');
      expect(ids).not.toContain('after-await');
    });
  });

  describe('transaction shape', () => {
    it('is one read-write transaction over every sync table, with strict durability (DB-3, DB-4)', async () => {
      const seen = await store.transact(async (tx) => {
        await tx.getState();
        const trans = Dexie.currentTransaction;
        return { mode: trans.mode, stores: [...trans.storeNames].sort(), durability: trans.idbtrans.durability };
      });
      expect(seen).toEqual({
        mode: 'readwrite',
        stores: [
          'changes',
          'clientKeys',
          'clientSegments',
          'contactKeys',
          'contactSegments',
          'kv',
          'runBatchOutcomes',
          'runLogParts',
          'runs',
          'sourceKeys',
          'sourceSegments',
          'staff',
        ],
        durability: 'strict',
      });
    });

    it('refuses a database opened without strict durability', async () => {
      const relaxed = new AppDBClass(freshDbName());
      expect(() => new DexieSyncStore(relaxed)).toThrow(AppError);
      relaxed.close();
    });

    it('openAppDB sets strict durability on the connection', async () => {
      const opened = await openAppDB(freshDbName());
      expect(opened.durability).toBe('strict');
      expect(opened.name).not.toBe(DB_NAME);
      await destroy(opened);
    });

    it('empty key and record lists never reach IndexedDB', async () => {
      // Every transaction reads the store generation once (is the warm key index still valid?).
      await store.transact(async () => undefined);
      probe.reset();
      await store.transact(async () => undefined);
      const baseline = { reads: probe.reads, writes: probe.writes };
      expect(baseline).toEqual({ reads: 1, writes: 0 });
      probe.reset();
      await store.transact(async (tx) => {
        await tx.contactsByIds([]);
        await tx.clientsByIds([]);
        await tx.deleteStaff([]);
        await tx.putContacts([]);
        await tx.putClients([]);
        await tx.putStaff([]);
        await tx.addChanges([]);
        await tx.addLog([]);
      });
      expect({ reads: probe.reads, writes: probe.writes }).toEqual(baseline);
    });

    it('reading several contacts by id costs one request', async () => {
      await store.transact((tx) => tx.putContacts([contact('m'), contact('n')]));
      probe.reset();
      const found = await store.transact((tx) => tx.contactsByIds(lcids('m', 'n', 'missing')));
      expect(found.map((c) => c.id)).toEqual(['m', 'n']);
      // The generation check, and one read of the segment that holds both.
      expect(probe.reads).toBe(2);
    });
  });
});
