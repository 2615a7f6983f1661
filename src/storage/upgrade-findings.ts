/**
 * Schema version 3 → 4 (issue M4 item 2): findings are stored as facts and worded when shown, so a
 * wording fix reaches old runs. Entries written before kept only their English message and
 * suggestion, which cannot be turned back into facts: they are kept as those words
 * (`wording.from: 'stored-words'`), nothing is lost, and they are shown exactly as before.
 *
 * The standing fix-list is rebuilt rather than kept in words: every client's fingerprint is cleared,
 * so the next run that reads a client evaluates it again and stores its findings as facts (a Resync
 * All reads every client; until then an entry shows its stored words).
 */
import type { Transaction } from 'dexie';
import type { IssueWording } from '../domain/findings';
import type { FixEntry, SourceState } from '../domain/fix-list';
import type { RunLogEntry } from '../domain/runs';
import type { RecordIssue } from '../domain/reasons';
import type { RunLogPart, SourceKeyEntry } from './db';
import type { KeysRow, SegmentRow } from './segments';

/** An issue as versions 1–3 stored it: its words instead of its facts. */
type WordedIssue<T extends RecordIssue> = Omit<T, 'wording'> & {
  readonly message?: string;
  readonly suggestion?: string;
  readonly wording?: IssueWording;
};

/** The issue with its stored words moved into `wording` (an entry already holding a wording is kept). */
export function withStoredWords<T extends RecordIssue>(entry: WordedIssue<T>): T {
  if (entry.wording !== undefined) return entry as T;
  const { message, suggestion, ...rest } = entry;
  return {
    ...rest,
    wording: { from: 'stored-words', message: message ?? '', suggestion: suggestion ?? '' },
  } as T;
}

/** A run-log row as version 3 kept it. */
type Version3LogPart = Omit<RunLogPart, 'entries'> & { readonly entries: readonly WordedIssue<RunLogEntry>[] };
/** A client's standing state as version 3 kept it. */
type Version3SourceState = Omit<SourceState, 'findings'> & { readonly findings: readonly WordedIssue<FixEntry>[] };

export async function storeFindingsAsFacts(tx: Transaction): Promise<void> {
  await tx
    .table<Version3LogPart, [string, number]>('runLogParts')
    .toCollection()
    .modify((part, ref) => {
      ref.value = { ...part, entries: part.entries.map((entry) => withStoredWords<RunLogEntry>(entry)) };
    });
  await tx
    .table<SegmentRow<Version3SourceState>, number>('sourceSegments')
    .toCollection()
    .modify((row, ref) => {
      ref.value = {
        ...row,
        records: row.records.map((state) => ({
          ...state,
          hash: null,
          findings: state.findings.map((entry) => withStoredWords<FixEntry>(entry)),
        })),
      };
    });
  await tx
    .table<KeysRow<SourceKeyEntry>, number>('sourceKeys')
    .toCollection()
    .modify((row, ref) => {
      ref.value = { ...row, entries: row.entries.map((entry) => ({ ...entry, hash: null })) };
    });
  const kv = tx.table<{ key: string; value: unknown }, string>('kv');
  const unattributed = await kv.get('unattributedFindings');
  if (Array.isArray(unattributed?.value)) {
    await kv.put({
      key: 'unattributedFindings',
      value: (unattributed.value as WordedIssue<FixEntry>[]).map((entry) => withStoredWords<FixEntry>(entry)),
    });
  }
  // A worker's warm key index was built from the fingerprints just cleared.
  const generation = await kv.get('storeGeneration');
  await kv.put({ key: 'storeGeneration', value: (typeof generation?.value === 'number' ? generation.value : 0) + 1 });
}
