/**
 * A record repeated within one XPM answer (M8 item 5): processed once, with one
 * `duplicate-in-response` log entry for each later copy, and its rejections are not counted twice.
 */
import { describe, expect, it } from 'vitest';
import { runSync, type SyncEnv } from '../../../src/sync/run/run-sync';
import { MemoryStore } from '../../../src/sync/memory-store';
import { DEFAULT_SYNC_OPTIONS } from '../../../src/domain/settings';
import type { RunRecord } from '../../../src/domain/runs';
import type { XpmClient, XpmStaff } from '../../../src/xero/types';
import { reasonHelp } from '../../../src/app/reason-help';
import { clientListXml, staffListXml } from '../../xero/support/xml-writer';
import { xpmClient, xpmContact, xpmStaff } from '../evaluate/fixtures';
import { STAFF } from '../engine-harness';
import { FakeTokens, ScriptedUpstream, xml } from '../upstream-script';
import { rid, testUuid, tid } from '../../support/ids';
import { words } from '../../support/words';

const TENANT = tid('11111111-2222-4333-8444-555555555555');

/** A client with findings: no client code (a rejection) and a contact whose mobile is not valid. */
const FLAWED = xpmClient({
  uuid: testUuid('flawed'),
  name: 'Flawed Pty Ltd',
  clientCode: '',
  contacts: [xpmContact({ uuid: testUuid('flawed-person'), name: 'Jo Flaw', email: 'jo@flaw.com', mobile: '12' })],
});
const FINE = Array.from({ length: 9 }, (_, i) =>
  xpmClient({
    uuid: testUuid(`fine-${i}`),
    name: `Fine ${i}`,
    clientCode: `F${i}`,
    contacts: [xpmContact({ uuid: testUuid(`fine-person-${i}`), name: `Person ${i}`, email: `p${i}@x.com` })],
  }),
);

async function sync(clients: readonly XpmClient[], staff: readonly XpmStaff[] = STAFF, batchSize = 3) {
  const store = new MemoryStore();
  const upstream = new ScriptedUpstream()
    .on('staff.api/list', () => xml(staffListXml(staff)))
    .on('client.api/list', () => xml(clientListXml(clients)));
  let ids = 0;
  const env: SyncEnv = {
    http: upstream,
    tokens: new FakeTokens(),
    clock: { now: () => 1_000, sleep: async () => undefined },
    random: () => 0.5,
    store,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    newId: () => `id-${++ids}`,
  };
  const run: RunRecord = await runSync(env, {
    runId: rid('run-1'),
    kind: 'full',
    trigger: 'manual',
    xpmBaseUrl: 'http://proxy.test/xpm/3.1/',
    tenantId: TENANT,
    options: DEFAULT_SYNC_OPTIONS,
    signal: new AbortController().signal,
    batchSize,
  });
  return { store, run };
}

const withoutDuplicates = (entries: MemoryStore['log']) => entries.filter((e) => e.code !== 'duplicate-in-response');

describe('a record repeated within one response (M8)', () => {
  it.each([
    ['in a later batch', [FLAWED, ...FINE, FLAWED]],
    ['in the same batch', [FLAWED, FLAWED, ...FINE]],
  ])('a client repeated %s is processed once, logged once as duplicate-in-response, counted once', async (_, list) => {
    const once = await sync([FLAWED, ...FINE]);
    const twice = await sync(list);

    expect(twice.run.status).toBe('succeeded');
    expect(twice.run.applied).toEqual({ clientsRead: 11, clientsCommitted: 11, staffCommitted: true });
    // The same store as with one copy: records and fix-list (nothing to fix in XPM about a repeat).
    expect(twice.store.records()).toEqual(once.store.records());
    expect(twice.store.fixList()).toEqual(once.store.fixList());
    // Rejections are not doubled; the later copy counts as one skipped client.
    expect(twice.run.counts.client.rejected).toBe(once.run.counts.client.rejected);
    expect(twice.run.counts.contact.rejected).toBe(once.run.counts.contact.rejected);
    expect(twice.run.counts.client.rejected).toBe(1);
    expect(twice.run.counts.client.skipped).toBe(once.run.counts.client.skipped + 1);

    const repeats = twice.store.log.filter((e) => e.code === 'duplicate-in-response');
    expect(repeats).toEqual([
      expect.objectContaining({
        kind: 'skip',
        entity: 'client',
        clientId: FLAWED.key,
        field: 'UUID',
        value: FLAWED.uuid,
        clientName: 'Flawed Pty Ltd',
      }),
    ]);
    expect(words(repeats[0]).message).toContain('appeared more than once in XPM’s answer');
    expect(words(repeats[0]).suggestion).toContain('Xero support');
    expect(withoutDuplicates(twice.store.log).map(({ seq: _s, ...e }) => e)).toEqual(
      once.store.log.map(({ seq: _s, ...e }) => e),
    );
    expect(reasonHelp('duplicate-in-response').label).toBe('Listed twice by XPM');
  });

  it('a client without a UUID is recognised by its integer XPM ID', async () => {
    const byId = xpmClient({ uuid: '', numericId: '77', name: 'Numbered', clientCode: 'N77', contacts: [] });
    const { run, store } = await sync([byId, ...FINE, byId]);
    expect(run.status).toBe('succeeded');
    expect(store.log.filter((e) => e.code === 'duplicate-in-response')).toEqual([
      expect.objectContaining({ entity: 'client', field: 'ID', value: '77' }),
    ]);
    expect(store.records().clients.filter((c) => c.legalName === 'Numbered')).toHaveLength(1);
  });

  it('a contact listed twice under one client is read once; its rejection is not counted twice', async () => {
    const person = xpmContact({ uuid: testUuid('twice'), name: 'Twice Listed', email: 'twice@x.com', mobile: '12' });
    const one = xpmClient({ uuid: testUuid('one'), name: 'One', clientCode: 'ONE', contacts: [person] });
    const once = await sync([one]);
    const twice = await sync([{ ...one, contacts: [person, person] }]);
    expect(twice.run.counts.contact.rejected).toBe(once.run.counts.contact.rejected);
    expect(twice.run.counts.contact.rejected).toBe(1);
    expect(twice.run.counts.contact.skipped).toBe(once.run.counts.contact.skipped + 1);
    expect(twice.store.records()).toEqual(once.store.records());
    expect(twice.store.log.filter((e) => e.code === 'duplicate-in-response')).toEqual([
      expect.objectContaining({ kind: 'skip', entity: 'contact', contactId: person.key, field: 'UUID' }),
    ]);
    expect(twice.store.log.filter((e) => e.code === 'mobile-invalid')).toHaveLength(1);
  });

  it('a staff member repeated in the staff list is read once; its rejection is not counted twice', async () => {
    const noEmail = xpmStaff({ uuid: testUuid('staff-no-email'), name: 'Pat Nomail', email: '' });
    const once = await sync(FINE, [...STAFF, noEmail]);
    const twice = await sync(FINE, [...STAFF, noEmail, noEmail]);
    expect(twice.run.counts.staff.rejected).toBe(once.run.counts.staff.rejected);
    expect(twice.run.counts.staff.rejected).toBe(1);
    expect(twice.run.counts.staff.skipped).toBe(1);
    expect(twice.store.fixList()).toEqual(once.store.fixList());
    expect(twice.store.log.filter((e) => e.code === 'duplicate-in-response')).toEqual([
      expect.objectContaining({ kind: 'skip', entity: 'staff', staffId: noEmail.key, field: 'UUID' }),
    ]);
  });
});
