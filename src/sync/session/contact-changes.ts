/**
 * What a batch changed in contacts: the records to write, their outcomes, and the field changes
 * (R7 history) of contacts that XPM fed before.
 */
import type { ContactRecord, FieldChange } from '../../domain/records';
import type { LocalContactId, RunId } from '../../domain/ids';
import { sameContact } from '../reconcile/contacts';
import type { RunTally } from './tally';

/** R4b: a manual contact without XPM metadata that this sync linked (it is now synced and takes XPM's values). */
export function isTakeover(before: ContactRecord, after: ContactRecord): boolean {
  return before.state === 'manual' && before.links.length === 0 && after.state === 'synced';
}

/**
 * R7: which of name, email and mobile a sync changed, for a contact that XPM fed before — or that this
 * sync took over (R4b): then the values the user typed that XPM's replaced, and a `source` row saying
 * the contact is now synced.
 */
export function fieldChanges(before: ContactRecord, after: ContactRecord, runId: RunId, now: number): FieldChange[] {
  const takeover = isTakeover(before, after);
  if (before.links.length === 0 && !takeover) return [];
  const changes: FieldChange[] = (['name', 'email', 'mobile'] as const)
    .filter((field) => before[field] !== after[field])
    .map((field) => ({ contactId: after.id, runId, at: now, field, from: before[field], to: after[field] }));
  if (takeover) changes.push({ contactId: after.id, runId, at: now, field: 'source', from: 'manual', to: 'synced' });
  return changes;
}

/** The writes and changes of every record a batch touched, counting each outcome. */
export function contactWrites(
  touched: ReadonlyArray<{ readonly before: ContactRecord | null; readonly after: ContactRecord }>,
  runId: RunId,
  now: number,
  tally: RunTally,
): { readonly writes: ContactRecord[]; readonly changes: FieldChange[] } {
  const writes: ContactRecord[] = [];
  const changes: FieldChange[] = [];
  for (const { before, after } of touched) {
    if (!before) {
      tally.note('contact', after.id, 'imported');
      writes.push(after);
    } else if (before === after || sameContact(before, after)) {
      tally.note('contact', after.id, 'unchanged');
    } else {
      tally.note('contact', after.id, 'updated');
      writes.push(after);
      changes.push(...fieldChanges(before, after, runId, now));
    }
  }
  return { writes, changes };
}

/** Ids of the written records that link several clients (the sweep re-checks them, R6). */
export function multiLinkIds(writes: readonly ContactRecord[]): LocalContactId[] {
  return writes.filter((record) => record.links.length > 1).map((record) => record.id);
}
