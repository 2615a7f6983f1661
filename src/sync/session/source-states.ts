/**
 * The standing fix-list state of evaluated clients (U2): each client's findings — its own and its
 * people's, duplicate-merged warnings included — keeping when each problem was first seen, its
 * fingerprint and its counts.
 */
import type { ClientEvaluation } from '../evaluate/evaluation';
import { fixEntryKey, type FixEntry, type SourceCounts, type SourceState } from '../../domain/fix-list';
import type { RecordIssue } from '../../domain/reasons';
import type { RunId, SourceKey, XpmClientId } from '../../domain/ids';

/** Fix-list entries for `issues` found by run `runId` at `at`, keeping earlier first-seen times. */
export function fixEntries(
  issues: readonly RecordIssue[],
  previous: readonly FixEntry[],
  runId: RunId,
  at: number,
): FixEntry[] {
  const firstSeen = new Map(previous.map((entry) => [fixEntryKey(entry), entry.firstSeenAt]));
  const out = new Map<string, FixEntry>();
  for (const issue of issues) {
    const key = fixEntryKey(issue);
    if (out.has(key)) continue; // one entry per source and reason
    out.set(key, { ...issue, firstSeenAt: firstSeen.get(key) ?? at, lastSeenAt: at, lastRunId: runId });
  }
  return [...out.values()];
}

export function countsOf(evaluation: ClientEvaluation): SourceCounts {
  return {
    clientRejected: evaluation.skipped === null && evaluation.fields === null ? 1 : 0,
    clientSkipped: evaluation.skipped === null ? 0 : 1,
    contactsRejected: evaluation.contactsRejected,
    contactsSkipped: evaluation.contactsSkipped,
  };
}

/** The state of one evaluated client, with the issues raised about it in this batch. */
export function sourceState(
  key: XpmClientId,
  hash: string,
  evaluation: ClientEvaluation,
  issues: readonly RecordIssue[],
  previous: SourceState | undefined,
  runId: RunId,
  at: number,
): SourceState {
  const imported: SourceKey[] = evaluation.contacts.map((candidate) => candidate.link.sourceKey);
  return {
    clientId: key,
    hash,
    findings: fixEntries(issues, previous?.findings ?? [], runId, at),
    counts: countsOf(evaluation),
    imported,
  };
}
