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
import { MemoryStore } from '../../src/sync/memory-store';
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
  addKeysRow,
  emptyWarmStore,
} from '../../src/storage/record-segments';
import { applyListing, liveHeap, practiceLists } from './engine-practice';

const { values } = parseArgs({ options: { clients: { type: 'string', default: '15000' } } });
const clients = Number(values.clients);

/** The keys rows of a first sync, as IndexedDB would hand them back. */
async function keysRows(): Promise<{
  contacts: KeysRow<ContactKeyEntry>[];
  clients: KeysRow<ClientKeyEntry>[];
  sources: KeysRow<SourceKeyEntry>[];
}> {
  const store = new MemoryStore();
  const deps = { store, clock: { now: () => 0, sleep: async () => undefined }, newId: () => crypto.randomUUID() };
  await applyListing(deps, await practiceLists(clients), 'first-sync');
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
const counts = `${stored.contacts.length} + ${stored.clients.length} + ${stored.sources.length} keys rows`;
/** The warm store rebuilt from the keys rows, as storage/record-segments.ts reloadWarmStore does. */
function rebuild(rows: NonNullable<typeof stored>): ReturnType<typeof emptyWarmStore> {
  const built = emptyWarmStore();
  for (const row of rows.contacts) addKeysRow.contacts(built, row);
  for (const row of rows.clients) addKeysRow.clients(built, row);
  for (const row of rows.sources) addKeysRow.sources(built, row);
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
