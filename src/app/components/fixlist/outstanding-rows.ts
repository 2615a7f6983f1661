/**
 * The Sync page's "outstanding problems by reason" (U2): the fix-list's counts as rows an accountant
 * reads — not imported first, then warnings, then skips; the biggest first within each — each with
 * the address of the fix-list filtered to it.
 */
import {
  FIX_REASONS,
  type FixReason,
  isFixReason,
  type OutstandingCounts,
  splitFixReason,
} from '../../../domain/fix-list';
import type { IssueKind, ReasonCode } from '../../../domain/reasons';
import { reasonHelp } from '../../reason-help';

export interface OutstandingRow {
  readonly reason: FixReason;
  readonly kind: IssueKind;
  readonly code: ReasonCode;
  /** The reason in the accountant's words (reason-help.ts). */
  readonly label: string;
  readonly count: number;
  /** The fix-list filtered to this reason. */
  readonly href: string;
}

/** The query parameter that filters the fix-list (`?reason=rejection:mobile-invalid`, or `all`). */
export const REASON_PARAM = 'reason';
/** The fix-list's place on the Sync page (the filtered table's id). */
export const FIX_LIST_ANCHOR = 'fix-list';

/** What a ?reason= value asks for: one reason, every reason, or nothing (absent or not a reason). */
export type FixListFilter = FixReason | 'all';

export function fixListHref(filter: FixListFilter): string {
  return `/sync?${REASON_PARAM}=${encodeURIComponent(filter)}#${FIX_LIST_ANCHOR}`;
}

export function parseFixListFilter(value: string | readonly string[] | undefined): FixListFilter | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string') return null;
  if (text === 'all') return 'all';
  return isFixReason(text) ? text : null;
}

const KIND_ORDER: Readonly<Record<IssueKind, number>> = { rejection: 0, warning: 1, skip: 2 };

export function outstandingRows(counts: OutstandingCounts): OutstandingRow[] {
  const rows: OutstandingRow[] = [];
  for (const reason of FIX_REASONS) {
    const count = counts[reason] ?? 0;
    if (count <= 0) continue;
    const { kind, code } = splitFixReason(reason);
    rows.push({ reason, kind, code, label: reasonHelp(code, kind).label, count, href: fixListHref(reason) });
  }
  return rows.sort(
    (a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || b.count - a.count || a.label.localeCompare(b.label, 'en'),
  );
}

/** The label of a filter, for the filtered table's heading. */
export function filterLabel(filter: FixListFilter): string {
  if (filter === 'all') return 'All outstanding problems';
  const { kind, code } = splitFixReason(filter);
  return reasonHelp(code, kind).label;
}
