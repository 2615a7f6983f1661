/**
 * The duplicate rule (M8) on M6's span path: a client an answer lists twice is processed once and
 * each later copy is logged as `duplicate-in-response`, also when a copy is recognised from its
 * stored text without being parsed. Counts, records and fix-list are those of the parsed path.
 */
import { describe, expect, it } from 'vitest';
import { type ClientRead, ClientListSpanReader } from '../../../src/xero/client-list-spans';
import { createClientListReader } from '../../../src/xero/client-list-reader';
import { MemoryStore } from '../../../src/sync/memory-store';
import { SyncSession } from '../../../src/sync/session/session';
import { newRunRecord } from '../../../src/sync/run/run-record';
import { DEFAULT_SYNC_OPTIONS } from '../../../src/domain/settings';
import type { RunCounts } from '../../../src/domain/runs';
import type { XpmClient } from '../../../src/xero/types';
import { clientListXml } from '../../xero/support/xml-writer';
import { xpmClient, xpmContact } from '../evaluate/fixtures';
import { STAFF } from '../engine-harness';
import { rid, testUuid } from '../../support/ids';
import { forgetFingerprints } from '../../../src/sync/local-edits';
import { isSpanHash } from '../../../src/sync/session/fingerprint';
import type { XpmClientId } from '../../../src/domain/ids';

/** A client with a finding: a contact whose mobile is not valid. */
const FLAWED = xpmClient({
  uuid: testUuid('flawed'),
  name: 'Flawed Pty Ltd',
  clientCode: 'FL1',
  contacts: [xpmContact({ uuid: testUuid('flawed-person'), name: 'Jo Flaw', email: 'jo@flaw.com', mobile: '12' })],
});
/** The same client as XPM lists it after an edit. */
const EDITED: XpmClient = { ...FLAWED, name: 'Flawed Pty Ltd (edited)' };
const FINE = Array.from({ length: 4 }, (_, i) =>
  xpmClient({
    uuid: testUuid(`fine-${i}`),
    name: `Fine ${i}`,
    clientCode: `F${i}`,
    contacts: [xpmContact({ uuid: testUuid(`fine-person-${i}`), name: `Person ${i}`, email: `p${i}@x.com` })],
  }),
);

/** A store synced by complete listings, through the span reader or the plain one. */
class Synced {
  readonly store = new MemoryStore();
  private runs = 0;
  private ids = 0;
  /** What the span reader handed out in the last run. */
  reads: ClientRead[] = [];

  constructor(private readonly spans: boolean) {}

  async sync(clients: readonly XpmClient[]): Promise<{ counts: RunCounts; processed: number }> {
    const n = ++this.runs;
    const runId = rid(`run-${n}`);
    const now = 1_000 * n;
    const session = new SyncSession(
      { store: this.store, clock: { now: () => now, sleep: async () => undefined }, newId: () => `id-${++this.ids}` },
      { runId, fullPass: true, options: DEFAULT_SYNC_OPTIONS, startedAt: now },
    );
    const run = () => ({
      ...newRunRecord({ id: runId, kind: 'full', trigger: 'manual', now }),
      counts: session.counts(),
    });
    await session.applyStaff(STAFF, run);
    const xml = clientListXml(clients);
    if (this.spans) {
      this.reads = [];
      let batch: ClientRead[] = [];
      const reader = new ClientListSpanReader(session.spanPolicy(), (read) => {
        this.reads.push(read);
        batch.push(read);
      });
      // Small chunks: elements straddle them; batches of two: the copies may land in different batches.
      for (let at = 0; at < xml.length; at += 97) {
        reader.write(xml.slice(at, at + 97));
        if (batch.length >= 2) {
          await session.commitClients(session.prepareReads(batch), run);
          batch = [];
        }
      }
      reader.end();
      await session.commitClients(session.prepareReads(batch), run);
    } else {
      const parsed: XpmClient[] = [];
      const reader = createClientListReader((client) => parsed.push(client));
      reader.write(xml);
      reader.end();
      for (let i = 0; i < parsed.length; i += 2) await session.applyClients(parsed.slice(i, i + 2), run);
    }
    const counts = await session.finish({
      state: (s) => ({ ...s, lastRunId: runId }),
      run: (c) => ({ ...run(), status: 'succeeded', counts: c }),
    });
    return { counts, processed: session.clientsProcessed };
  }

  logOf(n: number) {
    return this.store.log.filter((e) => e.runId === `run-${n}`);
  }

  /** How the span reader handed out FLAWED's copies in the last run, in order. */
  flawedReads(): Array<'known' | 'parsed'> {
    return this.reads.flatMap((read) =>
      'known' in read
        ? read.known === FLAWED.key
          ? ['known' as const]
          : []
        : read.client.key === FLAWED.key
          ? ['parsed' as const]
          : [],
    );
  }
}

/** Both paths over the same listings; returns both, after checking the last run left the same store. */
async function bothPaths(...listings: ReadonlyArray<readonly XpmClient[]>) {
  const spans = new Synced(true);
  const parsed = new Synced(false);
  let last: { spans: { counts: RunCounts; processed: number }; parsed: { counts: RunCounts; processed: number } } = {
    spans: { counts: {} as RunCounts, processed: 0 },
    parsed: { counts: {} as RunCounts, processed: 0 },
  };
  for (const listing of listings) last = { spans: await spans.sync(listing), parsed: await parsed.sync(listing) };
  expect(last.spans).toEqual(last.parsed);
  expect(spans.store.records()).toEqual(parsed.store.records());
  expect(spans.store.fixList()).toEqual(parsed.store.fixList());
  return { spans, parsed, result: last.spans };
}

const duplicates = (entries: MemoryStore['log']) => entries.filter((e) => e.code === 'duplicate-in-response');

describe('a client listed twice, recognised from its stored text (M6, M8)', () => {
  it('the same element twice: the first recognised unread, the second parsed and logged as repeated', async () => {
    const { spans, parsed, result } = await bothPaths([FLAWED, ...FINE], [FLAWED, FLAWED, ...FINE]);
    expect(spans.flawedReads()).toEqual(['known', 'parsed']);

    // Counted once as unchanged, the copy once as skipped.
    expect(result.processed).toBe(FINE.length + 2);
    expect(result.counts.client.unchanged).toBe(FINE.length + 1);
    expect(result.counts.client.skipped).toBe(1);

    const logged = duplicates(spans.logOf(2));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ clientId: FLAWED.key, clientName: 'Flawed Pty Ltd', field: 'UUID' });
    // The same log as parsing gives: the repeated entry, nothing about the unchanged first copy.
    expect(spans.logOf(2)).toEqual(parsed.logOf(2));
  });

  it('a copy as stored after a changed one: the changed one processed, the stored one logged as repeated', async () => {
    const { spans, parsed, result } = await bothPaths([FLAWED, ...FINE], [EDITED, FLAWED, ...FINE]);
    expect(spans.flawedReads()).toEqual(['parsed', 'known']);

    // The edited copy is the one processed: the record carries its name.
    const record = [...spans.store.clients.values()].find((c) => c.xpmId === FLAWED.key);
    expect(record?.legalName).toBe('Flawed Pty Ltd (edited)');
    expect(result.processed).toBe(FINE.length + 2);
    expect(result.counts.client.skipped).toBe(1);

    // Logged once, from its id alone (it was not parsed): the parsed path names the copy too.
    const logged = duplicates(spans.logOf(2));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ clientId: FLAWED.key, field: 'UUID', value: FLAWED.uuid });
    const plain = duplicates(parsed.logOf(2));
    expect(plain).toHaveLength(1);
    expect(plain[0]).toMatchObject({ clientId: FLAWED.key, field: 'UUID', value: FLAWED.uuid });
    const others = (entries: MemoryStore['log']) => entries.filter((e) => e.code !== 'duplicate-in-response');
    expect(others(spans.logOf(2))).toEqual(others(parsed.logOf(2)));

    // The stored text is now the edited copy's: a Resync All listing it alone recognises it unread.
    await spans.sync([EDITED, ...FINE]);
    expect(spans.flawedReads()).toEqual(['known']);
  });

  it('a changed copy after the stored one: the stored one counts as unchanged, the changed one is repeated', async () => {
    const { spans, result } = await bothPaths([FLAWED, ...FINE], [FLAWED, EDITED, ...FINE]);
    expect(spans.flawedReads()).toEqual(['known', 'parsed']);
    const record = [...spans.store.clients.values()].find((c) => c.xpmId === FLAWED.key);
    expect(record?.legalName).toBe('Flawed Pty Ltd');
    expect(result.counts.client.skipped).toBe(1);
    const logged = duplicates(spans.logOf(2));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ clientId: FLAWED.key, clientName: 'Flawed Pty Ltd (edited)' });
  });
});

describe('a client changed in the app is read again (its stored hash cleared)', () => {
  it('is parsed and evaluated by the next run, then recognised unread again', async () => {
    const spans = new Synced(true);
    await spans.sync([FLAWED, ...FINE]);
    await spans.sync([FLAWED, ...FINE]);
    expect(spans.flawedReads()).toEqual(['known']);
    expect(spans.reads.every((read) => 'known' in read)).toBe(true);

    // A local write (a manual edit, a detach, a removal) clears the fingerprints of the clients it touches.
    await spans.store.transact((tx) => forgetFingerprints(tx, [FLAWED.key as XpmClientId]));
    await spans.sync([FLAWED, ...FINE]);
    expect(spans.flawedReads()).toEqual(['parsed']);
    expect(spans.reads.filter((read) => 'known' in read)).toHaveLength(FINE.length);
    const state = (await spans.store.loadKeyIndex()).clientStates.get(FLAWED.key as XpmClientId);
    expect(state?.hash !== null && state?.hash !== undefined && isSpanHash(state.hash)).toBe(true);

    await spans.sync([FLAWED, ...FINE]);
    expect(spans.flawedReads()).toEqual(['known']);
  });
});
