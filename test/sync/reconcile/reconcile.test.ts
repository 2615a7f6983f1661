import { describe, expect, it } from 'vitest';
import { Harness } from '../engine-harness';
import { staffRef, xpmClient, xpmContact, xpmStaff } from '../evaluate/fixtures';
import type { ClientRecord, ContactRecord } from '../../../src/domain/records';
import { lcid, lclid, xcid } from '../../support/ids';
import { writeLocalEdit } from '../../../src/sync/local-edits';
import { newManualContact } from '../../../src/sync/local/manual-contacts';
import { words } from '../../support/words';

const one = <T>(items: readonly T[]): T => {
  expect(items).toHaveLength(1);
  return items[0] as T;
};

describe('R3 uniqueness and merging', () => {
  it('merges the same (name, email) from two clients into one contact listing both sources', async () => {
    const h = new Harness();
    const a = xpmClient({
      uuid: 'A',
      name: 'Alpha',
      contacts: [
        xpmContact({ uuid: 'c1', name: 'Jo Smith', email: 'jo@x.com', mobile: '0412 000 001', isPrimary: false }),
      ],
    });
    const b = xpmClient({
      uuid: 'B',
      name: 'Beta',
      clientCode: 'B1',
      contacts: [
        xpmContact({ uuid: 'c2', name: ' jo  SMITH ', email: 'JO@x.com', mobile: '0412 000 002', isPrimary: true }),
      ],
    });
    const counts = await h.sync([a, b]);
    const jo = one(h.contacts());
    expect(jo.links.map((l) => [l.contactId, l.clientId])).toEqual([
      ['c1', 'A'],
      ['c2', 'B'],
    ]);
    expect(jo.mobile).toBe('+61412000002'); // the primary contact's mobile wins
    expect(jo.warnings).toContain('duplicate-merged');
    const merged = h.logOf(1).filter((e) => e.code === 'duplicate-merged');
    expect(merged).toHaveLength(1);
    expect(words(merged[0]).message).toMatch(/mobiles differ/i);
    expect(counts.contact.imported).toBe(1);
  });

  it('keeps the first mobile in XPM order when no duplicate is primary, and never lets a blank win', async () => {
    const h = new Harness();
    const a = xpmClient({
      uuid: 'A',
      contacts: [xpmContact({ uuid: 'c1', name: 'Jo Smith', email: 'jo@x.com', mobile: '', isPrimary: false })],
    });
    const b = xpmClient({
      uuid: 'B',
      clientCode: 'B1',
      contacts: [
        xpmContact({ uuid: 'c2', name: 'Jo Smith', email: 'jo@x.com', mobile: '0412 000 002', isPrimary: false }),
      ],
    });
    const c = xpmClient({
      uuid: 'C',
      clientCode: 'C1',
      contacts: [
        xpmContact({ uuid: 'c3', name: 'Jo Smith', email: 'jo@x.com', mobile: '0412 000 003', isPrimary: false }),
      ],
    });
    await h.sync([a, b, c]);
    expect(one(h.contacts()).mobile).toBe('+61412000002');
  });

  it('one XPM contact linked to several clients is one contact with several client links and no merge warning', async () => {
    const h = new Harness();
    const shared = xpmContact({ uuid: 'c1', name: 'Jo Smith', email: 'jo@x.com' });
    await h.sync([
      xpmClient({ uuid: 'A', contacts: [shared] }),
      xpmClient({ uuid: 'B', clientCode: 'B1', contacts: [{ ...shared, isPrimary: false }] }),
    ]);
    const jo = one(h.contacts());
    expect(jo.links.map((l) => l.clientId)).toEqual(['A', 'B']);
    expect(jo.sourceKeys).toEqual(['c:c1']);
    expect(jo.warnings).not.toContain('duplicate-merged');
  });
});

describe('R4 matching on each sync and R7 changes', () => {
  it('updates the linked contact when XPM changes its mobile and records the change', async () => {
    const h = new Harness();
    const client = (mobile: string) =>
      xpmClient({ uuid: 'A', contacts: [xpmContact({ uuid: 'c1', name: 'Jo Smith', email: 'jo@x.com', mobile })] });
    await h.sync([client('0412 000 001')]);
    const counts = await h.sync([client('0412 000 009')], { full: false });
    expect(counts.contact).toMatchObject({ imported: 0, updated: 1, unchanged: 0 });
    expect(one(h.contacts()).mobile).toBe('+61412000009');
    expect(h.store.changes).toEqual([
      expect.objectContaining({ field: 'mobile', from: '+61412000001', to: '+61412000009', runId: 'run-2' }),
    ]);
  });

  it('follows an email change on the same XPM contact (same record, new identity, highlighted)', async () => {
    const h = new Harness();
    const client = (email: string) =>
      xpmClient({ uuid: 'A', contacts: [xpmContact({ uuid: 'c1', name: 'Jo Smith', email })] });
    await h.sync([client('jo@old.com')]);
    const before = one(h.contacts());
    await h.sync([client('jo@new.com')], { full: false });
    const after = one(h.contacts());
    expect(after.id).toBe(before.id);
    expect(after.email).toBe('jo@new.com');
    expect(after.emailChangedAt).not.toBeNull();
    expect(h.store.changes.map((c) => c.field)).toEqual(['email']);
  });

  it('a second identical sync changes nothing and writes nothing', async () => {
    const h = new Harness();
    const data = [xpmClient({ uuid: 'A' }), xpmClient({ uuid: 'B', clientCode: 'B1', contacts: [] })];
    await h.sync(data);
    const snapshot = h.store.records();
    const counts = await h.sync(data);
    expect(counts.contact).toMatchObject({ imported: 0, updated: 0, unchanged: 2 });
    expect(counts.client).toMatchObject({ imported: 0, updated: 0, unchanged: 2 });
    expect(h.store.records()).toEqual(snapshot);
  });

  it('R4b links a manual contact without XPM metadata that has the same name and email', async () => {
    const h = new Harness();
    const manual = newManualContact(
      { identityKey: 'jo smith\u0000jo@x.com', name: 'Jo Smith', email: 'jo@x.com', mobile: null },
      lcid('manual-1'),
      1,
    );
    await h.store.transact((tx) => writeLocalEdit(tx, { contacts: [manual] }));
    const counts = await h.sync([
      xpmClient({
        uuid: 'A',
        contacts: [xpmContact({ uuid: 'c1', name: 'JO  smith', email: 'Jo@X.com', mobile: '0412 000 001' })],
      }),
    ]);
    const jo = one(h.contacts());
    expect(jo.id).toBe('manual-1');
    expect(jo).toMatchObject({ state: 'synced', mobile: '+61412000001', sourceKeys: ['c:c1'] });
    expect(counts.contact).toMatchObject({ imported: 0, updated: 1 });
    // R7: the takeover is in the contact's history — the values XPM replaced, and that it is now synced.
    expect(h.store.changes.map((c) => [c.contactId, c.field, c.from, c.to, c.runId])).toEqual([
      ['manual-1', 'name', 'Jo Smith', 'JO smith', 'run-1'],
      ['manual-1', 'email', 'jo@x.com', 'Jo@X.com', 'run-1'],
      ['manual-1', 'mobile', null, '+61412000001', 'run-1'],
      ['manual-1', 'source', 'manual', 'synced', 'run-1'],
    ]);
  });

  it('R4b takeover with the same values still records that the contact is now synced', async () => {
    const h = new Harness();
    const manual = newManualContact(
      { identityKey: 'jo smith\u0000jo@x.com', name: 'Jo Smith', email: 'jo@x.com', mobile: '+61412000001' },
      lcid('manual-1'),
      1,
    );
    await h.store.transact((tx) => writeLocalEdit(tx, { contacts: [manual] }));
    const data = [
      xpmClient({
        uuid: 'A',
        contacts: [xpmContact({ uuid: 'c1', name: 'Jo Smith', email: 'jo@x.com', mobile: '0412 000 001' })],
      }),
    ];
    await h.sync(data);
    expect(h.store.changes.map((c) => [c.field, c.from, c.to])).toEqual([['source', 'manual', 'synced']]);
    // A later sync of the now synced contact records nothing more.
    await h.sync(data);
    expect(h.store.changes).toHaveLength(1);
  });

  it('never relinks a detached (forced manual) contact: its source creates a new synced contact', async () => {
    const h = new Harness();
    const data = [
      xpmClient({ uuid: 'A', contacts: [xpmContact({ uuid: 'c1', name: 'Jo Smith', email: 'jo@x.com' })] }),
    ];
    await h.sync(data);
    const original = one(h.contacts());
    const detached: ContactRecord = {
      ...original,
      state: 'manual',
      forcedManual: true,
      sourceKeys: [],
      name: 'Jo (edited)',
    };
    await h.store.transact((tx) => writeLocalEdit(tx, { contacts: [detached], before: { contacts: [original] } }));
    await h.sync(data);
    const all = h.contacts();
    expect(all).toHaveLength(2);
    expect(all.find((c) => c.id === original.id)).toEqual(detached);
    expect(all.find((c) => c.id !== original.id)).toMatchObject({
      state: 'synced',
      sourceKeys: ['c:c1'],
      name: 'Jo Smith',
    });
  });

  it('relinks a manual contact left by a disconnect through its XPM metadata (R4a)', async () => {
    const h = new Harness();
    const data = [
      xpmClient({ uuid: 'A', contacts: [xpmContact({ uuid: 'c1', name: 'Jo Smith', email: 'jo@x.com' })] }),
    ];
    await h.sync(data);
    const original = one(h.contacts());
    await h.store.transact((tx) => writeLocalEdit(tx, { contacts: [{ ...original, state: 'manual' }] }));
    await h.sync(data);
    expect(one(h.contacts())).toMatchObject({ id: original.id, state: 'synced' });
  });

  it('moves a source whose new email already belongs to another contact, leaving a stale leftover', async () => {
    const h = new Harness();
    const a = (email: string) =>
      xpmClient({ uuid: 'A', contacts: [xpmContact({ uuid: 'c1', name: 'Jo Smith', email })] });
    const b = xpmClient({
      uuid: 'B',
      clientCode: 'B1',
      contacts: [xpmContact({ uuid: 'c2', name: 'Jo Smith', email: 'jo@b.com' })],
    });
    await h.sync([a('jo@a.com'), b]);
    expect(h.live()).toHaveLength(2);
    await h.sync([a('jo@b.com'), b]);
    const live = one(h.live());
    expect([...live.sourceKeys].sort()).toEqual(['c:c1', 'c:c2']);
    const leftover = one(h.contacts().filter((c) => c.stale === 'merged'));
    expect(leftover).toMatchObject({ mergedInto: live.id, sourceKeys: [] });
  });

  it('a merged person whose email changes under every source keeps the record, its history and the highlight (review M5)', async () => {
    const h = new Harness();
    const a = (email: string) =>
      xpmClient({ uuid: 'A', contacts: [xpmContact({ uuid: 'c1', name: 'Jo Smith', email })] });
    const b = (email: string) =>
      xpmClient({ uuid: 'B', clientCode: 'B1', contacts: [xpmContact({ uuid: 'c2', name: 'Jo Smith', email })] });
    await h.sync([a('jo@old.com'), b('jo@old.com')]);
    const merged = one(h.contacts());
    const counts = await h.sync([a('jo@new.com'), b('jo@new.com')], { full: false });
    const after = one(h.contacts());
    expect(after).toMatchObject({ id: merged.id, email: 'jo@new.com', stale: null });
    expect([...after.sourceKeys].sort()).toEqual(['c:c1', 'c:c2']);
    expect(after.emailChangedAt).not.toBeNull();
    expect(h.store.changes.map((c) => [c.field, c.from, c.to])).toEqual([['email', 'jo@old.com', 'jo@new.com']]);
    expect(counts.contact).toMatchObject({ imported: 0, updated: 1 });
  });

  it('splits a merged contact when one of its sources changes identity', async () => {
    const h = new Harness();
    const a = xpmClient({ uuid: 'A', contacts: [xpmContact({ uuid: 'c1', name: 'Jo Smith', email: 'jo@x.com' })] });
    const b = (email: string) =>
      xpmClient({ uuid: 'B', clientCode: 'B1', contacts: [xpmContact({ uuid: 'c2', name: 'Jo Smith', email })] });
    await h.sync([a, b('jo@x.com')]);
    const merged = one(h.contacts());
    await h.sync([b('jo@other.com')], { full: false });
    const kept = h.contacts().find((c) => c.id === merged.id);
    expect(kept).toMatchObject({ sourceKeys: ['c:c1'], email: 'jo@x.com' });
    expect(kept?.warnings).not.toContain('duplicate-merged');
    expect(h.contacts().find((c) => c.id !== merged.id)).toMatchObject({ sourceKeys: ['c:c2'], email: 'jo@other.com' });
  });
});

describe('R5 client-derived records go stale', () => {
  const noContacts = xpmClient({
    uuid: 'A',
    name: 'Acme Pty Ltd',
    email: 'office@acme.com',
    phone: '0412 000 001',
    contacts: [],
  });
  const withContact = {
    ...noContacts,
    contacts: [xpmContact({ uuid: 'c1', name: 'Leanne Smith', email: 'leanne@acme.com' })],
  };

  it('marks the client-derived record stale once a valid contact appears, and revives it if the client falls back again', async () => {
    const h = new Harness();
    await h.sync([noContacts]);
    const derived = one(h.contacts());
    expect(derived).toMatchObject({ origin: 'client', sourceKeys: ['k:A'], mobile: '+61412000001' });
    await h.sync([withContact], { full: false });
    expect(h.contacts().find((c) => c.id === derived.id)).toMatchObject({ stale: 'superseded', name: 'Acme Pty Ltd' });
    expect(one(h.live())).toMatchObject({ origin: 'contact', email: 'leanne@acme.com' });
    await h.sync([{ ...noContacts, email: 'new@acme.com' }], { full: false });
    expect(h.contacts().find((c) => c.id === derived.id)).toMatchObject({ stale: null, email: 'new@acme.com' });
  });

  it('when the new contact has the same name and email, keeps one record and drops the client link', async () => {
    const h = new Harness();
    const client = xpmClient({ uuid: 'A', name: 'Jo Smith', email: 'jo@x.com', phone: '', contacts: [] });
    await h.sync([client]);
    const derived = one(h.contacts());
    await h.sync(
      [{ ...client, contacts: [xpmContact({ uuid: 'c1', name: 'Jo Smith', email: 'jo@x.com', mobile: '' })] }],
      { full: false },
    );
    expect(one(h.contacts())).toMatchObject({
      id: derived.id,
      origin: 'contact',
      sourceKeys: ['c:c1'],
      stale: null,
      warnings: [],
    });
    // Not a duplicate: the contact supersedes its own client's fallback (review minor 8).
    expect(h.logOf(2).filter((e) => e.code === 'duplicate-merged')).toEqual([]);
  });
});

describe('R6 removed in XPM', () => {
  const a = xpmClient({ uuid: 'A', contacts: [xpmContact({ uuid: 'c1', name: 'Jo Smith', email: 'jo@x.com' })] });
  const b = xpmClient({
    uuid: 'B',
    clientCode: 'B1',
    contacts: [xpmContact({ uuid: 'c2', name: 'Sam Lee', email: 'sam@x.com' })],
  });

  it('a completed full pass marks what XPM no longer has; nothing is deleted; an incremental run does not', async () => {
    const h = new Harness();
    await h.sync([a, b]);
    await h.sync([a], { full: false });
    expect(h.live()).toHaveLength(2);
    const counts = await h.sync([a]);
    expect(counts.client.missing).toBe(1);
    expect(counts.contact.missing).toBe(1);
    expect(h.store.clients.get(lclid('B'))).toMatchObject({ missingInXpm: true });
    expect(h.contacts().find((c) => c.email === 'sam@x.com')).toMatchObject({
      missingInXpm: true,
      sourceKeys: ['c:c2'],
    });
    await h.sync([a, b]);
    expect(h.live()).toHaveLength(2);
    expect(h.store.clients.get(lclid('B'))).toMatchObject({ missingInXpm: false });
  });

  it('marks a client observed as deleted right away, and its people on the next full pass', async () => {
    const h = new Harness();
    await h.sync([a, b]);
    const counts = await h.sync([{ ...b, isDeleted: true }], { full: false });
    expect(counts.client).toMatchObject({ skipped: 1, missing: 1 });
    expect(h.store.clients.get(lclid('B'))).toMatchObject({ missingInXpm: true });
    await h.sync([a, { ...b, isDeleted: true }]);
    expect(h.contacts().find((c) => c.email === 'sam@x.com')).toMatchObject({ missingInXpm: true });
  });

  it('does not mark people of archived (skipped) clients or rejected people as missing', async () => {
    const h = new Harness();
    await h.sync([a, b]);
    await h.sync([a, { ...b, isArchived: true }]);
    await h.sync([{ ...a, contacts: [xpmContact({ uuid: 'c1', name: 'Jo Smith', email: 'not an email' })] }, b]);
    expect(h.contacts().every((c) => !c.missingInXpm)).toBe(true);
  });

  it('a sweep that changes what a merged contact shows records the change and counts it as updated (review minor 1)', async () => {
    const h = new Harness();
    const a = xpmClient({
      uuid: 'A',
      contacts: [
        xpmContact({ uuid: 'c1', name: 'Jo Smith', email: 'jo@x.com', mobile: '0412 000 001', isPrimary: true }),
      ],
    });
    const b = xpmClient({
      uuid: 'B',
      clientCode: 'B1',
      contacts: [
        xpmContact({ uuid: 'c2', name: 'Jo Smith', email: 'jo@x.com', mobile: '0412 000 002', isPrimary: false }),
      ],
    });
    await h.sync([a, b]);
    expect(one(h.contacts()).mobile).toBe('+61412000001');
    const counts = await h.sync([b]);
    expect(one(h.contacts()).mobile).toBe('+61412000002');
    expect(counts.contact).toMatchObject({ updated: 1, unchanged: 0 });
    expect(h.store.changes).toEqual([
      expect.objectContaining({ field: 'mobile', from: '+61412000001', to: '+61412000002' }),
    ]);
  });

  it('drops a client link XPM removed while the contact stays linked elsewhere', async () => {
    const h = new Harness();
    const shared = xpmContact({ uuid: 'c1', name: 'Jo Smith', email: 'jo@x.com' });
    await h.sync([
      { ...a, contacts: [shared] },
      { ...b, contacts: [shared] },
    ]);
    expect(one(h.contacts()).links).toHaveLength(2);
    await h.sync([
      { ...a, contacts: [shared] },
      { ...b, contacts: [] },
    ]);
    expect(one(h.contacts().filter((c) => c.origin === 'contact')).links.map((l) => l.clientId)).toEqual(['A']);
  });
});

describe('R12 client code de-duplication', () => {
  it('a new XPM client takes over a missing record with the same code instead of duplicating it', async () => {
    const h = new Harness();
    await h.sync([xpmClient({ uuid: 'OLD', clientCode: 'ABC' })]);
    await h.sync([]);
    expect(h.store.clients.get(lclid('OLD'))).toMatchObject({ missingInXpm: true });
    const counts = await h.sync([xpmClient({ uuid: 'NEW', clientCode: ' abc ' })]);
    expect(counts.client).toMatchObject({ imported: 0, updated: 1 });
    expect([...h.store.clients.values()]).toEqual([
      expect.objectContaining({ id: 'OLD', xpmId: xcid('NEW'), missingInXpm: false, code: 'abc' }),
    ]);
  });

  it('a disconnected record is not taken over by a new client listed before its own (review M1)', async () => {
    const h = new Harness();
    await h.sync([xpmClient({ uuid: 'A', name: 'Alpha', clientCode: 'DUP' })]);
    const original = h.store.clients.get(lclid('A'));
    if (!original) throw new Error('not imported');
    await h.store.transact((tx) => writeLocalEdit(tx, { clients: [{ ...original, state: 'disconnected' }] }));
    const counts = await h.sync([
      xpmClient({ uuid: 'B', name: 'Beta', clientCode: 'DUP', contacts: [] }),
      xpmClient({ uuid: 'A', name: 'Alpha', clientCode: 'DUP' }),
    ]);
    const records = [...h.store.clients.values()].map((c) => `${c.id}:${c.xpmId}:${c.legalName}:${c.state}`).sort();
    expect(records).toEqual(['A:A:Alpha:synced', 'B:B:Beta:synced']);
    expect(counts.client).toMatchObject({ imported: 1, updated: 1 });
  });

  it('a client that reappears after its record was taken over gets a record of its own (review M1)', async () => {
    const h = new Harness();
    await h.sync([xpmClient({ uuid: 'A', name: 'Alpha', clientCode: 'DUP' })]);
    await h.sync([]);
    await h.sync([xpmClient({ uuid: 'B', name: 'Beta', clientCode: 'DUP', contacts: [] })]);
    expect(h.store.clients.get(lclid('A'))).toMatchObject({ xpmId: xcid('B'), legalName: 'Beta' });
    const counts = await h.sync(
      [
        xpmClient({ uuid: 'B', name: 'Beta', clientCode: 'DUP', contacts: [] }),
        xpmClient({ uuid: 'A', name: 'Alpha', clientCode: 'DUP' }),
      ],
      { full: false },
    );
    const byXpm = new Map<string, ClientRecord>([...h.store.clients.values()].map((c) => [c.xpmId, c]));
    expect(byXpm.get('B')).toMatchObject({ id: 'A', legalName: 'Beta' });
    expect(byXpm.get('A')).toMatchObject({ legalName: 'Alpha' });
    expect(byXpm.get('A')?.id).not.toBe('A');
    expect(counts.client.imported).toBe(1);
  });

  it('never takes over a record another live XPM client still feeds', async () => {
    const h = new Harness();
    await h.sync([
      xpmClient({ uuid: 'ONE', clientCode: 'ABC' }),
      xpmClient({ uuid: 'TWO', clientCode: 'ABC', contacts: [] }),
    ]);
    expect(h.store.clients.size).toBe(2);
  });
});

describe('staff (R9) and partners (R11)', () => {
  it('marks staff missing when the (always complete) staff list no longer has them', async () => {
    const h = new Harness();
    await h.sync([]);
    const counts = await h.sync([], { staff: [] });
    expect(counts.staff.missing).toBe(2);
    expect([...h.store.staff.values()].every((s) => s.missingInXpm)).toBe(true);
  });

  it('rejects a client whose partner is not among the synced staff', async () => {
    const h = new Harness();
    const counts = await h.sync([xpmClient({ uuid: 'A' })], { staff: [] });
    expect(counts.client.rejected).toBe(1);
    expect(h.logOf(1).map((e) => e.code)).toContain('partner-not-found');
  });
});

describe('XPM 3.0 → 3.1: identities change form, records carry on (M11)', () => {
  it('contacts and staff first known by integer id are relinked to their UUIDs, not duplicated', async () => {
    const h = new Harness();
    const staffV30 = [xpmStaff({ uuid: '', numericId: '77', name: 'Pat Partner', email: 'pat@practice.example' })];
    const v30 = [
      xpmClient({
        uuid: 'A',
        numericId: '900',
        accountManager: staffRef('', 'Pat Partner', '77'),
        contacts: [xpmContact({ uuid: '', numericId: '123', name: 'Jo Smith', email: 'jo@x.com' })],
      }),
    ];
    await h.sync(v30, { staff: staffV30 });
    const [before] = h.contacts();
    const staffBefore = [...h.store.staff.values()];
    expect(before?.sourceKeys).toEqual(['c:id:123']);
    expect(staffBefore.map((s) => s.id)).toEqual(['id:77']);

    const staffV31 = [xpmStaff({ uuid: 'pat-uuid', name: 'Pat Partner', email: 'pat@practice.example' })];
    const v31 = [
      xpmClient({
        uuid: 'A',
        accountManager: staffRef('pat-uuid', 'Pat Partner'),
        contacts: [xpmContact({ uuid: 'jo-uuid', name: 'Jo Smith', email: 'jo@x.com' })],
      }),
    ];
    const counts = await h.sync(v31, { staff: staffV31 });
    expect(counts.contact.imported).toBe(0);
    expect(counts.staff.imported).toBe(0);
    expect(counts.contact.missing + counts.staff.missing + counts.client.missing).toBe(0);
    const after = h.contacts();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: before?.id, sourceKeys: ['c:jo-uuid'], missingInXpm: false });
    const staffAfter = [...h.store.staff.values()];
    expect(staffAfter).toHaveLength(1);
    expect(staffAfter[0]).toMatchObject({ id: 'pat-uuid', createdAt: staffBefore[0]?.createdAt, missingInXpm: false });
    // The client keeps the integer id it was seen with, for links in Xero's documented form.
    expect([...h.store.clients.values()][0]).toMatchObject({ xpmId: 'A', xpmNumericId: '900' });
  });

  it('a contact sent with both ids is found again by either (UUID now, integer id before)', async () => {
    const h = new Harness();
    await h.sync([
      xpmClient({ uuid: 'A', contacts: [xpmContact({ uuid: '', numericId: '5', name: 'Jo', email: 'jo@x.com' })] }),
    ]);
    const [before] = h.contacts();
    // Now with both: the UUID is the identity, and the record linked under id:5 is relinked to it.
    await h.sync([
      xpmClient({
        uuid: 'A',
        contacts: [xpmContact({ uuid: 'jo-uuid', numericId: '5', name: 'Jo Renamed', email: 'jo.new@x.com' })],
      }),
    ]);
    const after = h.contacts();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: before?.id, name: 'Jo Renamed', sourceKeys: ['c:jo-uuid'] });
  });
});
