/**
 * What a run found, by reason (U3), and the cap on how many findings one run keeps in its log. The
 * counts are complete; the log lists the findings only up to the cap, so one hostile or broken answer
 * (20,000 empty clients make 120,000 findings) cannot fill the device. The standing fix-list (U2) is
 * kept per XPM source and is not capped by this.
 */
import type { IssueKind, ReasonCode } from './reasons';

/**
 * Findings one run lists in its log. A Resync All of the 15,000-client practice makes about 7,800,
 * so normal runs are listed whole; at ~1.3 KB a finding stored, a capped log is about 13 MB.
 */
export const RUN_LOG_FINDINGS_CAP = 10_000;

/** Findings per issue kind and reason code (a code such as email-invalid can be a rejection or a warning). */
export type ReasonCounts = { readonly [K in IssueKind]?: Partial<Record<ReasonCode, number>> };

/** A mutable tally of findings by kind and reason. */
export class ReasonTally {
  private readonly counts = new Map<IssueKind, Map<ReasonCode, number>>();

  add(kind: IssueKind, code: ReasonCode, count = 1): void {
    let byCode = this.counts.get(kind);
    if (byCode === undefined) {
      byCode = new Map();
      this.counts.set(kind, byCode);
    }
    byCode.set(code, (byCode.get(code) ?? 0) + count);
  }

  addAll(counts: ReasonCounts | undefined): void {
    if (counts === undefined) return;
    for (const kind of Object.keys(counts) as IssueKind[]) {
      const byCode = counts[kind] ?? {};
      for (const code of Object.keys(byCode) as ReasonCode[]) this.add(kind, code, byCode[code] ?? 0);
    }
  }

  total(): number {
    let sum = 0;
    for (const byCode of this.counts.values()) for (const n of byCode.values()) sum += n;
    return sum;
  }

  /** Plain, structured-cloneable data (for the run record and a batch's outcome row). */
  toJSON(): ReasonCounts {
    const out: { [K in IssueKind]?: Partial<Record<ReasonCode, number>> } = {};
    for (const [kind, byCode] of this.counts) out[kind] = Object.fromEntries(byCode);
    return out;
  }
}

/** Total findings in a ReasonCounts. */
export function totalFindings(counts: ReasonCounts | undefined): number {
  const tally = new ReasonTally();
  tally.addAll(counts);
  return tally.total();
}

/** One row per kind and reason, most frequent first (Monitoring's complete counts of a capped run). */
export function reasonRows(
  counts: ReasonCounts | undefined,
): Array<{ readonly kind: IssueKind; readonly code: ReasonCode; readonly count: number }> {
  const rows: Array<{ kind: IssueKind; code: ReasonCode; count: number }> = [];
  for (const kind of Object.keys(counts ?? {}) as IssueKind[]) {
    const byCode = counts?.[kind] ?? {};
    for (const code of Object.keys(byCode) as ReasonCode[]) rows.push({ kind, code, count: byCode[code] ?? 0 });
  }
  return rows.sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
