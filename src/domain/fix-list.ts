/**
 * The standing fix-list (PRODUCT.md U2): every XPM record that is currently not imported, or imported
 * with a warning — one entry per XPM source and reason, kept across runs. A run replaces the entries of
 * the records it saw; a completed Resync All replaces the whole set.
 */
import type { RunId, SourceKey, XpmClientId } from './ids';
import {
  type IssueKind,
  type ReasonCode,
  type RecordIssue,
  REJECTION_CODES,
  SKIP_CODES,
  WARNING_CODES,
} from './reasons';

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
  /**
   * What a complete listing notes of the client when it is recognised unread (SeenInXpm.noteKnown):
   * XPM listed it as deleted, and the sources of its listed (not deleted) people that were not
   * imported. Absent: not deleted, none.
   */
  readonly deleted?: true;
  readonly unimported?: readonly SourceKey[];
}

/**
 * One entry per XPM source and reason: the identity of a fix-list entry. A source XPM sent without an
 * id (a person, a client, a staff member) and a client's own details used as a person (R1b, which has
 * no contact id either) are told apart by their place, so two of them never share one entry.
 */
export function fixEntryKey(
  issue: Pick<RecordIssue, 'entity' | 'clientId' | 'contactId' | 'staffId' | 'code' | 'field' | 'wording'>,
): string {
  const key = [
    issue.entity,
    issue.clientId ?? '',
    issue.contactId ?? '',
    issue.staffId ?? '',
    issue.code,
    issue.field ?? '',
  ].join('|');
  const who = placeWithoutId(issue);
  return who === null ? key : `${key}|${who}`;
}

/** Where an issue about a source without an id is (null when the source has its id, as nearly all do). */
function placeWithoutId(
  issue: Pick<RecordIssue, 'entity' | 'clientId' | 'contactId' | 'staffId' | 'wording'>,
): string | null {
  const idless =
    issue.entity === 'contact'
      ? issue.contactId === null
      : issue.entity === 'client'
        ? issue.clientId === null
        : issue.staffId === null;
  if (!idless || issue.wording.from !== 'facts') return null;
  const place = issue.wording.place;
  switch (place.kind) {
    case 'contact':
      return `person|${place.person}|${place.email}`;
    case 'client-details':
      return 'client-details';
    case 'client':
      return `client|${place.client.name}|${place.client.code}`;
    case 'staff':
      return `staff|${place.person}|${place.email}|${place.id}`;
  }
}

/** Count of entries per reason code (the Sync page's "outstanding problems by reason"). */
export function countByReason(entries: Iterable<Pick<FixEntry, 'code'>>): Partial<Record<ReasonCode, number>> {
  const counts: Partial<Record<ReasonCode, number>> = {};
  for (const entry of entries) counts[entry.code] = (counts[entry.code] ?? 0) + 1;
  return counts;
}

/**
 * A fix-list reason as the accountant sees it: the reason code with its kind, because one code can
 * mean two things (`email-invalid` rejects a contact but only drops a client's optional email).
 */
export type FixReason = `${IssueKind}:${ReasonCode}`;

/** Count of outstanding fix-list entries per reason: the Sync page's counts and each run's trend point. */
export type OutstandingCounts = Partial<Record<FixReason, number>>;

export function fixReasonOf(entry: Pick<RecordIssue, 'kind' | 'code'>): FixReason {
  return `${entry.kind}:${entry.code}`;
}

/** Count of entries per reason with its kind (one entry per source and reason, so one per row of the fix-list). */
export function countByFixReason(entries: Iterable<Pick<RecordIssue, 'kind' | 'code'>>): OutstandingCounts {
  const counts: OutstandingCounts = {};
  for (const entry of entries) {
    const reason = fixReasonOf(entry);
    counts[reason] = (counts[reason] ?? 0) + 1;
  }
  return counts;
}

/** Adds `more` into `into` (per-client counts summed into the practice's). */
export function addOutstanding(into: OutstandingCounts, more: OutstandingCounts): void {
  for (const [reason, count] of Object.entries(more) as Array<[FixReason, number]>) {
    into[reason] = (into[reason] ?? 0) + count;
  }
}

/** The total of a count set. */
export function outstandingTotal(counts: OutstandingCounts): number {
  let total = 0;
  for (const count of Object.values(counts)) total += count ?? 0;
  return total;
}

/** Every reason an entry can have, in the order the Sync page lists them (not imported, warnings, skips). */
export const FIX_REASONS: readonly FixReason[] = [
  ...REJECTION_CODES.map((code) => `rejection:${code}` as const),
  ...WARNING_CODES.map((code) => `warning:${code}` as const),
  ...SKIP_CODES.map((code) => `skip:${code}` as const),
];

const FIX_REASON_SET: ReadonlySet<string> = new Set(FIX_REASONS);

/** Whether text (a ?reason= address, a stored count's key) names a fix-list reason. */
export function isFixReason(text: string): text is FixReason {
  return FIX_REASON_SET.has(text);
}

/** The kind and code of a reason. */
export function splitFixReason(reason: FixReason): { readonly kind: IssueKind; readonly code: ReasonCode } {
  const at = reason.indexOf(':');
  return { kind: reason.slice(0, at) as IssueKind, code: reason.slice(at + 1) as ReasonCode };
}
