/**
 * The worker's warm key index per client (what the sync worker keeps between runs: the engine's lookups,
 * the R6 sweep's links, the fingerprints, the record → segment directories):
 *   node --expose-gc --import tsx test/bench/key-index-memory.ts [--clients 15000]
 * Syncs the sandbox's seeded practice into the in-memory store, turns its records into the keys rows the
 * Dexie store keeps (copied, as IndexedDB hands them back: strings of their own), rebuilds the warm index
 * from them as storage/record-segments.ts does, drops the rows and the store, and prints the live heap
 * (after a full GC) that dropping the index then frees. A measurement, not a test.
 */
import { parseArgs } from 'node:util';
import { signIn, startSandbox } from '../../proxy/sandbox';
import { createClientListReader } from '../../src/xero/client-list-reader';
import { parseStaffListXml } from '../../src/xero/xpm-read';
import type { XpmClient } from '../../src/xero/types';
import { MemoryStore } from '../../src/sync/memory-store';
import { SyncSession } from '../../src/sync/session/session';
import { newRunRecord } from '../../src/sync/run/run-record';
import { CLIENT_BATCH_SIZE } from '../../src/sync/run/run-sync';
import { DEFAULT_SYNC_OPTIONS } from '../../src/domain/settings';
import {
  type ClientKeyEntry,
  type ContactKeyEntry,
  type SourceKeyEntry,
  clientKeyEntry,
  contactKeyEntry,
  sourceKeyEntry,
} from '../../src/storage/db';
import type { KeysRow } from '../../src/storage/segments';
import {
  CLIENTS_PER_SEGMENT,
  CONTACTS_PER_SEGMENT,
  SOURCES_PER_SEGMENT,
  emptyWarmStore,
} from '../../src/storage/record-segments';
import { indexClient, indexContact, indexSourceState, pooledId } from '../../src/sync/session/key-index';
import { rid } from '../support/ids';

const CHUNK_CHARS = 64 * 1024; // what a browser stream typically delivers per read

const { values } = parseArgs({ options: { clients: { type: 'string', default: '15000' } } });
const clients = Number(values.clients);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const liveHeap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const running = await startSandbox({ port: 0, clients, seed: 1 });
const session = await signIn(running.url);
const tenant = Object.values(session.tenantIds)[0] ?? '';
const get = async (path: string) =>
  (
    await fetch(`${running.url}/practicemanager/3.1/${path}`, {
      headers: { authorization: `Bearer ${session.accessToken}`, 'xero-tenant-id': tenant },
    })
  ).text();

/** The keys rows of a first sync, as IndexedDB would hand them back. */
async function keysRows(): Promise<{
  contacts: KeysRow<ContactKeyEntry>[];
  clients: KeysRow<ClientKeyEntry>[];
  sources: KeysRow<SourceKeyEntry>[];
}> {
  const xml = await get('client.api/list?detailed=true');
  const staffXml = await get('staff.api/list');
  const store = new MemoryStore();
  const s = new SyncSession(
    { store, clock: { now: () => 0, sleep: async () => undefined }, newId: () => crypto.randomUUID() },
    { runId: rid('first'), fullPass: true, options: DEFAULT_SYNC_OPTIONS, startedAt: 0 },
  );
  const run = () => newRunRecord({ id: rid('first'), kind: 'full', trigger: 'manual', now: 0 });
  await s.applyStaff(parseStaffListXml(staffXml), run);
  let batch: XpmClient[] = [];
  const reader = createClientListReader((client) => batch.push(client));
  for (let i = 0; i < xml.length; i += CHUNK_CHARS) {
    reader.write(xml.slice(i, i + CHUNK_CHARS));
    if (batch.length >= CLIENT_BATCH_SIZE) {
      const full = batch;
      batch = [];
      await s.applyClients(full, run);
    }
  }
  reader.end();
  await s.applyClients(batch, run);
  await s.finish({ state: (state) => state, run: (counts) => ({ ...run(), counts }) });
  const rows = <R, E>(records: Iterable<R>, perRow: number, entry: (record: R) => E): KeysRow<E>[] => {
    const entries = structuredClone([...records].map(entry));
    const out: KeysRow<E>[] = [];
    for (let i = 0; i < entries.length; i += perRow)
      out.push({ id: out.length + 1, entries: entries.slice(i, i + perRow) });
    return out;
  };
  return {
    contacts: rows(store.contacts.values(), CONTACTS_PER_SEGMENT, contactKeyEntry),
    clients: rows(store.clients.values(), CLIENTS_PER_SEGMENT, clientKeyEntry),
    sources: rows(store.sources.values(), SOURCES_PER_SEGMENT, sourceKeyEntry),
  };
}

let stored: Awaited<ReturnType<typeof keysRows>> | null = await keysRows();
await running.close();
const counts = `${stored.contacts.length} + ${stored.clients.length} + ${stored.sources.length} keys rows`;
/** The warm store rebuilt from the keys rows, as storage/record-segments.ts reloadWarmStore does. */
function rebuild(rows: NonNullable<typeof stored>): ReturnType<typeof emptyWarmStore> {
  const built = emptyWarmStore();
  const index = built.keyIndex;
  for (const row of rows.contacts) {
    for (const entry of row.entries) indexContact(index, undefined, entry);
    built.contacts.addSegment(
      row.id,
      row.entries.map((entry) => pooledId(index, entry.id)),
    );
  }
  for (const row of rows.clients) {
    for (const entry of row.entries) indexClient(index, undefined, entry);
    built.clients.addSegment(
      row.id,
      row.entries.map((entry) => pooledId(index, entry.id)),
    );
  }
  for (const row of rows.sources) {
    for (const entry of row.entries) indexSourceState(index, entry.clientId, entry);
    built.sources.addSegment(
      row.id,
      row.entries.map((entry) => pooledId(index, entry.clientId)),
    );
  }
  return built;
}

let warm: ReturnType<typeof emptyWarmStore> | null = rebuild(stored);
stored = null;
const sizes = `${warm.contacts.size} contacts, ${warm.clients.size} clients, ${warm.sources.size} source states`;
const withIndex = liveHeap();
warm = null;
const held = withIndex - liveHeap();
console.log(`practice: ${clients} clients (sandbox seed 1), ${counts}`);
console.log(
  `warm key index and directories: ${(held / 1e6).toFixed(1)} MB, ${Math.round(held / clients)} bytes per client (${sizes})`,
);
