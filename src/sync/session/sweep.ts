/**
 * R6: after a complete listing (Resync All), what XPM no longer has is marked "missing in XPM" —
 * never deleted — and links to clients a shared contact no longer has are pruned.
 */
import type { ClientRecord, ContactLink, ContactRecord, FieldChange } from '../../domain/records';
import type { LocalContactId, RunId } from '../../domain/ids';
import type { StoreTx } from '../ports';
import { sameContact, withLinks } from '../reconcile/contacts';
import { fieldChanges } from './contact-changes';
import type { LiveKeyIndex } from './key-index';
import type { SeenInXpm } from './seen-in-xpm';
import type { RunTally } from './tally';

export interface SweepContext {
  readonly runId: RunId;
  readonly now: number;
  readonly seen: SeenInXpm;
  readonly tally: RunTally;
  /** Contacts written this run with links to several clients: checked for links XPM dropped. */
  readonly multiLinkContacts: ReadonlySet<LocalContactId>;
}

export async function sweepMissing(tx: StoreTx, index: LiveKeyIndex, ctx: SweepContext): Promise<void> {
  const { now, seen, tally } = ctx;
  const contactWrites: ContactRecord[] = [];
  const changes: FieldChange[] = [];
  /** A contact whose links the sweep pruned: written, counted and its changes recorded like any update. */
  const pruned = (record: ContactRecord, kept: readonly ContactLink[]) => {
    const after = withLinks(record, kept, now);
    if (after === record || sameContact(record, after)) return;
    tally.note('contact', after.id, 'updated');
    changes.push(...fieldChanges(record, after, ctx.runId, now));
    contactWrites.push(after);
  };

  const unseenKeys = index.contactSourceKeys().filter((key) => !seen.hasSource(key));
  const checked = new Set<LocalContactId>();
  for (const record of await tx.contactsByIds(index.contactIdsBySource(unseenKeys))) {
    checked.add(record.id);
    if (record.state !== 'synced' || record.forcedManual) continue;
    const kept = record.links.filter((l) => seen.hasLink(l));
    if (kept.length > 0) pruned(record, kept);
    else if (!record.missingInXpm) {
      // Links are kept so that the source reappearing relinks the same record.
      contactWrites.push({ ...record, missingInXpm: true, updatedAt: now });
      tally.missing('contact');
    }
  }
  const multi = [...ctx.multiLinkContacts].filter((id) => !checked.has(id));
  for (const record of await tx.contactsByIds(multi)) {
    const kept = record.links.filter((l) => seen.hasLink(l));
    if (kept.length > 0 && kept.length < record.links.length) pruned(record, kept);
  }
  await tx.putContacts(contactWrites);
  await tx.addChanges(changes);

  const unseenClients = index.clientXpmIds().filter((id) => !seen.hasClient(id));
  const clientWrites: ClientRecord[] = [];
  for (const record of await tx.clientsByIds(index.clientIdsByXpmId(unseenClients))) {
    // A record answering to two identities is gone only when neither was listed.
    if (seen.hasClient(record.xpmId)) continue;
    if (record.state === 'synced' && !record.missingInXpm) {
      clientWrites.push({ ...record, missingInXpm: true, updatedAt: now });
      tally.missing('client');
    }
  }
  await tx.putClients(clientWrites);
}
