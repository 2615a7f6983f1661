import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { DBCore, Middleware } from 'dexie';
import { AppDB, type ClientKeyEntry, type ContactKeyEntry, type SourceKeyEntry } from '../../src/storage/db';
import { APP_DB_OPTIONS } from '../../src/storage/open';
import { KEY_ROWS_PER_READ, readKeyRows } from '../../src/storage/segments';
import { emptyWarmStore, reloadWarmStore } from '../../src/storage/record-segments';
import { idsAt } from '../../src/sync/session/key-index';
import { destroy, freshDbName } from './support/dexie';
import { lcid, lclid, skey, xcid } from '../support/ids';

/**
 * The keys rows are read in bounded pieces (M10: the key index is read in bounded pieces): the rows of
 * a whole practice are never deserialised in one request, and every row is still read exactly once.
 */

/** Records how many rows each read request returned, per table. */
function rowsPerRequest(): { readonly sizes: Map<string, number[]>; readonly middleware: Middleware<DBCore> } {
  const sizes = new Map<string, number[]>();
  return {
    sizes,
    middleware: {
      stack: 'dbcore',
      name: 'rows-per-request',
      create: (down) => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          const note = (rows: number) => sizes.set(name, [...(sizes.get(name) ?? []), rows]);
          return {
            ...table,
            query: async (request) => {
              const response = await table.query(request);
              note(response.result.length);
              return response;
            },
            getMany: async (request) => {
              const rows = await table.getMany(request);
              note(rows.length);
              return rows;
            },
          };
        },
      }),
    },
  };
}

let db: AppDB | null = null;

afterEach(async () => {
  if (db) await destroy(db);
  db = null;
});

async function openCounted(): Promise<{ db: AppDB; sizes: Map<string, number[]> }> {
  const counter = rowsPerRequest();
  const opened = new AppDB(freshDbName(), APP_DB_OPTIONS);
  opened.use(counter.middleware);
  await opened.open();
  db = opened;
  return { db: opened, sizes: counter.sizes };
}

/** Segment numbers with gaps (emptied segments are deleted), more than two pieces' worth. */
const SEGMENTS = Array.from({ length: 2 * KEY_ROWS_PER_READ + 7 }, (_, i) => 3 * i + 1);

const contactEntry = (segment: number): ContactKeyEntry => {
  const sourceKey = skey(`contact:${segment}`);
  return {
    id: lcid(`contact-${segment}`),
    identityKey: `person ${segment}`,
    sourceKeys: [sourceKey],
    links: [{ sourceKey, clientId: xcid(`client-${segment}`) }],
  };
};

const clientEntry = (segment: number): ClientKeyEntry => ({
  id: lclid(`client-${segment}`),
  xpmId: xcid(`client-${segment}`),
  xpmNumericId: null,
  codeKey: `c${segment}`,
  sortKey: `client ${segment}`,
});

const sourceEntry = (segment: number): SourceKeyEntry => ({
  clientId: xcid(`client-${segment}`),
  hash: `h${segment}`,
  counts: { clientRejected: 0, clientSkipped: 0, contactsRejected: 0, contactsSkipped: 0 },
  imported: [skey(`contact:${segment}`)],
});

describe('reading the keys rows in bounded pieces', () => {
  it('readKeyRows hands over every row once, in order, never more than KEY_ROWS_PER_READ rows per request', async () => {
    const { db, sizes } = await openCounted();
    await db.contactKeys.bulkPut(SEGMENTS.map((id) => ({ id, entries: [contactEntry(id)] })));
    sizes.clear();
    const seen: number[] = [];
    await db.transaction('r', db.contactKeys, () => readKeyRows(db.contactKeys, (row) => seen.push(row.id)));
    expect(seen).toEqual(SEGMENTS);
    const requests = sizes.get('contactKeys') ?? [];
    expect(requests.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...requests)).toBeLessThanOrEqual(KEY_ROWS_PER_READ);
  });

  it('an empty table is one request and no row', async () => {
    const { db, sizes } = await openCounted();
    const seen: number[] = [];
    await readKeyRows(db.contactKeys, (row) => seen.push(row.id));
    expect(seen).toEqual([]);
    expect(sizes.get('contactKeys')).toEqual([0]);
  });

  it('the warm store rebuilt from them holds every record of every piece', async () => {
    const { db, sizes } = await openCounted();
    await db.contactKeys.bulkPut(SEGMENTS.map((id) => ({ id, entries: [contactEntry(id)] })));
    await db.clientKeys.bulkPut(SEGMENTS.map((id) => ({ id, entries: [clientEntry(id)] })));
    await db.sourceKeys.bulkPut(SEGMENTS.map((id) => ({ id, entries: [sourceEntry(id)] })));
    sizes.clear();
    const warm = emptyWarmStore();
    await db.transaction('r', [db.contactKeys, db.clientKeys, db.sourceKeys], () => reloadWarmStore(db, warm, 7));

    expect(warm.generation).toBe(7);
    expect(warm.contacts.size).toBe(SEGMENTS.length);
    expect(warm.clients.size).toBe(SEGMENTS.length);
    expect(warm.sources.size).toBe(SEGMENTS.length);
    const last = SEGMENTS.at(-1) ?? 0;
    expect(warm.contacts.segmentOf(lcid(`contact-${last}`))).toBe(last);
    expect(idsAt(warm.keyIndex.contactsBySource, skey(`contact:${last}`))).toEqual([lcid(`contact-${last}`)]);
    expect(idsAt(warm.keyIndex.clientsByCode, `c${last}`)).toEqual([lclid(`client-${last}`)]);
    expect(warm.keyIndex.clientStates.get(xcid(`client-${last}`))?.hash).toBe(`h${last}`);
    for (const table of ['contactKeys', 'clientKeys', 'sourceKeys']) {
      expect(Math.max(...(sizes.get(table) ?? [Number.POSITIVE_INFINITY]))).toBeLessThanOrEqual(KEY_ROWS_PER_READ);
    }
  });
});
