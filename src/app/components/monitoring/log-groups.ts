/** Groups a run's log by issue kind and reason code, with counts (U3), in a stable, useful order. */
import type { RunLogEntry } from '../../../domain/runs';
import type { IssueKind, ReasonCode, RecordIssue } from '../../../domain/reasons';

export interface LogGroup {
  readonly key: string;
  readonly kind: IssueKind;
  readonly code: ReasonCode;
  readonly entries: readonly RunLogEntry[];
}

const KIND_ORDER: Readonly<Record<IssueKind, number>> = { rejection: 0, warning: 1, skip: 2 };

/** Rejections first, then warnings, then skips; within each, the most frequent reason first. */
export function groupLog(entries: readonly RunLogEntry[]): LogGroup[] {
  const groups = new Map<string, { kind: IssueKind; code: ReasonCode; entries: RunLogEntry[] }>();
  for (const entry of entries) {
    const key = `${entry.kind}:${entry.code}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { kind: entry.kind, code: entry.code, entries: [entry] });
    else group.entries.push(entry);
  }
  return [...groups.entries()]
    .map(([key, group]) => ({ key, ...group }))
    .sort(
      (a, b) =>
        KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || b.entries.length - a.entries.length || (a.code < b.code ? -1 : 1),
    );
}

/** Who the entry is about: the person, and the client they belong to. */
export function entrySubject(entry: RecordIssue): string {
  const parts = [entry.personName, entry.clientName].filter(
    (part): part is string => part !== null && part.trim() !== '',
  );
  if (parts.length === 2 && parts[0] !== parts[1]) return `${parts[0]} (${parts[1]})`;
  return parts[0] ?? (entry.entity === 'staff' ? 'Staff member' : 'Unnamed record');
}
