/**
 * One evaluated XPM client against the batch's client records (R10–R12): skipped, rejected, or the
 * record it creates or updates — including the R12 takeover of a record with the same code.
 */
import type { ClientEvaluation } from '../evaluate/evaluation';
import type { ClientRecord } from '../../domain/records';
import {
  asLocalClientId,
  localClientIdOf,
  NUMERIC_ID_PREFIX,
  type LocalClientId,
  type XpmClientId,
} from '../../domain/ids';
import { clientRecordFrom, sameClient } from '../reconcile/clients';
import type { ClientIndex } from './client-index';
import type { RunTally } from './tally';

/** A client record written by a batch, with the stored record it replaces (for the key index). */
export interface ClientWrite {
  readonly before: ClientRecord | undefined;
  readonly after: ClientRecord;
}

export interface ClientRecordContext {
  readonly now: number;
  readonly newId: () => string;
  readonly tally: RunTally;
  /** Local records already linked to an XPM client in this run (the R12 guard). */
  readonly claimed: Set<LocalClientId>;
}

/** The XPM identities an incoming client may be stored under: its key, and `id:<integer>` when sent. */
export function incomingClientKeys(evaluation: Pick<ClientEvaluation, 'key' | 'numericId'>): XpmClientId[] {
  if (evaluation.key === null) return [];
  const alt = evaluation.numericId === null ? null : (`${NUMERIC_ID_PREFIX}${evaluation.numericId}` as XpmClientId);
  return alt === null || alt === evaluation.key ? [evaluation.key] : [evaluation.key, alt];
}

/** Applies one client; returns what to write, or null when nothing changes. */
export function applyClientEvaluation(
  evaluation: ClientEvaluation,
  clients: ClientIndex,
  ctx: ClientRecordContext,
): ClientWrite | null {
  const key = evaluation.key;
  const keys = incomingClientKeys(evaluation);
  const existing = clients.byXpmId(keys);
  if (evaluation.skipped === 'deleted') {
    ctx.tally.skipped('client');
    if (existing && existing.state === 'synced' && !existing.missingInXpm) {
      // Positively observed as deleted in XPM: marked now rather than waiting for a Resync All.
      ctx.tally.missing('client');
      return { before: existing, after: clients.put({ ...existing, missingInXpm: true, updatedAt: ctx.now }) };
    }
    return null;
  }
  if (evaluation.skipped === 'archived') {
    ctx.tally.skipped('client');
    return null;
  }
  if (!evaluation.fields || key === null) {
    ctx.tally.rejected('client');
    return null;
  }
  const base = existing ?? takeoverCandidate(clients, evaluation.fields.codeKey, ctx.claimed);
  // A new record is keyed by its XPM id unless a record that was relinked earlier holds that id.
  const id = base?.id ?? (clients.hasId(localClientIdOf(key)) ? asLocalClientId(ctx.newId()) : localClientIdOf(key));
  const record = clientRecordFrom(evaluation.fields, key, evaluation.numericId, id, base, ctx.now);
  ctx.claimed.add(record.id);
  const outcome = !base ? 'imported' : sameClient(base, record) ? 'unchanged' : 'updated';
  ctx.tally.note('client', record.id, outcome);
  if (base && base.xpmId !== key) clients.forget(base);
  return outcome === 'unchanged' ? null : { before: base, after: clients.put(record) };
}

/**
 * R12: a client new to this store takes over a record with the same code only when that record's
 * XPM client is proven gone (missing in XPM) — never one that a live XPM client may still feed, even
 * if that client comes later in this listing (a disconnected record is relinked by its XPM id).
 */
function takeoverCandidate(
  clients: ClientIndex,
  codeKey: string,
  claimed: ReadonlySet<LocalClientId>,
): ClientRecord | undefined {
  return clients.byCodeKey(codeKey).find((c) => c.missingInXpm && !claimed.has(c.id));
}
