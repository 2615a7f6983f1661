/**
 * A client imported before whose XPM record is now rejected keeps its last good values and carries
 * its own fix-list rejections, so the Clients page can say so; they clear when XPM is fixed or the
 * client goes (deleted or no longer listed).
 */
import { describe, expect, it } from 'vitest';
import { Harness } from '../engine-harness';
import { xpmClient, xpmContact } from '../evaluate/fixtures';
import type { ClientRecord } from '../../../src/domain/records';
import type { XpmClient } from '../../../src/xero/types';
import { outstandingClientRejections } from '../../../src/domain/record-actions';
import { fixEntryKey } from '../../../src/domain/fix-list';
import { xcid } from '../../support/ids';

const alpha = (overrides: Partial<XpmClient> = {}) =>
  xpmClient({ uuid: 'A', name: 'Alpha', contacts: [xpmContact({ uuid: 'c1', email: 'jo@x.com' })], ...overrides });
const alphaOf = (h: Harness): ClientRecord => {
  const records = [...h.store.clients.values()];
  expect(records).toHaveLength(1);
  return records[0] as ClientRecord;
};

describe('a client rejected now, imported before', () => {
  it('keeps its last good values and carries its fix-list rejections until XPM is fixed', async () => {
    const h = new Harness();
    await h.sync([alpha()]);
    const imported = alphaOf(h);
    expect('rejectedInXpm' in imported).toBe(false);

    const rejectedAt = h.clock.now();
    await h.sync([alpha({ accountManager: null, name: 'Alpha Renamed' })], { full: false });
    const kept = alphaOf(h);
    expect(kept).toMatchObject({ id: imported.id, legalName: 'Alpha', state: 'synced', missingInXpm: false });
    expect(kept.updatedAt).toBe(imported.updatedAt);
    const rejections = outstandingClientRejections(kept);
    expect(rejections.map((r) => [r.kind, r.code, r.entity, r.clientId, r.firstSeenAt])).toEqual([
      ['rejection', 'partner-missing', 'client', 'A', rejectedAt],
    ]);
    // The same entry as the fix-list's (a person's findings under it are not the client's).
    const entries = (h.store.sources.get(xcid('A'))?.findings ?? []).filter((e) => e.entity === 'client');
    expect(entries.map(fixEntryKey)).toEqual(rejections.map(fixEntryKey));

    // Found again: first seen stays.
    await h.sync([alpha({ accountManager: null, phone: '02 9000 0000' })], { full: false });
    expect(outstandingClientRejections(alphaOf(h))).toEqual(rejections);

    // Fixed in XPM: updated again, and the rejection is gone.
    await h.sync([alpha({ name: 'Alpha Two' })], { full: false });
    const fixed = alphaOf(h);
    expect(fixed.legalName).toBe('Alpha Two');
    expect('rejectedInXpm' in fixed).toBe(false);
  });

  it('clears once fixed even when the values are the last good ones (no update counted)', async () => {
    const h = new Harness();
    await h.sync([alpha()]);
    await h.sync([alpha({ accountManager: null })]);
    expect(outstandingClientRejections(alphaOf(h))).toHaveLength(1);
    const counts = await h.sync([alpha()]);
    expect(counts.client.updated).toBe(0);
    expect(alphaOf(h).rejectedInXpm).toBeUndefined();
  });

  it('clears when the client is deleted in XPM, or no longer listed', async () => {
    const h = new Harness();
    await h.sync([alpha()]);
    await h.sync([alpha({ accountManager: null })]);
    await h.sync([alpha({ accountManager: null, isDeleted: true })], { full: false });
    expect(alphaOf(h)).toMatchObject({ missingInXpm: true });
    expect(alphaOf(h).rejectedInXpm).toBeUndefined();

    const g = new Harness();
    await g.sync([alpha()]);
    await g.sync([alpha({ accountManager: null })]);
    expect(outstandingClientRejections(alphaOf(g))).toHaveLength(1);
    await g.sync([]);
    expect(alphaOf(g)).toMatchObject({ missingInXpm: true });
    expect(alphaOf(g).rejectedInXpm).toBeUndefined();
    expect(outstandingClientRejections({ ...alphaOf(g), missingInXpm: false, state: 'disconnected' })).toEqual([]);
  });
});
