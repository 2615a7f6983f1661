/**
 * The standing fix-list state of evaluated clients (U2): each client's findings — its own and its
 * people's, duplicate-merged warnings included — keeping when each problem was first seen, its
 * fingerprint and its counts.
 */
import type { ClientEvaluation } from '../evaluate/evaluation';
import { fixEntryKey, type FixEntry, type SourceCounts, type SourceState } from '../../domain/fix-list';
import type { RecordIssue } from '../../domain/reasons';
import { contactSourceKey, type RunId, type SourceKey, type XpmClientId } from '../../domain/ids';
import type { XpmClient } from '../../xero/types';

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

/**
 * A client's people as its source state keeps them: the sources of those the evaluation imported and,
 * for SeenInXpm.noteKnown, whether the client is deleted and its other listed people.
 */
export type ListedPeople = Pick<SourceState, 'imported' | 'deleted' | 'unimported'>;

/**
 * The people of `client` as `evaluation` imported them, and what SeenInXpm.noteUnchanged notes of it
 * beyond those — kept, so a run that recognises the client without parsing it notes the same.
 */
export function listedPeople(client: XpmClient, evaluation: ClientEvaluation): ListedPeople {
  const imported = evaluation.contacts.map((candidate) => candidate.link.sourceKey);
  if (client.isDeleted) return { imported, deleted: true };
  let unimported: SourceKey[] | undefined;
  for (const contact of client.contacts) {
    if (contact.isDeleted || contact.key === null) continue;
    const sourceKey = contactSourceKey(contact.key);
    if (imported.includes(sourceKey)) continue;
    unimported ??= [];
    unimported.push(sourceKey);
  }
  return unimported === undefined ? { imported } : { imported, unimported };
}

/** The state of one evaluated client, with the issues raised about it in this batch. */
export function sourceState(
  key: XpmClientId,
  hash: string,
  evaluation: ClientEvaluation,
  listed: ListedPeople,
  issues: readonly RecordIssue[],
  previous: SourceState | undefined,
  runId: RunId,
  at: number,
): SourceState {
  return {
    clientId: key,
    hash,
    findings: fixEntries(issues, previous?.findings ?? [], runId, at),
    counts: countsOf(evaluation),
    ...listed,
  };
}
