/**
 * R6: after a complete listing (Resync All), what XPM no longer has is marked "missing in XPM" —
 * never deleted — and links to clients a shared contact no longer has are pruned. Which records are
 * affected is decided from the key index alone (every contact's (source, client) links and every
 * client's XPM ids), so only those records are read.
 */
import type { ClientRecord, ContactLink, ContactRecord, FieldChange } from '../../domain/records';
import type { LocalContactId, RunId, XpmClientId } from '../../domain/ids';
import type { StoreTx } from '../ports';
import { sameContact, withLinks } from '../reconcile/contacts';
import { withRejections } from './contact-rejections';
import { fieldChanges } from './contact-changes';
import type { LiveKeyIndex } from './key-index';
import type { SeenInXpm } from './seen-in-xpm';
import type { RunTally } from './tally';

export interface SweepContext {
  readonly runId: RunId;
  readonly now: number;
  readonly seen: SeenInXpm;
  readonly tally: RunTally;
}

/** What the sweep wrote, for the key index once it commits. */
export interface SweepResult {
  readonly contacts: ReadonlyArray<{ readonly before: ContactRecord; readonly after: ContactRecord }>;
  readonly clients: ReadonlyArray<{ readonly before: ClientRecord; readonly after: ClientRecord }>;
}

export async function sweepMissing(tx: StoreTx, index: LiveKeyIndex, ctx: SweepContext): Promise<SweepResult> {
  const { now, seen, tally } = ctx;
  const contactWrites: Array<{ before: ContactRecord; after: ContactRecord }> = [];
  const changes: FieldChange[] = [];
  /** A contact whose links the sweep pruned: written, counted and its changes recorded like any update. */
  const pruned = (record: ContactRecord, kept: readonly ContactLink[]) => {
    const after = withLinks(record, kept, now);
    if (after === record || sameContact(record, after)) return;
    tally.note('contact', after.id, 'updated');
    changes.push(...fieldChanges(record, after, ctx.runId, now));
    contactWrites.push({ before: record, after });
  };

  const affected: LocalContactId[] = [];
  for (const [id, links] of index.contactLinks()) {
    if (links.some(([sourceKey, clientId]) => !seen.hasLink({ sourceKey, clientId }))) affected.push(id);
  }
  /** Missing client → where its contacts are now (the R6 merge hint). */
  const nowUnder = new Map<XpmClientId, Map<XpmClientId, string>>();
  for (const record of await tx.contactsByIds(affected)) {
    if (record.state !== 'synced' || record.forcedManual) continue;
    const kept = record.links.filter((l) => seen.hasLink(l));
    if (kept.length > 0) pruned(withMergeHint(record, kept, seen, nowUnder), kept);
    else if (!record.missingInXpm) {
      // Links are kept so that the source reappearing relinks the same record.
      contactWrites.push({ before: record, after: { ...record, missingInXpm: true, updatedAt: now } });
      tally.missing('contact');
    }
  }
  await tx.putContacts(contactWrites.map((w) => w.after));
  await tx.addChanges(changes);

  const unseenClients = index.clientXpmIds().filter((id) => !seen.hasClient(id));
  const clientWrites: Array<{ before: ClientRecord; after: ClientRecord }> = [];
  for (const record of await tx.clientsByIds(index.clientIdsByXpmId(unseenClients))) {
    // A record answering to two identities is gone only when neither was listed.
    if (seen.hasClient(record.xpmId)) continue;
    if (record.state === 'synced' && !record.missingInXpm) {
      const under = nowUnder.get(record.xpmId);
      const hint =
        under === undefined ? {} : { contactsNowUnder: [...under].map(([clientId, name]) => ({ clientId, name })) };
      // A client missing in XPM is not rejected there any more: its fix-list entries drop out too.
      const after = withRejections({ ...record, missingInXpm: true, ...hint, updatedAt: now }, []);
      clientWrites.push({ before: record, after });
      tally.missing('client');
    }
  }
  await tx.putClients(clientWrites.map((w) => w.after));
  return { contacts: contactWrites, clients: clientWrites };
}

/**
 * R6 merge hint: a contact losing its links to clients XPM no longer lists, while it stays under others,
 * was moved by a merge in XPM. The contact remembers the clients it left; each of those clients learns
 * where its contacts are now (`nowUnder`, read when the sweep marks it missing).
 */
function withMergeHint(
  record: ContactRecord,
  kept: readonly ContactLink[],
  seen: SeenInXpm,
  nowUnder: Map<XpmClientId, Map<XpmClientId, string>>,
): ContactRecord {
  const left = record.links.filter((l) => !seen.hasLink(l) && !seen.hasClient(l.clientId));
  if (left.length === 0) return record;
  const earlier = record.leftMissingClients ?? [];
  const leftClients = [...earlier];
  for (const link of left) {
    if (!leftClients.some((c) => c.clientId === link.clientId))
      leftClients.push({ clientId: link.clientId, name: link.clientName });
    let targets = nowUnder.get(link.clientId);
    if (targets === undefined) {
      targets = new Map();
      nowUnder.set(link.clientId, targets);
    }
    for (const k of kept) targets.set(k.clientId, k.clientName);
  }
  return { ...record, leftMissingClients: leftClients };
}
