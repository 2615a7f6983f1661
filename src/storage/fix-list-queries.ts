/**
 * Reads of the standing fix-list (U2): every XPM record currently not imported, imported with a
 * warning or skipped, one entry per source and reason. The entries live in the source states (one per
 * XPM client, in segments) and, for staff and clients XPM sent without an id, in kv. Nothing here writes.
 */
import { addOutstanding, countByFixReason, type FixEntry, type OutstandingCounts } from '../domain/fix-list';
import type { XpmClientId } from '../domain/ids';
import type { AppDB } from './db';
import { readKv } from './kv';
import { isFixEntryList } from './store-generation';
import { currentOutstandingCounts } from './outstanding-counts';
import { readKeyRows } from './segments';

/** The whole fix-list, read in one transaction so a run's commit never shows half-applied. */
export function fixListEntries(db: AppDB): Promise<FixEntry[]> {
  return db.transaction('r', [db.sourceSegments, db.kv], async () => {
    const rows = await db.sourceSegments.toArray();
    const unattributed = await readKv(db, 'unattributedFindings', [], isFixEntryList);
    return [...rows.flatMap((row) => row.records.flatMap((state) => state.findings)), ...unattributed];
  });
}

/**
 * The fix-list's size per reason: the totals the sync store keeps when they are current, else from the
 * keys rows (each client's counts); clients whose keys predate the counts have their findings read instead.
 */
export function outstandingByReason(db: AppDB): Promise<OutstandingCounts> {
  return db.transaction('r', [db.sourceKeys, db.sourceSegments, db.kv], async () => {
    // The totals the sync store keeps, when they describe the store as it is (two small reads).
    const kept = await currentOutstandingCounts(db);
    if (kept !== null) return { ...kept };
    const unattributed = await readKv(db, 'unattributedFindings', [], isFixEntryList);
    const total = countByFixReason(unattributed);
    const uncounted = new Set<XpmClientId>();
    const segments = new Set<number>();
    await readKeyRows(db.sourceKeys, (row) => {
      for (const entry of row.entries) {
        if (entry.reasons !== undefined) addOutstanding(total, entry.reasons);
        else {
          uncounted.add(entry.clientId);
          segments.add(row.id);
        }
      }
    });
    if (segments.size > 0) {
      for (const row of await db.sourceSegments.bulkGet([...segments])) {
        for (const state of row?.records ?? []) {
          if (uncounted.has(state.clientId)) addOutstanding(total, countByFixReason(state.findings));
        }
      }
    }
    return total;
  });
}
