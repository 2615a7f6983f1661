/**
 * What a complete listing (Resync All) showed XPM still has, for the R6 sweep: every client, every
 * contact source, and every (source, client) link — a contact shared by two clients may lose one.
 */
import type { ClientEvaluation } from '../evaluate/evaluation';
import type { ContactLink } from '../../domain/records';
import { clientSourceKey, type SourceKey, type XpmClientId } from '../../domain/ids';

export class SeenInXpm {
  private readonly sources = new Set<SourceKey>();
  private readonly links = new Set<string>();
  private readonly clients = new Set<XpmClientId>();

  /** A client of the listing and its people (a deleted client's people are not "seen"). */
  noteClient(evaluation: ClientEvaluation): void {
    const key = evaluation.key;
    if (key === null || evaluation.skipped === 'deleted') return;
    this.clients.add(key);
    this.noteLink(clientSourceKey(key), key);
    for (const candidate of evaluation.contacts) this.noteLink(candidate.link.sourceKey, key);
    for (const sourceKey of evaluation.rejectedSourceKeys) this.noteLink(sourceKey, key);
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

  private noteLink(sourceKey: SourceKey, clientId: XpmClientId): void {
    this.sources.add(sourceKey);
    this.links.add(linkKey(sourceKey, clientId));
  }
}

function linkKey(sourceKey: SourceKey, clientId: XpmClientId): string {
  return `${sourceKey}|${clientId}`;
}
