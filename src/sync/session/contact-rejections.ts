/**
 * A contact whose XPM source is now rejected keeps its last good values (Decisions: "Rejected now,
 * imported before"), and carries that source's fix-list rejections (ContactRecord.rejectedInXpm) so
 * the Contacts page can say so without reading the fix-list. Each evaluated client replaces its own
 * part of them: a source rejected before and no longer (imported again, deleted in XPM, its client
 * skipped) drops out.
 */
import { fixEntryKey, type FixEntry, type SourceState } from '../../domain/fix-list';
import { clientSourceKey, contactSourceKey, type SourceKey, type XpmClientId } from '../../domain/ids';
import type { ClientRecord, ContactLink, ContactRecord, ContactRejection } from '../../domain/records';

/**
 * The XPM source a contact finding is about: the XPM contact, or the client's own details (R1b). A
 * person XPM sent without an id has no source (never the client's own details, which share the null
 * contact id); nor has an entry an older version stored as words only.
 */
export function findingSourceKey(
  entry: Pick<FixEntry, 'entity' | 'clientId' | 'contactId' | 'wording'>,
): SourceKey | null {
  if (entry.entity !== 'contact' || entry.clientId === null) return null;
  if (entry.contactId !== null) return contactSourceKey(entry.contactId);
  const fromClientDetails = entry.wording.from === 'facts' && entry.wording.place.kind === 'client-details';
  return fromClientDetails ? clientSourceKey(entry.clientId) : null;
}

/** A client's rejections of people, by the source they are about. */
export function rejectedSources(state: Pick<SourceState, 'findings'> | undefined): Map<SourceKey, FixEntry[]> {
  const out = new Map<SourceKey, FixEntry[]>();
  for (const entry of state?.findings ?? []) {
    if (entry.kind !== 'rejection') continue;
    const key = findingSourceKey(entry);
    if (key === null) continue;
    const list = out.get(key);
    if (list) list.push(entry);
    else out.set(key, [entry]);
  }
  return out;
}

export function asRejection({ lastSeenAt: _seen, lastRunId: _run, ...rejection }: FixEntry): ContactRejection {
  return rejection;
}

function isAbout(entry: ContactRejection, sourceKey: SourceKey, clientId: XpmClientId): boolean {
  return entry.clientId === clientId && findingSourceKey(entry) === sourceKey;
}

/** One rejection's identity for comparing: its fix-list key and when it was first seen. */
function rejectionKey(entry: ContactRejection): string {
  return `${fixEntryKey(entry)}|${entry.value ?? ''}|${entry.firstSeenAt}`;
}

/** Equal for display, in any order: the same problems with the same values, first seen at the same time. */
export function sameRejections(
  a: readonly ContactRejection[] | undefined,
  b: readonly ContactRejection[] | undefined,
): boolean {
  const x = a ?? [];
  const y = b ?? [];
  if (x.length !== y.length) return false;
  if (x.length === 0) return true;
  const keys = new Set(x.map(rejectionKey));
  return y.every((entry) => keys.has(rejectionKey(entry)));
}

/** `record` (a contact or a client) with these rejections (the property left out when there are none). */
export function withRejections<R extends ContactRecord | ClientRecord>(
  record: R,
  rejections: readonly ContactRejection[],
): R {
  const { rejectedInXpm: _old, ...rest } = record;
  return (rejections.length === 0 ? rest : { ...rest, rejectedInXpm: rejections }) as R;
}

/** The rejections of a record that still concern one of these links (a dropped link takes its own along). */
export function rejectionsOfLinks(
  rejections: readonly ContactRejection[] | undefined,
  links: readonly ContactLink[],
): readonly ContactRejection[] {
  return (rejections ?? []).filter((entry) => links.some((link) => isAbout(entry, link.sourceKey, link.clientId)));
}

/** One evaluated client's fix-list state, before and after this batch. */
export interface EvaluatedState {
  readonly before: SourceState | undefined;
  readonly after: SourceState;
}

/** The source keys whose contacts a batch must read to keep their rejections (rejected before). */
export function previouslyRejected(states: Iterable<SourceState>): SourceKey[] {
  const out: SourceKey[] = [];
  for (const state of states) out.push(...rejectedSources(state).keys());
  return out;
}

/**
 * The contacts whose rejections change with these clients' new states. `find` gives the batch's
 * current record holding a source (none for detached contacts, which no source leads to).
 */
export function restampRejections(
  states: readonly EvaluatedState[],
  find: (sourceKey: SourceKey) => ContactRecord | undefined,
): ContactRecord[] {
  const changed = new Map<string, ContactRecord>();
  for (const { before, after } of states) {
    const now = rejectedSources(after);
    const sources = new Set([...rejectedSources(before).keys(), ...now.keys()]);
    for (const sourceKey of sources) {
      const found = find(sourceKey);
      if (found === undefined) continue;
      const record = changed.get(found.id) ?? found;
      const linked = record.links.some((link) => link.sourceKey === sourceKey && link.clientId === after.clientId);
      const kept = (record.rejectedInXpm ?? []).filter((entry) => !isAbout(entry, sourceKey, after.clientId));
      const next = linked ? [...kept, ...(now.get(sourceKey) ?? []).map(asRejection)] : kept;
      if (!sameRejections(record.rejectedInXpm, next)) changed.set(record.id, withRejections(record, next));
    }
  }
  return [...changed.values()];
}
