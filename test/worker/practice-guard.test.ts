/**
 * C4, the practice guard, in the worker against the sandbox's two practices: connecting Kauri
 * Partners while Harbourside Accounting's records are stored needs the user's choice, which keeps
 * Harbourside's records as manual ones stamped with their practice, or erases them; reconnecting the
 * same practice needs none.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAppDB, deleteAppDB } from '../../src/storage/open';
import type { AppDB } from '../../src/storage/db';
import { readConnection, readSyncState } from '../../src/storage/kv';
import type { Practice, SyncApi } from '../../src/worker/protocol';
import type { PracticeSwitchChoice } from '../../src/domain/practice';
import { isPracticeContact } from '../../src/domain/practice';
import { MAIN_PRACTICE_NAME, SMALL_PRACTICE_NAME } from '../../proxy/sandbox';
import { inProcessStack, type InProcessStack } from './in-process-stack';
import { openTab, origin, REDIRECT, value } from './support/tabs';
import { putContacts, storedClients, storedContacts, storedFixList } from '../storage/support/records';
import { contact } from '../contracts/records';

let db: AppDB;
let stack: InProcessStack;
let api: SyncApi;

beforeEach(async () => {
  db = await openAppDB(`practice-guard-${crypto.randomUUID()}`);
  stack = inProcessStack();
  api = openTab(origin(db, stack));
  value(await api.configure(stack.config));
});

afterEach(async () => {
  db.close();
  await deleteAppDB(db.name);
});

/** Signs in with both practices ticked and returns the one named `name` (not chosen yet). */
async function signIn(name: string): Promise<Practice> {
  const { url, pending } = value(await api.beginAuthorization(REDIRECT));
  const callback = await stack.consent(url, [MAIN_PRACTICE_NAME, SMALL_PRACTICE_NAME]);
  const practice = value(await api.completeAuthorization(callback, pending)).practices.find((p) => p.name === name);
  if (!practice) throw new Error(`${name} not offered`);
  return practice;
}

async function connectAndSync(name: string, choice?: PracticeSwitchChoice) {
  const practice = await signIn(name);
  value(await api.choosePractice(practice, '', choice));
  return { practice, counts: value(await api.runSync('full', 'first')).counts };
}

async function staffCount(): Promise<number> {
  return db.staff.count();
}

describe('the practice guard (C4)', () => {
  it('connecting another practice is refused without a choice, and the confirmation names both practices and counts', async () => {
    const harbourside = await connectAndSync(MAIN_PRACTICE_NAME);
    const contacts = (await storedContacts(db)).length;
    const clients = (await storedClients(db)).length;
    const staff = await staffCount();
    const kauri = await signIn(SMALL_PRACTICE_NAME);
    expect(value(await api.practiceSwitch(kauri))).toEqual({
      to: { tenantId: kauri.tenantId, name: SMALL_PRACTICE_NAME },
      from: [
        { practice: { tenantId: harbourside.practice.tenantId, name: MAIN_PRACTICE_NAME }, contacts, clients, staff },
      ],
    });
    const refused = await api.choosePractice(kauri, '');
    expect(refused).toMatchObject({ ok: false, error: { code: 'input/invalid' } });
    if (!refused.ok) expect(refused.error.message).toContain(MAIN_PRACTICE_NAME);
    // Nothing changed: the records are still Harbourside's synced ones.
    expect((await storedContacts(db)).every((c) => c.state === 'synced')).toBe(true);
    expect((await readConnection(db)).tenantId).toBe(harbourside.practice.tenantId);
  });

  it('keep: Harbourside’s records stay as manual ones stamped with their practice; Kauri’s sync beside them', async () => {
    const harbourside = await connectAndSync(MAIN_PRACTICE_NAME);
    const before = { contacts: await storedContacts(db), clients: await storedClients(db), staff: await staffCount() };
    const kauri = await connectAndSync(SMALL_PRACTICE_NAME, 'keep');
    const stamp = { tenantId: harbourside.practice.tenantId, name: MAIN_PRACTICE_NAME };

    const contacts = await storedContacts(db);
    const kept = contacts.filter((c) => c.practice?.tenantId === harbourside.practice.tenantId);
    expect(kept).toHaveLength(before.contacts.length);
    expect(kept.every((c) => c.state === 'manual' && c.links.length > 0 && c.practice?.name === stamp.name)).toBe(true);
    const fresh = contacts.filter((c) => c.practice == null);
    expect(fresh).toHaveLength(kauri.counts.contact.imported);
    expect(fresh.every((c) => c.state === 'synced')).toBe(true);

    const clients = await storedClients(db);
    expect(clients.filter((c) => c.practice?.tenantId === stamp.tenantId && c.state === 'disconnected')).toHaveLength(
      before.clients.length,
    );
    expect(clients.filter((c) => c.practice == null && c.state === 'synced')).toHaveLength(
      kauri.counts.client.imported,
    );
    expect(await staffCount()).toBe(before.staff + kauri.counts.staff.imported);
    // The fix-list holds Kauri's problems only.
    const kauriClientIds = new Set(stack.sandbox.controls.data(SMALL_PRACTICE_NAME).clients.map((c) => c.uuid));
    expect((await storedFixList(db)).every((e) => e.clientId === null || kauriClientIds.has(e.clientId))).toBe(true);

    // Back to Harbourside: Kauri's records are the other practice now; Harbourside's relink (R4a).
    const back = await signIn(MAIN_PRACTICE_NAME);
    const offer = value(await api.practiceSwitch(back));
    expect(offer?.from.map((f) => f.practice.name)).toEqual([SMALL_PRACTICE_NAME]);
    value(await api.choosePractice(back, '', 'keep'));
    value(await api.runSync('full', 'first'));
    const after = await storedContacts(db);
    expect(after.filter((c) => c.practice?.tenantId === stamp.tenantId && c.state === 'synced')).toHaveLength(
      before.contacts.length,
    );
    expect(after.filter((c) => c.practice?.name === SMALL_PRACTICE_NAME && c.state === 'manual')).toHaveLength(
      kauri.counts.contact.imported,
    );
  });

  it('erase: Harbourside’s records go (with their history) before Kauri’s first sync; a manual contact stays', async () => {
    await connectAndSync(MAIN_PRACTICE_NAME);
    // A change history for one of Harbourside's contacts, and a contact the user made by hand.
    const data = stack.sandbox.controls.data();
    const person = data.clients
      .filter((c) => !c.isDeleted && !c.isArchived)
      .flatMap((c) => c.contacts)
      .find((k) => !k.isDeleted && /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(k.email));
    if (!person) throw new Error('no contact to rename');
    stack.sandbox.controls.advanceClock(60_000);
    stack.sandbox.controls.mutate({ op: 'editContact', uuid: person.uuid, fields: { name: 'Renamed Person' } });
    value(await api.runSync('incremental', 'scheduled'));
    expect(await db.changes.count()).toBeGreaterThan(0);
    await putContacts(db, [contact('mine', { state: 'manual', origin: 'manual', sourceKeys: [], links: [] })]);

    const kauri = await connectAndSync(SMALL_PRACTICE_NAME, 'erase');
    const contacts = await storedContacts(db);
    expect(contacts).toHaveLength(kauri.counts.contact.imported + 1);
    expect(contacts.filter((c) => c.origin === 'manual').map((c) => c.name)).toEqual(['Contact mine']);
    expect(
      contacts.filter((c) => c.origin !== 'manual').every((c) => c.state === 'synced' && isPracticeContact(c)),
    ).toBe(true);
    expect(await db.changes.count()).toBe(0);
    expect(await storedClients(db)).toHaveLength(kauri.counts.client.imported);
    expect(await staffCount()).toBe(kauri.counts.staff.imported);
    expect((await readSyncState(db)).lastRunId).not.toBeNull();
  });

  it('reconnecting the same practice after a disconnect asks nothing and relinks', async () => {
    const harbourside = await connectAndSync(MAIN_PRACTICE_NAME);
    value(await api.disconnect());
    const again = await signIn(MAIN_PRACTICE_NAME);
    expect(value(await api.practiceSwitch(again))).toBeNull();
    value(await api.choosePractice(again, ''));
    expect((await readConnection(db)).tenantId).toBe(harbourside.practice.tenantId);
  });

  it('Harbourside disconnected, then Kauri: the disconnected records are Harbourside’s and the guard asks', async () => {
    await connectAndSync(MAIN_PRACTICE_NAME);
    value(await api.disconnect());
    const kauri = await signIn(SMALL_PRACTICE_NAME);
    const offer = value(await api.practiceSwitch(kauri));
    expect(offer?.from.map((f) => f.practice.name)).toEqual([MAIN_PRACTICE_NAME]);
    expect((await api.choosePractice(kauri, '')).ok).toBe(false);
  });
});
