import { describe, expect, it } from 'vitest';
import { Harness, STAFF } from '../engine-harness';
import { xpmClient, xpmContact, xpmStaff } from '../evaluate/fixtures';
import {
  deleteManualContact,
  detachContact,
  removeRecords,
  saveManualContact,
  type LocalEditContext,
} from '../../../src/sync/local/operations';
import { AppError } from '../../../src/domain/errors';
import { lcid, lclid, xsid } from '../../support/ids';
import type { ContactRecord } from '../../../src/domain/records';

let next = 0;
const ctx = (h: Harness): LocalEditContext => ({
  now: h.clock.now(),
  newId: () => lcid(`manual-${++next}`),
  defaultCountry: 'AU',
});

const one = <T>(items: readonly T[]): T => {
  expect(items).toHaveLength(1);
  return items[0] as T;
};

const saved = (outcome: Awaited<ReturnType<typeof saveManualContact>>): ContactRecord => {
  if (outcome.kind !== 'saved') throw new Error(`not saved: ${JSON.stringify(outcome.problems)}`);
  return outcome.contact;
};

const A = xpmClient({
  uuid: 'A',
  name: 'Alpha Pty Ltd',
  contacts: [xpmContact({ uuid: 'c1', name: 'Jo Smith', email: 'jo@x.com', mobile: '0412 000 001' })],
});
const B = xpmClient({
  uuid: 'B',
  name: 'Beta Pty Ltd',
  clientCode: 'B1',
  contacts: [xpmContact({ uuid: 'c2', name: 'Sam Lee', email: 'sam@x.com', mobile: '' })],
});

describe('manual contacts in the store (R8)', () => {
  it('creates, edits and deletes a manual contact; the key index follows', async () => {
    const h = new Harness();
    const created = saved(await saveManualContact(h.store, { name: 'Kim Lo', email: 'kim@x.com', mobile: '' }, ctx(h)));
    expect(created).toMatchObject({ state: 'manual', origin: 'manual', sourceKeys: [], links: [] });
    const edited = saved(
      await saveManualContact(
        h.store,
        { id: created.id, name: 'Kim Lo', email: 'kim@new.com', mobile: '0412 000 009' },
        ctx(h),
      ),
    );
    expect(edited).toMatchObject({ id: created.id, email: 'kim@new.com', mobile: '+61412000009' });
    expect(one(h.contacts())).toEqual(edited);
    expect([...h.store.keyIndex.contactsByIdentity.keys()]).toEqual(['kim lo\u0000kim@new.com']);
    await deleteManualContact(h.store, created.id);
    expect(h.contacts()).toEqual([]);
    expect(h.store.keyIndex.contactsByIdentity.size).toBe(0);
  });

  it('refuses a name + email another contact has, naming it, and writes nothing', async () => {
    const h = new Harness();
    await h.sync([A]);
    const before = h.store.records();
    const outcome = await saveManualContact(h.store, { name: ' jo SMITH', email: 'JO@x.com', mobile: '' }, ctx(h));
    expect(outcome.kind).toBe('invalid');
    expect(outcome.kind === 'invalid' && outcome.problems[0]?.message).toMatch(
      /already has this name and email: ‘Jo Smith’ \(jo@x.com, synced from XPM\)/,
    );
    expect(h.store.records()).toEqual(before);
  });

  it('invalid input writes nothing', async () => {
    const h = new Harness();
    const outcome = await saveManualContact(h.store, { name: 'Kim', email: 'kim', mobile: '' }, ctx(h));
    expect(outcome.kind === 'invalid' && outcome.problems.map((p) => p.field)).toEqual(['email']);
    expect(h.contacts()).toEqual([]);
  });

  it('refuses to edit or delete a synced contact', async () => {
    const h = new Harness();
    await h.sync([A]);
    const jo = one(h.contacts());
    await expect(
      saveManualContact(h.store, { id: jo.id, name: 'Jo', email: 'jo@x.com', mobile: '' }, ctx(h)),
    ).rejects.toMatchObject({ code: 'input/invalid', message: /Make manual/ });
    await expect(deleteManualContact(h.store, jo.id)).rejects.toBeInstanceOf(AppError);
    expect(one(h.contacts())).toEqual(jo);
  });

  it('a manual contact with the name and email of a new XPM contact is linked by the next sync (R4b)', async () => {
    const h = new Harness();
    const manual = saved(await saveManualContact(h.store, { name: 'Jo Smith', email: 'jo@x.com', mobile: '' }, ctx(h)));
    await h.sync([A]);
    expect(one(h.contacts())).toMatchObject({ id: manual.id, state: 'synced', mobile: '+61412000001' });
  });
});

describe('Make manual (R4)', () => {
  it('the next sync, incremental or full, creates a new synced contact and never relinks the detached one', async () => {
    const h = new Harness();
    await h.sync([A]);
    const jo = one(h.contacts());
    await h.store.transact(async (tx) => tx.putState({ ...(await tx.getState()), watermark: '2026-12-07T10:00:00Z' }));
    const detached = await detachContact(h.store, jo.id, h.clock.now());
    // The next sync lists every client, even a Resync Now: an unchanged client would not be listed otherwise.
    expect(h.store.state.watermark).toBeNull();
    expect(detached).toMatchObject({ state: 'manual', forcedManual: true, sourceKeys: [] });
    // The fingerprint of A was forgotten, so even an incremental run that sees A unchanged evaluates it.
    await h.sync([A], { full: false });
    expect(h.contacts()).toHaveLength(2);
    await h.sync([A]);
    const all = h.contacts();
    expect(all).toHaveLength(2);
    expect(all.find((c) => c.id === jo.id)).toEqual(detached);
    expect(all.find((c) => c.id !== jo.id)).toMatchObject({ state: 'synced', sourceKeys: ['c:c1'] });
    // The detached one is now editable, and keeping its own name and email does not clash with its twin.
    const edited = await saveManualContact(
      h.store,
      { id: jo.id, name: 'Jo Smith', email: 'jo@x.com', mobile: '' },
      ctx(h),
    );
    expect(edited.kind).toBe('saved');
  });

  it('refuses to detach a contact that is already manual', async () => {
    const h = new Harness();
    const manual = saved(await saveManualContact(h.store, { name: 'Kim', email: 'kim@x.com', mobile: '' }, ctx(h)));
    await expect(detachContact(h.store, manual.id, 1)).rejects.toMatchObject({ code: 'input/invalid' });
  });
});

describe('removing stale and missing records (R5, R6)', () => {
  it('removes missing contacts, clients and staff; they do not come back until they reappear in XPM', async () => {
    const h = new Harness();
    const staffB = { uuid: 'staff-b', name: 'Bo Gone', email: 'bo@practice.example' };
    const withBo = [...STAFF, xpmStaff(staffB)];
    await h.sync([A, B], { staff: withBo });
    await h.sync([A], { staff: STAFF });
    const sam = one(h.contacts().filter((c) => c.missingInXpm));
    expect(h.store.clients.get(lclid('B'))?.missingInXpm).toBe(true);
    expect(h.store.staff.get(xsid('staff-b'))?.missingInXpm).toBe(true);
    const result = await removeRecords(h.store, {
      contacts: [sam.id, one(h.contacts().filter((c) => !c.missingInXpm)).id],
      clients: [lclid('A'), lclid('B')],
      staff: [xsid('staff-b')],
    });
    // Live records asked for are kept.
    expect(result).toEqual({ contacts: 1, clients: 1, staff: 1, kept: 2 });
    const after = h.store.records();
    expect(after.contacts.map((c) => c.email)).toEqual(['jo@x.com']);
    expect(after.clients.map((c) => c.id)).toEqual(['A']);
    expect(after.staff.map((s) => s.id)).not.toContain('staff-b');
    expect(h.store.keyIndex.contactsBySource.has('c:c2' as never)).toBe(false);

    await h.sync([A], { full: false, staff: STAFF });
    await h.sync([A], { staff: STAFF });
    expect(h.store.records()).toEqual(after);

    // B reappears in XPM: a new client record and a new contact.
    const counts = await h.sync([A, B], { staff: STAFF });
    expect(counts.client.imported).toBe(1);
    expect(counts.contact.imported).toBe(1);
    expect(
      h
        .contacts()
        .map((c) => c.email)
        .sort(),
    ).toEqual(['jo@x.com', 'sam@x.com']);
  });

  it('a removed stale (superseded) contact does not come back', async () => {
    const h = new Harness();
    const bare = xpmClient({
      uuid: 'C',
      name: 'Casey Jones',
      email: 'casey@x.com',
      phone: '',
      clientCode: 'C1',
      contacts: [],
    });
    await h.sync([bare]);
    const derived = one(h.contacts());
    await h.sync([{ ...bare, contacts: [xpmContact({ uuid: 'c9', name: 'Pat Jones', email: 'pat@x.com' })] }]);
    expect(h.store.contacts.get(derived.id)?.stale).toBe('superseded');
    expect(await removeRecords(h.store, { contacts: [derived.id] })).toMatchObject({ contacts: 1, kept: 0 });
    await h.sync([{ ...bare, contacts: [xpmContact({ uuid: 'c9', name: 'Pat Jones', email: 'pat@x.com' })] }]);
    expect(h.contacts().map((c) => c.email)).toEqual(['pat@x.com']);
  });
});

describe('merge hint (R6): a missing client whose contacts are now under another client', () => {
  it('names the client the contacts moved to, on the missing client and on the contact', async () => {
    const h = new Harness();
    await h.sync([A, B]);
    // XPM merged A into B: A vanishes, its contact is now listed under B.
    await h.sync([{ ...B, contacts: [...B.contacts, ...A.contacts] }]);
    const alpha = h.store.clients.get(lclid('A'));
    expect(alpha).toMatchObject({ missingInXpm: true, contactsNowUnder: [{ clientId: 'B', name: 'Beta Pty Ltd' }] });
    const jo = one(h.byEmail('jo@x.com'));
    expect(jo).toMatchObject({ missingInXpm: false, leftMissingClients: [{ clientId: 'A', name: 'Alpha Pty Ltd' }] });
    expect(jo.links.map((l) => l.clientId)).toEqual(['B']);
  });
});
