/**
 * Records kept in segments: one IndexedDB row holds up to a few hundred records, with a second, small
 * row listing their keys. IndexedDB's cost is per row, not per byte (QUALITY.md: ~280 µs of CPU per
 * row across the worker, the backend and messaging), so a sync writes O(batches) rows instead of
 * O(records); the keys rows let a run find any record's segment, and build the engine's key index,
 * without reading the records.
 *
 * New records are appended to the last segment until it holds SEGMENT capacity; a record never moves
 * between segments, so a list row can remember where its record lives.
 */
import type { Table } from 'dexie';

/** One row of records. */
export interface SegmentRow<R> {
  readonly id: number;
  readonly records: readonly R[];
}

/** The keys of one segment's records (what the key index and the locator need), in the same order. */
export interface KeysRow<E> {
  readonly id: number;
  readonly entries: readonly E[];
}

/** How a kind of record is kept: its id and the key entry its keys row holds. */
export interface SegmentKind<R, Id extends string, E> {
  readonly name: string;
  /** Records per segment: see the constants' reasons where each kind is declared. */
  readonly capacity: number;
  idOf(record: R): Id;
  entryOf(record: R): E;
  idOfEntry(entry: E): Id;
}

/** Where each record lives (id → segment), each segment's size, and the segment new records go to. */
export class SegmentDirectory<Id extends string> {
  private readonly where = new Map<Id, number>();
  private readonly sizes = new Map<number, number>();
  private last = 0;

  constructor(readonly capacity: number) {}

  segmentOf(id: Id): number | undefined {
    return this.where.get(id);
  }

  get size(): number {
    return this.where.size;
  }

  /** Records loaded from a keys row. */
  addSegment(segment: number, ids: readonly Id[]): void {
    for (const id of ids) this.where.set(id, segment);
    this.sizes.set(segment, (this.sizes.get(segment) ?? 0) + ids.length);
    if (segment > this.last) this.last = segment;
  }

  /**
   * Applies a committed transaction's placements and removals. `sameId` gives the copy of an id the
   * warm key index already holds, so the directory does not keep a second copy of the string.
   */
  apply(
    placed: ReadonlyMap<Id, number>,
    removed: ReadonlySet<Id>,
    sizes: ReadonlyMap<number, number>,
    sameId: (id: Id) => Id = (id) => id,
  ): void {
    for (const id of removed) this.where.delete(id);
    for (const [id, segment] of placed) this.where.set(sameId(id), segment);
    for (const [segment, size] of sizes) {
      if (size === 0) this.sizes.delete(segment);
      else this.sizes.set(segment, size);
      if (segment > this.last) this.last = segment;
    }
  }

  /** The last segment and its size: new records are appended there while it has room. */
  tail(): { readonly segment: number; readonly size: number } {
    return { segment: this.last, size: this.last === 0 ? this.capacity : (this.sizes.get(this.last) ?? 0) };
  }
}

/**
 * The segments one transaction reads and changes. Reads load whole segments once; writes stage the
 * changed segments, and `flush` writes each changed segment and its keys row once, at the end of the
 * transaction. The directory learns the new placements only after the transaction commits (`placed`,
 * `removed`, `sizes`).
 */
export class SegmentEditor<R, Id extends string, E> {
  private readonly loaded = new Map<number, Map<Id, R>>();
  private readonly dirty = new Set<number>();
  /** What each record was when this transaction first saw it (undefined: it did not exist). */
  private readonly before = new Map<Id, R | undefined>();
  readonly placed = new Map<Id, number>();
  readonly removed = new Set<Id>();
  private tailSegment: number;
  private tailSize: number;

  constructor(
    private readonly kind: SegmentKind<R, Id, E>,
    private readonly directory: SegmentDirectory<Id>,
    private readonly segments: Table<SegmentRow<R>, number>,
    private readonly keys: Table<KeysRow<E>, number>,
  ) {
    const tail = directory.tail();
    this.tailSegment = tail.segment;
    this.tailSize = tail.size;
  }

  private segmentOf(id: Id): number | undefined {
    if (this.removed.has(id)) return undefined;
    return this.placed.get(id) ?? this.directory.segmentOf(id);
  }

  /** Loads the rows of these segments (those not loaded yet) in one request. */
  private async load(segments: Iterable<number>): Promise<void> {
    const wanted = [...new Set(segments)].filter((segment) => !this.loaded.has(segment));
    if (wanted.length === 0) return;
    const rows = await this.segments.bulkGet(wanted);
    wanted.forEach((segment, i) => {
      const records = new Map<Id, R>();
      for (const record of rows[i]?.records ?? []) records.set(this.kind.idOf(record), record);
      this.loaded.set(segment, records);
    });
  }

  async get(ids: readonly Id[]): Promise<R[]> {
    const segments: number[] = [];
    for (const id of ids) {
      const segment = this.segmentOf(id);
      if (segment !== undefined) segments.push(segment);
    }
    await this.load(segments);
    const out: R[] = [];
    for (const id of ids) {
      const segment = this.segmentOf(id);
      const record = segment === undefined ? undefined : this.loaded.get(segment)?.get(id);
      if (record !== undefined) out.push(record);
    }
    return out;
  }

  async put(records: readonly R[]): Promise<void> {
    if (records.length === 0) return;
    const known: number[] = [];
    for (const record of records) {
      const segment = this.segmentOf(this.kind.idOf(record));
      if (segment !== undefined) known.push(segment);
    }
    // The tail is read too when new records may be appended to it.
    if (this.tailSegment !== 0 && this.tailSize < this.kind.capacity) known.push(this.tailSegment);
    await this.load(known);
    for (const record of records) {
      const id = this.kind.idOf(record);
      let segment = this.segmentOf(id);
      const current = segment === undefined ? undefined : this.loaded.get(segment)?.get(id);
      if (!this.before.has(id)) this.before.set(id, current);
      if (segment === undefined) {
        if (this.tailSegment === 0 || this.tailSize >= this.kind.capacity) {
          this.tailSegment += 1;
          this.tailSize = 0;
          this.loaded.set(this.tailSegment, new Map());
        }
        segment = this.tailSegment;
        this.tailSize += 1;
        this.placed.set(id, segment);
        this.removed.delete(id);
      }
      this.loaded.get(segment)?.set(id, record);
      this.dirty.add(segment);
    }
  }

  async delete(ids: readonly Id[]): Promise<void> {
    const present = ids.filter((id) => this.segmentOf(id) !== undefined);
    await this.load(present.map((id) => this.segmentOf(id) ?? 0));
    for (const id of present) {
      const segment = this.segmentOf(id);
      if (segment === undefined) continue;
      const records = this.loaded.get(segment);
      if (!this.before.has(id)) this.before.set(id, records?.get(id));
      records?.delete(id);
      this.placed.delete(id);
      this.removed.add(id);
      this.dirty.add(segment);
    }
  }

  /** Writes every changed segment and its keys row (an emptied segment's rows are deleted). */
  async flush(): Promise<void> {
    if (this.dirty.size === 0) return;
    const rows: SegmentRow<R>[] = [];
    const keyRows: KeysRow<E>[] = [];
    const emptied: number[] = [];
    for (const segment of this.dirty) {
      const records = [...(this.loaded.get(segment)?.values() ?? [])];
      if (records.length === 0) emptied.push(segment);
      else {
        rows.push({ id: segment, records });
        keyRows.push({ id: segment, entries: records.map((record) => this.kind.entryOf(record)) });
      }
    }
    if (rows.length > 0) {
      await this.segments.bulkPut(rows);
      await this.keys.bulkPut(keyRows);
    }
    if (emptied.length > 0) {
      await this.segments.bulkDelete(emptied);
      await this.keys.bulkDelete(emptied);
    }
  }

  /** Each segment's size after this transaction (for the directory). */
  sizes(): Map<number, number> {
    const sizes = new Map<number, number>();
    for (const segment of this.dirty) sizes.set(segment, this.loaded.get(segment)?.size ?? 0);
    return sizes;
  }

  /** Every record this transaction wrote or deleted: what it was before, and what it is now (null: deleted). */
  changes(): Array<{ readonly before: R | undefined; readonly after: R | null }> {
    const out: Array<{ before: R | undefined; after: R | null }> = [];
    for (const [id, before] of this.before) {
      const segment = this.segmentOf(id);
      const after = segment === undefined ? null : (this.loaded.get(segment)?.get(id) ?? null);
      out.push({ before, after });
    }
    return out;
  }

  /** Records the committed transaction in the directory. */
  commit(sameId?: (id: Id) => Id): void {
    this.directory.apply(this.placed, this.removed, this.sizes(), sameId);
  }
}

/**
 * Keys rows per read request: each holds the keys of up to a hundred or two records, so 200 rows are
 * some 20,000 records' keys — a bounded piece to deserialise at once, and few enough requests (three per
 * table for the largest practice, 50,000 clients) that their round trips stay short of a run's start.
 * (50 rows per request made the worker's cold start at 50,000 clients ~1.6 s slower: 25 round trips.)
 */
export const KEY_ROWS_PER_READ = 200;

/**
 * Reads every keys row in primary-key order, KEY_ROWS_PER_READ rows per request, handing each to
 * `onRow`: the rows of a whole practice are never deserialised at once — at most the piece being handed
 * over and the next one, which is requested first so its round trip overlaps the work on this one.
 * Run it inside the caller's transaction when the rows must be one consistent snapshot.
 */
export async function readKeyRows<E>(keys: Table<KeysRow<E>, number>, onRow: (row: KeysRow<E>) => void): Promise<void> {
  const piece = (after: number) => keys.where(':id').above(after).limit(KEY_ROWS_PER_READ).toArray();
  let next = piece(Number.NEGATIVE_INFINITY);
  for (;;) {
    const rows = await next;
    const last = rows.at(-1);
    const more = last !== undefined && rows.length === KEY_ROWS_PER_READ;
    if (more) next = piece(last.id);
    for (const row of rows) onRow(row);
    if (!more) return;
  }
}
