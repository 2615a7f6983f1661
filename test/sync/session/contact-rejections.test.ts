/**
 * A synced contact whose XPM record is now rejected keeps its last good values and carries the
 * rejection (the fix-list's entry), so the Contacts page can say so; it clears when XPM is fixed.
 */
import { describe, expect, it } from 'vitest';
import { Harness } from '../engine-harness';
import { xpmClient, xpmContact } from '../evaluate/fixtures';
import type { ContactRecord } from '../../../src/domain/records';
import { outstandingRejections } from '../../../src/domain/record-actions';
import { explainIssue } from '../../../src/domain/wording/findings';
import { writeLocalEdit } from '../../../src/sync/local-edits';
import { fixEntryKey } from '../../../src/domain/fix-list';
import { xcid } from '../../support/ids';

const one = <T>(items: readonly T[]): T => {
  expect(items).toHaveLength(1);
  return items[0] as T;
};

const jo = (email: string, extra: Partial<Parameters<typeof xpmContact>[0]> = {}) =>
  xpmContact({ uuid: 'c1', name: 'Jo Smith', email, mobile: '0412 000 001', ...extra });
/** Al keeps the client with a valid contact, so its own details are not used instead (R1b). */
const al = xpmContact({ uuid: 'c2', name: 'Al Brown', email: 'al@x.com', isPrimary: false });
const clientA = (...contacts: ReturnType<typeof xpmContact>[]) =>
  xpmClient({ uuid: 'A', name: 'Alpha', contacts: [...contacts, al] });
const joOf = (h: Harness) => one(h.contacts().filter((c) => c.sourceKeys.includes('c:c1' as never)));

describe('a contact rejected now, imported before', () => {
  it('keeps its last good values and carries the fix-list rejection until XPM is fixed', async () => {
    const h = new Harness();
    await h.sync([clientA(jo('jo@x.com'))]);
    const imported = joOf(h);
    expect(outstandingRejections(imported)).toEqual([]);
    expect('rejectedInXpm' in imported).toBe(false);

    const rejectedAt = h.clock.now();
    await h.sync([clientA(jo('jo@x'))], { full: false });
    const kept = joOf(h);
    expect(kept).toMatchObject({ id: imported.id, email: 'jo@x.com', mobile: '+61412000001', state: 'synced' });
    expect(kept.updatedAt).toBe(imported.updatedAt); // its values did not change
    const [rejection, ...others] = outstandingRejections(kept);
    expect(others).toEqual([]);
    expect(rejection).toMatchObject({
      kind: 'rejection',
      code: 'email-invalid',
      entity: 'contact',
      clientId: 'A',
      contactId: 'c1',
      field: 'Email',
      value: 'jo@x',
      firstSeenAt: rejectedAt,
    });
    // The same entry as the fix-list's, worded the same way.
    const entry = one(h.store.sources.get(xcid('A'))?.findings ?? []);
    expect(fixEntryKey(entry)).toBe(fixEntryKey(rejection ?? entry));
    expect(explainIssue(rejection ?? entry).message).toBe(explainIssue(entry).message);

    // A later run that finds the same problem writes nothing new (first seen stays).
    await h.sync([clientA(jo('jo@x', { phone: '02 9999 0000' }))], { full: false });
    expect(outstandingRejections(joOf(h))).toEqual([rejection]);

    // Fixed in XPM: updated again, and the rejection is gone.
    await h.sync([clientA(jo('jo@new.com'))], { full: false });
    const fixed = joOf(h);
    expect(fixed.email).toBe('jo@new.com');
    expect(outstandingRejections(fixed)).toEqual([]);
    expect('rejectedInXpm' in fixed).toBe(false);
  });

  it('clears when the rejected person is deleted in XPM or the client goes', async () => {
    const h = new Harness();
    await h.sync([clientA(jo('jo@x.com'))]);
    await h.sync([clientA(jo('jo@x'))]);
    expect(outstandingRejections(one(h.byEmail('jo@x.com')))).toHaveLength(1);
    await h.sync([clientA(jo('jo@x', { isDeleted: true }))], { full: false });
    expect(one(h.byEmail('jo@x.com')).rejectedInXpm).toBeUndefined();
    // Rejected again, then its client is deleted in XPM: nothing of it is outstanding any more.
    await h.sync([clientA(jo('jo@x.com'))]);
    await h.sync([clientA(jo('jo@x'))]);
    expect(outstandingRejections(one(h.byEmail('jo@x.com')))).toHaveLength(1);
    await h.sync([xpmClient({ uuid: 'A', name: 'Alpha', isDeleted: true, contacts: [jo('jo@x'), al] })]);
    expect(one(h.byEmail('jo@x.com')).rejectedInXpm).toBeUndefined();
  });

  it('a rejected XPM contact that never fed the contact is not its rejection', async () => {
    const h = new Harness();
    const b = (email: string) =>
      xpmClient({
        uuid: 'B',
        name: 'Beta',
        clientCode: 'B1',
        contacts: [xpmContact({ uuid: 'c9', name: 'Jo Smith', email, mobile: '0412 x' })],
      });
    await h.sync([clientA(jo('jo@x.com')), b('jo@x.com')]);
    expect(joOf(h).sourceKeys).toEqual(['c:c1']); // c9's mobile was never valid
    expect(outstandingRejections(joOf(h))).toEqual([]); // so c9's rejection is not this contact's
  });

  it('a contact made from the client’s own details carries its rejection, and never that of a person XPM sent without an id', async () => {
    const h = new Harness();
    const fallback = (phone: string) =>
      xpmClient({
        uuid: 'K',
        name: 'Kappa Pty Ltd',
        email: 'accounts@kappa.com',
        phone,
        // No valid contact (an id-less person with a bad email), so the client's own details are used (R1b).
        contacts: [xpmContact({ uuid: '', numericId: '', name: 'No Id', email: 'no-id@x' })],
      });
    await h.sync([fallback('0412 000 005')]);
    const kappa = one(h.contacts());
    expect(kappa.sourceKeys).toEqual(['k:K']);
    expect(kappa.rejectedInXpm).toBeUndefined(); // the id-less person's rejections are not the client's
    await h.sync([fallback('0412 000 005 (after 5)')]);
    const rejected = one(h.contacts());
    expect(rejected.mobile).toBe('+61412000005');
    expect(outstandingRejections(rejected).map((r) => [r.code, r.contactId, r.field, r.value])).toEqual([
      ['mobile-invalid', null, 'Phone', '0412 000 005 (after 5)'],
    ]);
  });

  it('a detached or missing contact shows no XPM rejection', async () => {
    const h = new Harness();
    await h.sync([clientA(jo('jo@x.com'))]);
    await h.sync([clientA(jo('jo@x'))]);
    const rejected = joOf(h);
    expect(outstandingRejections(rejected)).toHaveLength(1);
    const detached: ContactRecord = { ...rejected, state: 'manual', forcedManual: true, sourceKeys: [] };
    expect(outstandingRejections(detached)).toEqual([]);
    expect(outstandingRejections({ ...rejected, missingInXpm: true })).toEqual([]);
    await h.store.transact((tx) => writeLocalEdit(tx, { contacts: [detached], before: { contacts: [rejected] } }));
    await h.sync([clientA(jo('jo@y'))]);
    expect(h.contacts().find((c) => c.id === rejected.id)?.rejectedInXpm).toEqual(rejected.rejectedInXpm);
  });
});
