/**
 * The worker's API for the user's own record changes (R4, R5, R6, R8) over the real Dexie store: the
 * outcome crosses as data, the lists' first rows follow, and a run holding the lock makes the change
 * wait for nothing — it is refused with sync/busy and nothing is written.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncApi } from '../../src/worker/api';
import { localLockRunner } from '../../src/worker/xero-auth';
import { localRunLock } from '../../src/worker/run-lock';
import { localControlHub } from '../../src/worker/control-channel';
import { openAppDB, deleteAppDB } from '../../src/storage/open';
import { currentListHeads } from '../../src/storage/list-heads';
import type { AppDB } from '../../src/storage/db';
import type { SyncApi } from '../../src/worker/protocol';
import type { Result } from '../../src/domain/result';
import { inProcessStack } from './in-process-stack';
import { storedContacts } from '../storage/support/records';
import { lcid } from '../support/ids';

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

let db: AppDB;
let api: SyncApi;
let runLock: ReturnType<typeof localRunLock>;
let dbCount = 0;

beforeEach(async () => {
  db = await openAppDB(`manual-records-api-${++dbCount}`);
  const stack = inProcessStack();
  runLock = localRunLock();
  api = createSyncApi({
    db,
    fetch: (input, init) => stack.appFetch(input, init),
    now: () => 1_800_000_000_000,
    sleep: async () => undefined,
    random: () => 0.5,
    newId: () => crypto.randomUUID(),
    locks: localLockRunner(),
    runLock,
    control: localControlHub().channel(),
    repeat: () => undefined,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  value(await api.configure(stack.config));
});

afterEach(async () => {
  db.close();
  await deleteAppDB(db.name);
});

describe('manual contacts through the worker (R8)', () => {
  it('saves, refuses with field problems as data, edits and deletes; the list heads follow each change', async () => {
    const invalid = value(await api.saveManualContact({ name: ' ', email: 'kim', mobile: '02 9876 5432' }));
    expect(invalid.kind === 'invalid' && invalid.problems.map((p) => [p.field, p.code])).toEqual([
      ['name', 'name-missing'],
      ['email', 'email-invalid'],
      ['mobile', 'mobile-not-mobile'],
    ]);
    expect(await storedContacts(db)).toEqual([]);

    const created = value(await api.saveManualContact({ name: 'Kim Lo', email: 'kim@x.com', mobile: '0412 000 009' }));
    if (created.kind !== 'saved') throw new Error('not saved');
    expect((await currentListHeads(db))?.contacts.map((c) => c.email)).toEqual(['kim@x.com']);

    const clash = value(await api.saveManualContact({ name: 'KIM LO', email: 'Kim@X.com', mobile: '' }));
    expect(clash.kind === 'invalid' && clash.problems[0]?.code).toBe('contact-exists');

    const edited = value(
      await api.saveManualContact({ id: created.contact.id, name: 'Kim Lo', email: 'kim@new.com', mobile: '' }),
    );
    expect(edited.kind === 'saved' && edited.contact).toMatchObject({ id: created.contact.id, mobile: null });
    expect((await currentListHeads(db))?.contacts.map((c) => c.email)).toEqual(['kim@new.com']);

    value(await api.deleteManualContact(created.contact.id));
    expect(await storedContacts(db)).toEqual([]);
    expect((await currentListHeads(db))?.contactCount).toBe(0);
    expect(await api.deleteManualContact(created.contact.id)).toMatchObject({
      ok: false,
      error: { code: 'input/invalid' },
    });
  });

  it('while a run holds the lock, a change is refused with sync/busy and nothing is written', async () => {
    let release: () => void = () => undefined;
    const held = runLock.run(() => new Promise<void>((resolve) => (release = resolve)));
    const refused = await api.saveManualContact({ name: 'Kim Lo', email: 'kim@x.com', mobile: '' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'sync/busy', retryable: true } });
    expect(await api.removeRecords({ contacts: [lcid('x')] })).toMatchObject({
      ok: false,
      error: { code: 'sync/busy' },
    });
    expect(await storedContacts(db)).toEqual([]);
    release();
    await held;
    expect(value(await api.saveManualContact({ name: 'Kim Lo', email: 'kim@x.com', mobile: '' })).kind).toBe('saved');
  });

  it('removeRecords keeps what is not stale or missing, and reports it', async () => {
    const created = value(await api.saveManualContact({ name: 'Kim Lo', email: 'kim@x.com', mobile: '' }));
    if (created.kind !== 'saved') throw new Error('not saved');
    expect(value(await api.removeRecords({ contacts: [created.contact.id] }))).toEqual({
      contacts: 0,
      clients: 0,
      staff: 0,
      kept: 1,
    });
    expect(await storedContacts(db)).toHaveLength(1);
  });
});
