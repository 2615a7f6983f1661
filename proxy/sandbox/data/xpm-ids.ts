/**
 * XPM's numeric identifiers: the `<ID>` that 3.0 answers carry (xpm-api.md §1.1, §2.5). In XPM they
 * come from one database sequence per kind of record, shared by every practice, so one practice's
 * records get increasing ids with gaps between them. Real recordings show the magnitudes: clients
 * 23–32 million, contacts 14–19 million, staff around 860,000, groups around 920,000.
 *
 * Each kind here starts at a seeded point in a range of its own and climbs by a seeded gap, so ids
 * are unique within a kind, never equal across kinds (a reader that mixes a contact's id with a
 * client's cannot pass by luck), increase with creation order, and stay below 2^31 even at
 * MAX_CLIENTS. They come from a stream of their own, so adding them changed no other generated value.
 */
import type { Rng } from './prng';
import { createRng } from './prng';

export type XpmIdKind = 'client' | 'contact' | 'staff' | 'group' | 'relationship';

interface IdRange {
  /** The first id lies in [firstMin, firstMax). */
  readonly firstMin: number;
  readonly firstMax: number;
  /** Each next id is 1 to maxGap above the previous one (other practices' records fill the gaps). */
  readonly maxGap: number;
}

/**
 * Ranges apart by more than the most ids a kind can use even with every gap at its largest: at
 * MAX_CLIENTS (100,000) a practice has about 116,000 contacts (× 60 = 7.0 M, from at most 15 M: below
 * 22 M), 1,250 staff (× 40 = 50 k: below 900 k), 21,000 groups (× 40 = 0.84 M: below 1.8 M) and
 * under 60,000 relationships (× 20 = 1.2 M: below 3.7 M); clients end below 33 M.
 */
const RANGES: Readonly<Record<XpmIdKind, IdRange>> = {
  staff: { firstMin: 800_000, firstMax: 850_000, maxGap: 40 },
  group: { firstMin: 900_000, firstMax: 960_000, maxGap: 40 },
  relationship: { firstMin: 2_000_000, firstMax: 2_500_000, maxGap: 20 },
  contact: { firstMin: 13_000_000, firstMax: 15_000_000, maxGap: 60 },
  client: { firstMin: 23_000_000, firstMax: 25_000_000, maxGap: 80 },
};

export const XPM_ID_KINDS: readonly XpmIdKind[] = ['client', 'contact', 'staff', 'group', 'relationship'];

/** Hands out the next id of each kind. */
export type XpmIds = Readonly<Record<XpmIdKind, () => number>>;

function allocator(rng: Rng, highest: Readonly<Record<XpmIdKind, number | null>>): XpmIds {
  const last: Record<XpmIdKind, number | null> = { ...highest };
  const next = (kind: XpmIdKind) => (): number => {
    const range = RANGES[kind];
    const previous = last[kind];
    const id = previous === null ? rng.int(range.firstMin, range.firstMax - 1) : previous + rng.int(1, range.maxGap);
    last[kind] = id;
    return id;
  };
  return {
    client: next('client'),
    contact: next('contact'),
    staff: next('staff'),
    group: next('group'),
    relationship: next('relationship'),
  };
}

const NONE: Readonly<Record<XpmIdKind, null>> = {
  client: null,
  contact: null,
  staff: null,
  group: null,
  relationship: null,
};

/** Ids for a freshly generated practice, from the seed and the practice's name. */
export function generatedIds(seed: string): XpmIds {
  return allocator(createRng(`xpm-ids:${seed}`), NONE);
}

/** Ids for records added later (test controls), continuing above the highest id of each kind. */
export function continuedIds(seed: string, highest: Readonly<Record<XpmIdKind, number | null>>): XpmIds {
  return allocator(createRng(`xpm-ids:mutations:${seed}`), highest);
}
