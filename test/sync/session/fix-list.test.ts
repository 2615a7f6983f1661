/**
 * The standing fix-list across runs (U2) and each run's record of its size per reason (U3), through
 * the engine over the in-memory store.
 */
import { describe, expect, it } from 'vitest';
import { countByFixReason, fixEntryKey, fixReasonOf, type FixEntry } from '../../../src/domain/fix-list';
import type { RunRecord } from '../../../src/domain/runs';
import { Harness, STAFF } from '../engine-harness';
import { xpmClient, xpmContact, xpmStaff } from '../evaluate/fixtures';

/** n clients, each with one good contact; every third one's contact has a note in its mobile (rejected). */
function practice(n: number) {
  return Array.from({ length: n }, (_, i) =>
    xpmClient({
      uuid: `client-${i}`,
      name: `Client ${i}`,
      clientCode: `C${i}`,
      contacts: [
        xpmContact({
          uuid: `contact-${i}`,
          name: `Person ${i}`,
          email: `person${i}@example.com`,
          mobile: i % 3 === 0 ? '0412 345 678 (after 5pm)' : '0412 345 678',
        }),
      ],
    }),
  );
}

function at<T>(list: readonly T[], index: number): T {
  const item = list[index];
  if (item === undefined) throw new Error(`no item ${index}`);
  return item;
}

function keys(entries: readonly FixEntry[]): string[] {
  return entries.map((entry) => `${fixReasonOf(entry)}|${fixEntryKey(entry)}`).sort();
}

function lastRun(h: Harness): RunRecord {
  const runs = [...h.store.runs.values()];
  const run = runs[runs.length - 1];
  if (run === undefined) throw new Error('no run');
  return run;
}

describe('the standing fix-list', () => {
  it('keeps every entry after a Resync Now that saw only an unrelated client, with the first-seen time', async () => {
    const h = new Harness();
    const clients = practice(30);
    await h.sync(clients);
    const first = h.store.fixList();
    expect(first.filter((e) => e.code === 'mobile-invalid')).toHaveLength(10);

    await h.sync([{ ...at(clients, 1), name: 'Client 1 renamed' }], { full: false });
    const after = h.store.fixList();
    expect(keys(after)).toEqual(keys(first));
    const firstSeen = new Map(first.map((e) => [fixEntryKey(e), e.firstSeenAt]));
    for (const entry of after) expect(entry.firstSeenAt).toBe(firstSeen.get(fixEntryKey(entry)));
  });

  it('drops a rejected record fixed in XPM after a Resync Now that sees it; keeps the first-seen time of the rest', async () => {
    const h = new Harness();
    const clients = practice(30);
    await h.sync(clients);
    const before = h.store.fixList();
    const fixed = ['client-0', 'client-3', 'client-6'];
    const changed = clients
      .filter((c) => fixed.includes(c.uuid))
      .map((c) => ({ ...c, contacts: c.contacts.map((k) => ({ ...k, mobile: '0412 345 678' })) }));
    await h.sync(changed, { full: false });
    const after = h.store.fixList();
    expect(after).toHaveLength(before.length - 3);
    expect(after.some((e) => fixed.includes(e.clientId ?? ''))).toBe(false);
  });

  it('keeps an entry for each source XPM sent without an id: two people without one and the client’s own details', async () => {
    const h = new Harness();
    const client = xpmClient({
      uuid: 'client-x',
      name: 'Xavier Holdings',
      clientCode: 'XH1',
      email: 'accounts at xavier',
      contacts: [
        xpmContact({ uuid: '', name: 'Ann Lee', email: 'ann at xavier' }),
        xpmContact({ uuid: '', name: 'Bob Ray', email: 'bob at xavier' }),
      ],
    });
    await h.sync([client]);
    const list = h.store.fixList();
    // Both people lack an id (one entry each), and each one's email and the client's own email fail
    // on the same reason and field: three entries, none folded into another.
    expect(list.filter((e) => e.code === 'id-missing').map((e) => e.personName)).toEqual(
      expect.arrayContaining(['Ann Lee', 'Bob Ray']),
    );
    expect(list.filter((e) => e.code === 'id-missing')).toHaveLength(2);
    const emails = list.filter((e) => e.entity === 'contact' && e.code === 'email-invalid');
    expect(emails.map((e) => e.value).sort()).toEqual(['accounts at xavier', 'ann at xavier', 'bob at xavier']);
    expect(new Set(list.map(fixEntryKey)).size).toBe(list.length);

    // The same findings again keep their first-seen times (the key is stable across runs).
    await h.sync([client]);
    const again = h.store.fixList();
    expect(keys(again)).toEqual(keys(list));
    const firstSeen = new Map(list.map((e) => [fixEntryKey(e), e.firstSeenAt]));
    for (const entry of again) expect(entry.firstSeenAt).toBe(firstSeen.get(fixEntryKey(entry)));
  });

  it('a completed Resync All replaces the set: clients gone from XPM drop out', async () => {
    const h = new Harness();
    const clients = practice(30);
    await h.sync(clients);
    await h.sync(
      clients.filter((c) => c.uuid !== 'client-9'),
      { full: true },
    );
    const after = h.store.fixList();
    expect(after.some((e) => e.clientId === 'client-9')).toBe(false);
    expect(after.filter((e) => e.code === 'mobile-invalid')).toHaveLength(9);
  });

  it('each finished run records the fix-list’s size per reason, staff findings included', async () => {
    const h = new Harness();
    const clients = practice(12);
    const staff = [...STAFF, xpmStaff({ uuid: 'staff-x', name: 'Mononym', email: 'mono@practice.example' })];
    await h.sync(clients, { staff });
    expect(lastRun(h).outstanding).toEqual(countByFixReason(h.store.fixList()));
    expect(lastRun(h).outstanding).toMatchObject({ 'rejection:mobile-invalid': 4, 'rejection:last-name-missing': 1 });

    const first = at(clients, 0);
    await h.sync([{ ...first, contacts: first.contacts.map((k) => ({ ...k, mobile: '' })) }], { full: false, staff });
    expect(lastRun(h).outstanding).toEqual(countByFixReason(h.store.fixList()));
    expect(lastRun(h).outstanding?.['rejection:mobile-invalid']).toBe(3);

    await h.sync(clients.slice(1), { staff: STAFF });
    expect(lastRun(h).outstanding).toEqual(countByFixReason(h.store.fixList()));
    expect(lastRun(h).outstanding?.['rejection:last-name-missing']).toBeUndefined();
  });

  it('a run over keys without per-reason counts (older data) reads those clients’ findings instead', async () => {
    const h = new Harness();
    const clients = practice(9);
    await h.sync(clients);
    for (const [id, key] of h.store.keyIndex.clientStates) {
      const { reasons: _dropped, ...older } = key;
      h.store.keyIndex.clientStates.set(id, older);
    }
    await h.sync([], { full: false });
    expect(lastRun(h).outstanding).toEqual(countByFixReason(h.store.fixList()));
    expect(lastRun(h).outstanding?.['rejection:mobile-invalid']).toBe(3);
  });
});
