/**
 * What a complete listing (Resync All) showed XPM still has, for the R6 sweep: every client, every
 * contact source, and every (source, client) link — a contact shared by two clients may lose one —
 * and every client listed at all (deleted ones included), whose fix-list state is kept.
 */
import type { ClientEvaluation } from '../evaluate/evaluation';
import type { ContactLink } from '../../domain/records';
import { clientSourceKey, contactSourceKey, type SourceKey, type XpmClientId } from '../../domain/ids';
import type { XpmClient } from '../../xero/types';

export class SeenInXpm {
  private readonly sources = new Set<SourceKey>();
  private readonly links = new Set<string>();
  private readonly clients = new Set<XpmClientId>();
  private readonly listed = new Set<XpmClientId>();

  /** A client of the listing and its people (a deleted client's people are not "seen"). */
  noteClient(evaluation: ClientEvaluation): void {
    const key = evaluation.key;
    if (key === null) return;
    this.listed.add(key);
    if (evaluation.skipped === 'deleted') return;
    this.clients.add(key);
    this.noteLink(clientSourceKey(key), key);
    for (const candidate of evaluation.contacts) this.noteLink(candidate.link.sourceKey, key);
    for (const sourceKey of evaluation.rejectedSourceKeys) this.noteLink(sourceKey, key);
  }

  /**
   * A client skipped because it did not change: what evaluating it would have noted, read from the
   * response itself — the client and every one of its people that is not deleted.
   */
  noteUnchanged(client: XpmClient): void {
    const key = client.key;
    if (key === null) return;
    this.listed.add(key);
    if (client.isDeleted) return;
    this.clients.add(key);
    this.noteLink(clientSourceKey(key), key);
    for (const contact of client.contacts) {
      if (!contact.isDeleted && contact.key !== null) this.noteLink(contactSourceKey(contact.key), key);
    }
  }

  hasSource(sourceKey: SourceKey): boolean {
    return this.sources.has(sourceKey);
  }

  hasLink(link: Pick<ContactLink, 'sourceKey' | 'clientId'>): boolean {
    return this.links.has(linkKey(link.sourceKey, link.clientId));
  }

  hasClient(xpmId: XpmClientId): boolean {
    return this.clients.has(xpmId);
  }

  /** Listed at all, deleted or not. */
  wasListed(xpmId: XpmClientId): boolean {
    return this.listed.has(xpmId);
  }

  private noteLink(sourceKey: SourceKey, clientId: XpmClientId): void {
    this.sources.add(sourceKey);
    this.links.add(linkKey(sourceKey, clientId));
  }
}

function linkKey(sourceKey: SourceKey, clientId: XpmClientId): string {
  return `${sourceKey}|${clientId}`;
}
