/**
 * The behaviour every SyncStore must have. The in-memory store (engine tests, command line) and the
 * Dexie store (browser) both run this suite, so the fast twin cannot drift from the real one.
 *
 * The port cannot read field changes or the run log back, so a fixture also supplies `dump()`: a
 * plain-data view of everything the store holds, used to prove that a failed transaction left no
 * trace in any table.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors';
import type { ClientRecord, ContactRecord, FieldChange, StaffRecord } from '../../src/domain/records';
import type { RunLogEntry, RunRecord } from '../../src/domain/runs';
import type { SyncState } from '../../src/domain/sync-state';
import type { FixEntry, SourceState } from '../../src/domain/fix-list';
import { INITIAL_SYNC_STATE } from '../../src/domain/sync-state';
import type { StoreTx, SyncStore } from '../../src/sync/ports';
import { MAX_KEEP_RUN_LOG_DAYS, PRUNE_RUNS_PER_PIECE, RUN_RECORDS_KEPT } from '../../src/domain/retention';
import { change, client, contact, ids, logEntry, run, staff, storedWords } from './records';
import { lcids, lclids, rid, skey, xcid, xsid } from '../support/ids';
import { idsAt } from '../../src/sync/session/key-index';
import type { KeyIds } from '../../src/sync/ports';

/** Everything a store holds: records, runs and log sorted by key, changes in the order written. */
export interface StoreDump {
  readonly contacts: readonly ContactRecord[];
  readonly clients: readonly ClientRecord[];
  /** The fix-list state per XPM client, by client id. */
  readonly sources: readonly SourceState[];
  readonly unattributed: readonly FixEntry[];
  readonly staff: readonly StaffRecord[];
  readonly changes: readonly FieldChange[];
  readonly log: readonly RunLogEntry[];
  readonly runs: readonly RunRecord[];
  readonly state: SyncState;
}

export interface SyncStoreFixture {
  readonly store: SyncStore;
  dump(): Promise<StoreDump>;
  /**
   * The same data opened afresh (another worker, or the app started again): its key index is rebuilt
   * from what the store keeps. A store without persistence returns itself.
   */
  reopen(): Promise<SyncStore>;
  teardown(): Promise<void>;
}

/** The rejection of `promise`, or a failure if it resolved. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected the transaction to fail'),
    (error: unknown) => error,
  );
}

const STATE_A: SyncState = {
  watermark: '2026-01-05T09:00:00Z',
  lastSuccessAt: 1_767_603_600_000,
  lastFullSuccessAt: 1_767_603_600_000,
  lastRunId: rid('run-a'),
  pausedUntil: null,
};

export function runSyncStoreContract(name: string, setup: () => Promise<SyncStoreFixture>): void {
  describe(`SyncStore contract: ${name}`, () => {
    let fixture: SyncStoreFixture;
    let store: SyncStore;

    beforeEach(async () => {
      fixture = await setup();
      store = fixture.store;
    });

    afterEach(async () => {
      await fixture.teardown();
    });

    /** Commits `fn` in its own transaction. */
    const commit = (fn: (tx: StoreTx) => Promise<unknown>): Promise<unknown> => store.transact(fn);
    /** Runs a read in its own transaction. */
    const read = <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> => store.transact(fn);
    /** The committed lookup keys, as a full pass sees them (SyncStore.loadKeyIndex). */
    const sourceKeyList = async (): Promise<string[]> => [...(await store.loadKeyIndex()).contactsBySource.keys()];
    const xpmIdList = async (): Promise<string[]> => [...(await store.loadKeyIndex()).clientsByXpmId.keys()];

    describe('sync state', () => {
      it('is INITIAL_SYNC_STATE in a new store, outside and inside a transaction', async () => {
        expect(await store.readState()).toEqual(INITIAL_SYNC_STATE);
        expect(await read((tx) => tx.getState())).toEqual(INITIAL_SYNC_STATE);
      });

      it('round-trips through putState', async () => {
        await commit((tx) => tx.putState(STATE_A));
        expect(await store.readState()).toEqual(STATE_A);
        expect(await read((tx) => tx.getState())).toEqual(STATE_A);

        const paused: SyncState = { ...STATE_A, pausedUntil: 1_767_700_000_000 };
        await commit((tx) => tx.putState(paused));
        expect(await store.readState()).toEqual(paused);
      });

      it('is visible to getState in the transaction that put it', async () => {
        const seen = await read(async (tx) => {
          await tx.putState(STATE_A);
          return tx.getState();
        });
        expect(seen).toEqual(STATE_A);
      });
    });

    describe('runs outside transactions', () => {
      it('getRun of an unknown id is undefined', async () => {
        expect(await store.getRun(rid('nope'))).toBeUndefined();
      });

      it('putRun then getRun round-trips, and a second putRun replaces the first', async () => {
        await store.putRun(run('r1'));
        expect(await store.getRun(rid('r1'))).toEqual(run('r1'));

        const finished = run('r1', { status: 'succeeded', phase: 'done', finishedAt: 2_000 });
        await store.putRun(finished);
        expect(await store.getRun(rid('r1'))).toEqual(finished);
        expect((await fixture.dump()).runs).toEqual([finished]);
      });

      it('a run put inside a transaction is readable with getRun after the commit', async () => {
        await commit((tx) => tx.putRun(run('r2', { clientsProcessed: 7 })));
        expect(await store.getRun(rid('r2'))).toEqual(run('r2', { clientsProcessed: 7 }));
      });
    });

    describe('contact lookups', () => {
      const a = contact('a', { sourceKeys: [skey('c:a'), skey('k:shared')] });
      const b = contact('b', {
        sourceKeys: [skey('c:b'), skey('k:shared')],
        name: 'Same Person',
        email: 'same@example.com',
      });
      const c = contact('c', { sourceKeys: [skey('c:c')], name: 'Same Person', email: 'same@example.com' });

      beforeEach(async () => {
        await commit((tx) => tx.putContacts([a, b, c]));
      });

      it('the key index maps each source key (multi-entry) to every contact holding it, once each', async () => {
        const index = await store.loadKeyIndex();
        expect(idsAt(index.contactsBySource, skey('c:a'))).toEqual(['a']);
        expect([...idsAt(index.contactsBySource, skey('k:shared'))].sort()).toEqual(['a', 'b']);
        expect(idsAt(index.contactsBySource, skey('c:zzz'))).toEqual([]);
      });

      it('the key index maps each identity to every contact with it', async () => {
        const index = await store.loadKeyIndex();
        expect([...idsAt(index.contactsByIdentity, b.identityKey)].sort()).toEqual(['b', 'c']);
        expect(idsAt(index.contactsByIdentity, a.identityKey)).toEqual(['a']);
        expect(idsAt(index.contactsByIdentity, 'nobody\u0000nowhere')).toEqual([]);
      });

      it('finds contacts by id and drops unknown ids', async () => {
        expect(ids(await read((tx) => tx.contactsByIds(lcids('c', 'missing', 'a'))))).toEqual(['a', 'c']);
        expect(await read((tx) => tx.contactsByIds(lcids('missing')))).toEqual([]);
        expect(await read((tx) => tx.contactsByIds([]))).toEqual([]);
      });

      it('lists every distinct source key', async () => {
        expect((await sourceKeyList()).sort()).toEqual(['c:a', 'c:b', 'c:c', 'k:shared']);
      });

      it('returns records equal to what was put, nested links included', async () => {
        expect(await read((tx) => tx.contactsByIds(lcids('b')))).toEqual([b]);
      });

      it('keeps a contact’s XPM rejections (the fix-list entries it carries) and drops them when re-put without', async () => {
        const { runId: _r, seq: _s, at: _a, ...issue } = logEntry('r1', 0, { contactId: null });
        const rejected: ContactRecord = { ...b, rejectedInXpm: [{ ...issue, firstSeenAt: 5 }] };
        await commit((tx) => tx.putContacts([rejected]));
        expect(await read((tx) => tx.contactsByIds(lcids('b')))).toEqual([rejected]);
        await commit((tx) => tx.putContacts([b]));
        const [back] = await read((tx) => tx.contactsByIds(lcids('b')));
        expect(back).toEqual(b);
        expect(back !== undefined && 'rejectedInXpm' in back).toBe(false);
      });
    });

    describe('client and staff lookups', () => {
      const x = client('x1', { code: 'ACME' });
      const y = client('y1', { code: ' acme ', codeKey: 'acme' });
      const z = client('z1', { code: 'ZED' });

      beforeEach(async () => {
        await commit(async (tx) => {
          await tx.putClients([x, y, z]);
          await tx.putStaff([staff('s1'), staff('s2')]);
        });
      });

      it('the key index maps each XPM id and code key to its clients', async () => {
        const index = await store.loadKeyIndex();
        expect(idsAt(index.clientsByXpmId, xcid('x1'))).toEqual(['x1']);
        expect(idsAt(index.clientsByXpmId, xcid('unknown'))).toEqual([]);
        expect([...idsAt(index.clientsByCode, 'acme')].sort()).toEqual(['x1', 'y1']);
        expect(idsAt(index.clientsByCode, 'none')).toEqual([]);
      });

      it('finds clients by local id and drops unknown ids', async () => {
        expect(await read((tx) => tx.clientsByIds(lclids('y1', 'nope')))).toEqual([y]);
        expect(await read((tx) => tx.clientsByIds([]))).toEqual([]);
      });

      it('keeps a client’s XPM rejections and drops them when re-put without', async () => {
        const { runId: _r, seq: _s, at: _a, ...issue } = logEntry('r1', 0, { entity: 'client', clientId: xcid('y1') });
        const rejected: ClientRecord = { ...y, rejectedInXpm: [{ ...issue, firstSeenAt: 5 }] };
        await commit((tx) => tx.putClients([rejected]));
        expect(await read((tx) => tx.clientsByIds(lclids('y1')))).toEqual([rejected]);
        await commit((tx) => tx.putClients([y]));
        const [back] = await read((tx) => tx.clientsByIds(lclids('y1')));
        expect(back).toEqual(y);
        expect(back !== undefined && 'rejectedInXpm' in back).toBe(false);
      });

      it('lists every client XPM id', async () => {
        expect((await xpmIdList()).sort()).toEqual(['x1', 'y1', 'z1']);
      });

      it('lists all staff, a re-put replacing the earlier record', async () => {
        await commit((tx) => tx.putStaff([staff('s1', { email: 'changed@practice.example.com' })]));
        const all = await read((tx) => tx.allStaff());
        expect(ids(all)).toEqual(['s1', 's2']);
        expect(all.find((s) => s.id === 's1')?.email).toBe('changed@practice.example.com');
      });

      it('deletes staff by id (a relinked staff member), unknown ids ignored, visible in the same transaction', async () => {
        const inside = await read(async (tx) => {
          await tx.deleteStaff([xsid('s1'), xsid('nobody')]);
          return ids(await tx.allStaff());
        });
        expect(inside).toEqual(['s2']);
        expect(ids(await read((tx) => tx.allStaff()))).toEqual(['s2']);
        expect((await fixture.dump()).staff.map((s) => s.id)).toEqual(['s2']);
      });
    });

    describe('removing contacts and clients (R5, R6, R8)', () => {
      it('deletes contacts by id with their change history; unknown ids are ignored; the key index forgets them', async () => {
        await commit(async (tx) => {
          await tx.putContacts([
            contact('a', { sourceKeys: [skey('c:a')] }),
            contact('b', { sourceKeys: [skey('c:b')] }),
          ]);
          await tx.addChanges([change('a', 'r1'), change('b', 'r1')]);
        });
        const inside = await read(async (tx) => {
          await tx.deleteContacts(lcids('a', 'nobody'));
          return ids(await tx.contactsByIds(lcids('a', 'b')));
        });
        expect(inside).toEqual(['b']);
        const dump = await fixture.dump();
        expect(ids(dump.contacts)).toEqual(['b']);
        expect(dump.changes.map((c) => c.contactId)).toEqual(['b']);
        const index = await store.loadKeyIndex();
        expect([...index.contactsBySource.keys()]).toEqual(['c:b']);
        expect([...index.contactLinks.keys()]).toEqual(['b']);
        expect([...index.contactsByIdentity.keys()].flatMap((key) => idsAt(index.contactsByIdentity, key))).toEqual([
          'b',
        ]);
      });

      it('a contact deleted and put again in one transaction is kept', async () => {
        const a = contact('a');
        await commit((tx) => tx.putContacts([a]));
        await commit(async (tx) => {
          await tx.deleteContacts(lcids('a'));
          await tx.putContacts([a]);
        });
        expect((await fixture.dump()).contacts).toEqual([a]);
        expect([...(await store.loadKeyIndex()).contactsBySource.keys()]).toEqual(['c:a']);
      });

      it('deletes clients by id; their XPM id and code leave the key index and can be taken again', async () => {
        await commit((tx) => tx.putClients([client('k1', { xpmId: xcid('uuid-1') }), client('k2')]));
        await commit((tx) => tx.deleteClients(lclids('k1', 'nobody')));
        expect(ids((await fixture.dump()).clients)).toEqual(['k2']);
        expect(await xpmIdList()).toEqual(['k2']);
        expect([...(await store.loadKeyIndex()).clientsByCode.keys()]).toEqual(['code-k2']);
        await commit((tx) => tx.putClients([client('k3', { xpmId: xcid('uuid-1') })]));
        expect(ids((await fixture.dump()).clients)).toEqual(['k2', 'k3']);
      });

      it('a failed transaction that deleted records leaves them in place', async () => {
        await commit((tx) => tx.putContacts([contact('a')]));
        await commit((tx) => tx.putClients([client('k1')]));
        const before = await fixture.dump();
        const failure = await rejectionOf(
          commit(async (tx) => {
            await tx.deleteContacts(lcids('a'));
            await tx.deleteClients(lclids('k1'));
            throw new AppError('sync/cancelled', 'stop');
          }),
        );
        expect(failure).toBeInstanceOf(AppError);
        expect(await fixture.dump()).toEqual(before);
      });
    });

    describe('reads inside a transaction see its own writes', () => {
      it('contacts by id', async () => {
        const n = contact('n', { sourceKeys: [skey('c:n'), skey('k:n')] });
        const seen = await read(async (tx) => {
          await tx.putContacts([n]);
          return tx.contactsByIds(lcids('n'));
        });
        expect(seen).toEqual([n]);
      });

      it('clients by id and staff in allStaff', async () => {
        const k = client('k1', { code: 'K1' });
        const seen = await read(async (tx) => {
          await tx.putClients([k]);
          await tx.putStaff([staff('s9')]);
          return { byId: await tx.clientsByIds(lclids('k1')), staff: await tx.allStaff() };
        });
        expect(seen.byId).toEqual([k]);
        expect(ids(seen.staff)).toEqual(['s9']);
      });
    });

    describe('key index (full-pass lookups)', () => {
      const sorted = <K extends string, V extends string>(map: Map<K, KeyIds<V>>) =>
        [...map.keys()]
          .map((key) => [key, [...idsAt(map, key)].sort()] as const)
          .sort((a, b) => (a[0] < b[0] ? -1 : 1));

      it('maps every lookup key of the stored contacts and clients to record ids', async () => {
        await commit(async (tx) => {
          await tx.putContacts([
            contact('a', { sourceKeys: ['c:1', 'k:9'], identityKey: 'jo|jo@x.com' }),
            contact('b', { sourceKeys: ['c:2'], identityKey: 'jo|jo@x.com' }),
            contact('m', { sourceKeys: [], identityKey: 'manual|m@x.com', state: 'manual', forcedManual: true }),
          ]);
          await tx.putClients([
            client('k1', { xpmId: xcid('x1'), codeKey: 'abc' }),
            client('k2', { xpmId: xcid('x2'), codeKey: 'abc' }),
          ]);
        });
        const index = await store.loadKeyIndex();
        expect(sorted(index.contactsBySource)).toEqual([
          ['c:1', ['a']],
          ['c:2', ['b']],
          ['k:9', ['a']],
        ]);
        expect(sorted(index.contactsByIdentity)).toEqual([
          ['jo|jo@x.com', ['a', 'b']],
          ['manual|m@x.com', ['m']],
        ]);
        expect(sorted(index.clientsByXpmId)).toEqual([
          ['x1', ['k1']],
          ['x2', ['k2']],
        ]);
        expect(sorted(index.clientsByCode)).toEqual([['abc', ['k1', 'k2']]]);
      });

      it('keeps what a Resync All notes of a client recognised unread (deleted, unimported) across a reload', async () => {
        const counts = { clientRejected: 0, clientSkipped: 0, contactsRejected: 0, contactsSkipped: 0 };
        const deleted: SourceState = {
          clientId: xcid('gone'),
          hash: '~a',
          findings: [],
          counts: { ...counts, clientSkipped: 1 },
          imported: [],
          deleted: true,
        };
        const archived: SourceState = {
          clientId: xcid('archived'),
          hash: '~b',
          findings: [],
          counts: { ...counts, clientSkipped: 1 },
          imported: [skey('k:1')],
          unimported: [skey('k:2'), skey('k:3')],
        };
        const plain: SourceState = {
          clientId: xcid('plain'),
          hash: '~c',
          findings: [],
          counts,
          imported: [skey('k:4')],
        };
        await commit((tx) => tx.putSourceStates([deleted, archived, plain]));
        const ids = [deleted.clientId, archived.clientId, plain.clientId];

        for (const opened of [store, await fixture.reopen()]) {
          const states = (await opened.loadKeyIndex()).clientStates;
          expect(states.get(deleted.clientId)?.deleted).toBe(true);
          expect(states.get(deleted.clientId)?.imported).toEqual([]);
          expect(states.get(archived.clientId)?.unimported).toEqual(['k:2', 'k:3']);
          expect(states.get(archived.clientId)?.imported).toEqual(['k:1']);
          expect(states.get(archived.clientId)?.deleted).toBeUndefined();
          expect(states.get(plain.clientId)?.deleted).toBeUndefined();
          expect(states.get(plain.clientId)?.unimported).toBeUndefined();
          const read = await opened.transact((tx) => tx.sourceStates(ids));
          expect(read.sort((a, b) => (a.clientId < b.clientId ? -1 : 1))).toEqual([archived, deleted, plain]);
        }

        // Listed again, live and with every person imported: a re-put state drops both, reloaded too.
        const back: SourceState = { ...plain, clientId: deleted.clientId, imported: [skey('k:5')] };
        const all: SourceState = { ...plain, clientId: archived.clientId, imported: [skey('k:1'), skey('k:2')] };
        await commit((tx) => tx.putSourceStates([back, all]));
        for (const opened of [store, await fixture.reopen()]) {
          const states = (await opened.loadKeyIndex()).clientStates;
          expect(states.get(deleted.clientId)?.deleted).toBeUndefined();
          expect(states.get(deleted.clientId)?.imported).toEqual(['k:5']);
          expect(states.get(archived.clientId)?.unimported).toBeUndefined();
          expect(await opened.transact((tx) => tx.sourceStates([deleted.clientId, archived.clientId]))).toEqual(
            expect.arrayContaining([back, all]),
          );
        }
      });

      it('is empty for an empty store and reflects keys that changed', async () => {
        const empty = await store.loadKeyIndex();
        expect([
          empty.contactsBySource.size,
          empty.contactsByIdentity.size,
          empty.clientsByXpmId.size,
          empty.clientsByCode.size,
        ]).toEqual([0, 0, 0, 0]);
        await commit((tx) => tx.putContacts([contact('a', { sourceKeys: ['c:1'] })]));
        await commit((tx) => tx.putContacts([contact('a', { sourceKeys: ['c:2'] })]));
        expect(sorted((await store.loadKeyIndex()).contactsBySource)).toEqual([['c:2', ['a']]]);
      });
    });

    describe('updates that change keys', () => {
      it('a contact whose source keys changed is indexed only under its new keys', async () => {
        await commit((tx) =>
          tx.putContacts([
            contact('a', { sourceKeys: [skey('c:a'), skey('k:1')] }),
            contact('b', { sourceKeys: [skey('k:1')] }),
          ]),
        );
        await commit((tx) => tx.putContacts([contact('a', { sourceKeys: [skey('k:1'), skey('k:2')] })]));

        const index = await store.loadKeyIndex();
        expect(idsAt(index.contactsBySource, skey('c:a'))).toEqual([]);
        expect(idsAt(index.contactsBySource, skey('k:2'))).toEqual(['a']);
        expect([...idsAt(index.contactsBySource, skey('k:1'))].sort()).toEqual(['a', 'b']);
        expect((await sourceKeyList()).sort()).toEqual(['k:1', 'k:2']);
      });

      it('a contact detached to manual (no source keys) is indexed by none and its keys disappear', async () => {
        await commit((tx) => tx.putContacts([contact('a', { sourceKeys: [skey('c:a')] })]));
        await commit((tx) => tx.putContacts([contact('a', { sourceKeys: [], forcedManual: true, state: 'manual' })]));

        expect(await sourceKeyList()).toEqual([]);
        expect(ids(await read((tx) => tx.contactsByIds(lcids('a'))))).toEqual(['a']);
      });

      it('a contact whose identity changed is not indexed under the old identity', async () => {
        const before = contact('a');
        await commit((tx) => tx.putContacts([before]));
        const after = contact('a', { name: 'New Name' });
        await commit((tx) => tx.putContacts([after]));

        const index = await store.loadKeyIndex();
        expect(idsAt(index.contactsByIdentity, before.identityKey)).toEqual([]);
        expect(idsAt(index.contactsByIdentity, after.identityKey)).toEqual(['a']);
      });

      it('a relinked client (new XPM id, new code) is indexed only under the new values', async () => {
        await commit((tx) => tx.putClients([client('cl', { xpmId: xcid('uuid-1'), code: 'OLD', codeKey: 'old' })]));
        await commit((tx) => tx.putClients([client('cl', { xpmId: xcid('uuid-2'), code: 'NEW', codeKey: 'new' })]));

        const index = await store.loadKeyIndex();
        expect(idsAt(index.clientsByXpmId, xcid('uuid-1'))).toEqual([]);
        expect(idsAt(index.clientsByCode, 'old')).toEqual([]);
        expect(idsAt(index.clientsByXpmId, xcid('uuid-2'))).toEqual(['cl']);
        expect(await xpmIdList()).toEqual(['uuid-2']);
      });
    });

    describe('client XPM ids are unique', () => {
      it('a transaction giving two clients the same XPM id fails with storage/failed and leaves no trace', async () => {
        await commit((tx) => tx.putClients([client('a', { xpmId: xcid('uuid-1') })]));
        const before = await fixture.dump();

        const error = await rejectionOf(
          store.transact(async (tx) => {
            await tx.putState(STATE_A);
            await tx.putClients([client('b', { xpmId: xcid('uuid-1') })]);
          }),
        );

        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('storage/failed');
        expect(await fixture.dump()).toEqual(before);
      });

      it('a failed store call aborts the transaction even when the callback catches it and carries on', async () => {
        await commit((tx) => tx.putClients([client('a', { xpmId: xcid('uuid-1') })]));
        const before = await fixture.dump();

        const error = await rejectionOf(
          store.transact(async (tx) => {
            await tx.putContacts([contact('written-before')]);
            try {
              await tx.putClients([client('b', { xpmId: xcid('uuid-1') })]);
            } catch {
              // an engine bug: the failure is swallowed
            }
            await tx.putState(STATE_A);
            return 'carried on';
          }),
        );

        expect((error as AppError).code).toBe('storage/failed');
        expect(await fixture.dump()).toEqual(before);
      });

      it('an XPM id freed earlier in the same transaction can be given to another client', async () => {
        await commit((tx) =>
          tx.putClients([client('a', { xpmId: xcid('uuid-1') }), client('b', { xpmId: xcid('uuid-2') })]),
        );
        await commit(async (tx) => {
          await tx.putClients([client('a', { xpmId: xcid('uuid-3') })]);
          await tx.putClients([client('b', { xpmId: xcid('uuid-1') })]);
        });
        expect((await xpmIdList()).sort()).toEqual(['uuid-1', 'uuid-3']);
        expect(idsAt((await store.loadKeyIndex()).clientsByXpmId, xcid('uuid-1'))).toEqual(['b']);
      });
    });

    describe('atomicity', () => {
      beforeEach(async () => {
        await commit(async (tx) => {
          await tx.putContacts([contact('a'), contact('b')]);
          await tx.putClients([client('x1')]);
          await tx.putStaff([staff('s1')]);
          await tx.addChanges([change('a', 'r0')]);
          await tx.addLog([logEntry('r0', 1)]);
          await tx.putRun(run('r0', { status: 'succeeded' }));
          await tx.putState(STATE_A);
        });
      });

      it('a transaction that throws after writing every table leaves no trace, and its error propagates', async () => {
        const before = await fixture.dump();
        const boom = new Error('engine failed mid-batch');

        const error = await rejectionOf(
          store.transact(async (tx) => {
            await tx.putContacts([contact('a', { name: 'Changed' }), contact('new')]);
            await tx.putClients([client('x1', { legalName: 'Changed' }), client('x2')]);
            await tx.putStaff([staff('s1', { name: 'Changed' }), staff('s2')]);
            await tx.addChanges([change('a', 'r1')]);
            await tx.addLog([logEntry('r0', 1, { wording: storedWords('overwritten') }), logEntry('r1', 1)]);
            await tx.putRun(run('r0', { status: 'failed' }));
            await tx.putRun(run('r1'));
            await tx.putState({ ...STATE_A, watermark: '2026-02-01T00:00:00Z', lastRunId: rid('r1') });
            throw boom;
          }),
        );

        expect(error).toBe(boom);
        expect(await fixture.dump()).toEqual(before);
        expect(await store.readState()).toEqual(STATE_A);
        expect(await store.getRun(rid('r1'))).toBeUndefined();
      });

      it('a transaction that throws after half of its upserts saves none of them', async () => {
        const before = await fixture.dump();
        const page = ['p1', 'p2', 'p3', 'p4'].map((id) => contact(id));

        await rejectionOf(
          store.transact(async (tx) => {
            await tx.putContacts(page.slice(0, 2));
            throw new Error('parse failure in the second half');
          }),
        );

        expect(await fixture.dump()).toEqual(before);
        expect(await read((tx) => tx.contactsByIds(lcids('p1', 'p2')))).toEqual([]);
      });

      it('an AppError thrown by the callback reaches the caller unchanged', async () => {
        const cancelled = new AppError('sync/cancelled', 'The run was cancelled.');
        const error = await rejectionOf(
          store.transact(async (tx) => {
            await tx.putContacts([contact('c')]);
            throw cancelled;
          }),
        );
        expect(error).toBe(cancelled);
      });

      it('a failed transaction does not stop later ones', async () => {
        await rejectionOf(store.transact(async () => Promise.reject(new Error('first fails'))));
        await commit((tx) => tx.putContacts([contact('after')]));
        expect(ids(await read((tx) => tx.contactsByIds(lcids('after'))))).toEqual(['after']);
      });
    });

    describe('ordering of transactions', () => {
      it('returns the callback result', async () => {
        expect(await store.transact(async () => 42)).toBe(42);
      });

      it('sequential transactions see each other’s commits', async () => {
        await commit((tx) => tx.putContacts([contact('a')]));
        await commit(async (tx) => {
          const [a] = await tx.contactsByIds(lcids('a'));
          expect(a).toBeDefined();
          if (a) await tx.putContacts([{ ...a, name: 'Second' }]);
        });
        expect((await read((tx) => tx.contactsByIds(lcids('a'))))[0]?.name).toBe('Second');
      });

      it('concurrent transactions do not interleave: both commit and neither loses the other’s update', async () => {
        // Each transaction reads a counter, does several more store calls, then writes counter + 1.
        // If their reads interleaved, both would write 1.
        const bump = (id: string) =>
          store.transact(async (tx) => {
            const state = await tx.getState();
            await tx.contactsByIds(lcids('a'));
            await tx.putContacts([contact(id)]);
            await tx.allStaff();
            await tx.putState({ ...state, lastSuccessAt: (state.lastSuccessAt ?? 0) + 1, lastRunId: rid(id) });
            return id;
          });

        expect(await Promise.all([bump('first'), bump('second')])).toEqual(['first', 'second']);
        expect((await store.readState()).lastSuccessAt).toBe(2);
        expect(ids(await read((tx) => tx.contactsByIds(lcids('first', 'second'))))).toEqual(['first', 'second']);
      });
    });

    describe('run log and field changes', () => {
      it('one addLog is one part, keyed by (runId, first seq): replaying a batch replaces its part', async () => {
        await commit((tx) => tx.addLog([logEntry('r1', 1), logEntry('r1', 2)]));
        await commit((tx) => tx.addLog([logEntry('r1', 1), logEntry('r1', 2, { wording: storedWords('replayed') })]));
        await commit(async (tx) => {
          await tx.addLog([logEntry('r1', 3, { wording: storedWords('first write') })]);
          await tx.addLog([logEntry('r1', 3, { wording: storedWords('second write') })]);
        });
        await commit((tx) => tx.addLog([logEntry('r0', 7)]));

        expect((await fixture.dump()).log).toEqual([
          logEntry('r0', 7),
          logEntry('r1', 1),
          logEntry('r1', 2, { wording: storedWords('replayed') }),
          logEntry('r1', 3, { wording: storedWords('second write') }),
        ]);
      });

      it('field changes are appended in the order written, repeats included', async () => {
        const first = change('a', 'r1', { field: 'email' });
        const second = change('a', 'r1', { field: 'mobile', from: null, to: '+61400000001' });
        await commit((tx) => tx.addChanges([first, second]));
        await commit((tx) => tx.addChanges([first]));
        expect((await fixture.dump()).changes).toEqual([first, second, first]);
      });

      it('writing empty lists changes nothing', async () => {
        const before = await fixture.dump();
        await commit(async (tx) => {
          await tx.putContacts([]);
          await tx.putClients([]);
          await tx.putStaff([]);
          await tx.addChanges([]);
          await tx.addLog([]);
        });
        expect(await fixture.dump()).toEqual(before);
      });
    });

    describe('run history retention (pruneRunHistory)', () => {
      const HOUR = 60 * 60_000;
      const DAY = 24 * HOUR;
      const NOW = Date.UTC(2026, 5, 1);
      const POLICY = { keepRunLogs: 3, keepRunLogDays: 30 };

      /** `n` finished runs an hour apart (run-0 the oldest), each with two log parts, and one client's fix-list state. */
      async function seedRuns(n: number, startAt = NOW - n * HOUR, logsFrom = 0): Promise<void> {
        await commit(async (tx) => {
          for (let i = 0; i < n; i++) {
            const id = `run-${i}`;
            const finished = run(id, { status: 'succeeded', phase: 'done', startedAt: startAt + i * HOUR });
            // Runs before `logsFrom` are summaries already (their logs were pruned earlier).
            await tx.putRun(i < logsFrom ? { ...finished, logPrunedAt: startAt } : finished);
            if (i < logsFrom) continue;
            await tx.addLog([logEntry(id, 0), logEntry(id, 1)]);
            await tx.addLog([logEntry(id, 2)]);
          }
          await tx.putSourceStates([
            {
              clientId: xcid('client-1'),
              hash: 'h',
              findings: [
                { ...logEntry('run-0', 0), firstSeenAt: startAt, lastSeenAt: startAt, lastRunId: rid('run-0') },
              ],
              counts: { clientRejected: 0, clientSkipped: 0, contactsRejected: 1, contactsSkipped: 0 },
              imported: [],
            },
          ]);
        });
      }

      /** Prunes in pieces until nothing is left; returns the size of each piece. */
      async function pruneAll(policy = POLICY, now = NOW): Promise<number[]> {
        const pieces: number[] = [];
        for (let piece = await store.pruneRunHistory(policy, now); piece > 0; ) {
          pieces.push(piece);
          piece = await store.pruneRunHistory(policy, now);
        }
        return pieces;
      }

      const loggedRuns = async () => [...new Set((await fixture.dump()).log.map((entry) => entry.runId))].sort();

      it('keeps the logs of the newest N runs and removes the others in bounded pieces; the records stay as summaries', async () => {
        await seedRuns(12);
        const before = await fixture.dump();
        const pieces = await pruneAll();
        expect(pieces.reduce((a, b) => a + b, 0)).toBe(9);
        expect(Math.max(...pieces)).toBeLessThanOrEqual(PRUNE_RUNS_PER_PIECE);
        expect(pieces.length).toBeGreaterThan(1);
        expect(await loggedRuns()).toEqual(['run-10', 'run-11', 'run-9']);
        const after = await fixture.dump();
        expect(after.runs).toHaveLength(12);
        for (const record of after.runs) {
          const kept = ['run-9', 'run-10', 'run-11'].includes(record.id);
          expect(record.logPrunedAt).toBe(kept ? undefined : NOW);
          const { logPrunedAt: _pruned, ...rest } = record;
          expect(rest).toEqual(before.runs.find((r) => r.id === record.id));
        }
        // The standing fix-list is not run history: untouched, though its entry came from a pruned run.
        expect(after.sources).toEqual(before.sources);
        expect(await store.pruneRunHistory(POLICY, NOW)).toBe(0);
      });

      it('removes logs older than D days, but never the newest run’s, and never touches a running run', async () => {
        await seedRuns(2, NOW - 40 * DAY);
        await commit(async (tx) => {
          await tx.putRun(run('live', { status: 'running', startedAt: NOW - 50 * DAY }));
          await tx.addLog([logEntry('live', 0)]);
        });
        await pruneAll({ keepRunLogs: 10, keepRunLogDays: 30 });
        // run-1 is the newest finished run (the running one is older): kept, though 40 days old.
        expect(await loggedRuns()).toEqual(['live', 'run-1']);
        expect(await store.getRun(rid('live'))).toEqual(run('live', { status: 'running', startedAt: NOW - 50 * DAY }));
        expect((await store.getRun(rid('run-0')))?.logPrunedAt).toBe(NOW);
      });

      it('deletes run records beyond RUN_RECORDS_KEPT with their logs, oldest first', async () => {
        const extra = 3;
        const total = RUN_RECORDS_KEPT + extra;
        const keep = 20;
        // The oldest run still has its log (it would be deleted with the record); the middle are summaries.
        await seedRuns(total, NOW - total * HOUR, total - keep);
        await commit((tx) => tx.addLog([logEntry('run-0', 0)]));
        const pieces = await pruneAll({ keepRunLogs: keep, keepRunLogDays: MAX_KEEP_RUN_LOG_DAYS });
        expect(pieces).toEqual([extra]);
        const after = await fixture.dump();
        expect(after.runs).toHaveLength(RUN_RECORDS_KEPT);
        for (let i = 0; i < extra; i++) expect(await store.getRun(rid(`run-${i}`))).toBeUndefined();
        expect(await store.getRun(rid(`run-${extra}`))).toBeDefined();
        expect(after.log.some((entry) => entry.runId === rid('run-0'))).toBe(false);
        expect(new Set(after.log.map((entry) => entry.runId)).size).toBe(keep);
      });
    });
  });
}
