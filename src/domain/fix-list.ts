/**
 * The standing fix-list (PRODUCT.md U2): every XPM record that is currently not imported, or imported
 * with a warning — one entry per XPM source and reason, kept across runs. A run replaces the entries of
 * the records it saw; a completed Resync All replaces the whole set.
 */
import type { RunId, SourceKey, XpmClientId } from './ids';
import type { ReasonCode, RecordIssue } from './reasons';

/** One outstanding finding about one XPM record. */
export interface FixEntry extends RecordIssue {
  /** When a run first found this problem with this record (kept while it stays unfixed). */
  readonly firstSeenAt: number;
  /** When a run last found it, and which run (every entry of one run carries that run's time). */
  readonly lastSeenAt: number;
  readonly lastRunId: RunId;
}

/** Counts a skipped client contributes to a run summary without being evaluated again. */
export interface SourceCounts {
  readonly clientRejected: number;
  readonly clientSkipped: number;
  readonly contactsRejected: number;
  readonly contactsSkipped: number;
}

/**
 * What the store keeps per XPM client between runs: a fingerprint of its content (and of the
 * evaluation context), the findings about it and its people, and its counts. A client whose
 * fingerprint has not changed is not evaluated or written again (a Resync All as cheap as reading).
 */
export interface SourceState {
  readonly clientId: XpmClientId;
  /** null: evaluate it again next time (a record of it was changed or removed locally). */
  readonly hash: string | null;
  readonly findings: readonly FixEntry[];
  readonly counts: SourceCounts;
  /** The sources of its people that were imported. */
  readonly imported: readonly SourceKey[];
}

/** One entry per XPM source and reason: the identity of a fix-list entry. */
export function fixEntryKey(
  issue: Pick<RecordIssue, 'entity' | 'clientId' | 'contactId' | 'staffId' | 'code' | 'field'>,
): string {
  return [
    issue.entity,
    issue.clientId ?? '',
    issue.contactId ?? '',
    issue.staffId ?? '',
    issue.code,
    issue.field ?? '',
  ].join('|');
}

/** Count of entries per reason code (the Sync page's "outstanding problems by reason"). */
export function countByReason(entries: Iterable<Pick<FixEntry, 'code'>>): Partial<Record<ReasonCode, number>> {
  const counts: Partial<Record<ReasonCode, number>> = {};
  for (const entry of entries) counts[entry.code] = (counts[entry.code] ?? 0) + 1;
  return counts;
}
