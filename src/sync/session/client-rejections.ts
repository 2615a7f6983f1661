/**
 * A client imported before whose XPM record is now rejected keeps its last good values (Decisions:
 * "Rejected now, imported before"), and carries its own fix-list rejections (ClientRecord.rejectedInXpm)
 * so the Clients page can say so without reading the fix-list. Each evaluated client's record gets its
 * state's rejections: none once it is imported again, skipped (deleted or archived in XPM) or missing.
 */
import type { SourceState } from '../../domain/fix-list';
import type { XpmClientId } from '../../domain/ids';
import type { ClientRecord, ClientRejection } from '../../domain/records';
import { asRejection, sameRejections, withRejections } from './contact-rejections';

/** The rejections of a client's own record in its fix-list state (not those of its people). */
export function clientRejectionsOf(state: Pick<SourceState, 'clientId' | 'findings'>): ClientRejection[] {
  return state.findings
    .filter((entry) => entry.kind === 'rejection' && entry.entity === 'client' && entry.clientId === state.clientId)
    .map(asRejection);
}

/**
 * The client records whose rejections change with these clients' new states. `find` gives the batch's
 * current record of an XPM client (by either identity); a missing record carries none.
 */
export function restampClientRejections(
  states: readonly SourceState[],
  find: (clientId: XpmClientId) => ClientRecord | undefined,
): ClientRecord[] {
  const changed: ClientRecord[] = [];
  for (const state of states) {
    const record = find(state.clientId);
    if (record === undefined) continue;
    const next = record.missingInXpm ? [] : clientRejectionsOf(state);
    if (!sameRejections(record.rejectedInXpm, next)) changed.push(withRejections(record, next));
  }
  return changed;
}
