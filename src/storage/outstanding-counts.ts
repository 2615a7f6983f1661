/**
 * The fix-list's size per reason, kept in one kv row by the sync store (U2, M6). Counting it from the
 * source keys rows means reading a row for every XPM client (50,000 entries for a 50,000-client
 * practice); the Sync page re-counts whenever a run ends, and that one large read queued ahead of
 * whatever the user opens next (Contacts' first rows waited 250–700 ms for it). The sync store keeps
 * the totals in the worker and writes them in each transaction that changes the fix-list, with the
 * store generation they describe; a page reads this row when it is current and counts the keys rows
 * otherwise (another writer changed the store, or the totals are not known).
 */
import {
  addOutstanding,
  countByFixReason,
  type FixEntry,
  type FixReason,
  type OutstandingCounts,
} from '../domain/fix-list';
import type { SourceState } from '../domain/fix-list';
import type { XpmClientId } from '../domain/ids';
import type { ClientStateKey } from '../sync/ports';
import type { AppDB } from './db';
import { readKv } from './kv';
import { readStoreGeneration } from './store-generation';

export interface StoredOutstanding {
  readonly generation: number;
  readonly counts: OutstandingCounts;
}

function isStoredOutstanding(value: unknown): value is StoredOutstanding {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const counts = v['counts'];
  return (
    typeof v['generation'] === 'number' &&
    typeof counts === 'object' &&
    counts !== null &&
    Object.values(counts).every((count) => typeof count === 'number' && Number.isFinite(count))
  );
}

/** The stored totals, if they describe the store as it is now. */
export async function currentOutstandingCounts(db: AppDB): Promise<OutstandingCounts | null> {
  const [stored, generation] = await Promise.all([
    readKv<StoredOutstanding | null>(
      db,
      'outstandingCounts',
      null,
      (v): v is StoredOutstanding | null => v === null || isStoredOutstanding(v),
    ),
    readStoreGeneration(db),
  ]);
  return stored !== null && stored.generation === generation ? stored.counts : null;
}

/** The worker's totals: the source states' and the unattributed findings', each null while not known. */
export interface OutstandingTotals {
  readonly sources: OutstandingCounts | null;
  readonly unattributed: OutstandingCounts | null;
}

export const UNKNOWN_TOTALS: OutstandingTotals = { sources: null, unattributed: null };

/** The source states' totals from the key index; null when a keys entry predates its counts. */
export function sourceTotalsOf(states: ReadonlyMap<XpmClientId, ClientStateKey>): OutstandingCounts | null {
  const total: OutstandingCounts = {};
  for (const state of states.values()) {
    if (state.reasons === undefined) return null;
    addOutstanding(total, state.reasons);
  }
  return total;
}

/** Takes `less` out of `from`, dropping reasons that reach zero (as a fresh count would not have them). */
function subtractOutstanding(from: OutstandingCounts, less: OutstandingCounts): void {
  for (const [reason, count] of Object.entries(less) as Array<[FixReason, number]>) {
    const left = (from[reason] ?? 0) - count;
    if (left > 0) from[reason] = left;
    else delete from[reason];
  }
}

/** The totals after a transaction changed these source states and (when not undefined) the unattributed findings. */
export function applyOutstandingChanges(
  totals: OutstandingTotals,
  sources: readonly { readonly before: SourceState | undefined; readonly after: SourceState | null }[],
  unattributed: readonly FixEntry[] | undefined,
): OutstandingTotals {
  let next = totals.sources;
  if (next !== null && sources.length > 0) {
    next = { ...next };
    for (const { before, after } of sources) {
      if (before !== undefined) subtractOutstanding(next, countByFixReason(before.findings));
      if (after !== null) addOutstanding(next, countByFixReason(after.findings));
    }
  }
  return {
    sources: next,
    unattributed: unattributed === undefined ? totals.unattributed : countByFixReason(unattributed),
  };
}

/** The fix-list's totals, when both parts are known. */
export function outstandingOf(totals: OutstandingTotals): OutstandingCounts | null {
  if (totals.sources === null || totals.unattributed === null) return null;
  const total: OutstandingCounts = {};
  addOutstanding(total, totals.sources);
  addOutstanding(total, totals.unattributed);
  return total;
}
