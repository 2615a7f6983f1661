/**
 * What a complete listing (Resync All) showed XPM still has, for the R6 sweep: every client, every
 * contact source, and every (source, client) link — a contact shared by two clients may lose one —
 * and every client listed at all (deleted ones included), whose fix-list state is kept.
 */
import type { ClientEvaluation } from '../evaluate/evaluation';
import type { ContactLink } from '../../domain/records';
import { clientSourceKey, contactSourceKey, type SourceKey, type XpmClientId } from '../../domain/ids';
import type { XpmClient } from '../../xero/types';
import type { ClientStateKey, KeyIds } from '../ports';
import { addId, idsAt } from './key-index';

export class SeenInXpm {
  /**
   * Every source seen → the clients it was seen under: one entry per source, not a composite
   * "source|client" string per link (that cost ~100 bytes per contact of a practice in the heap).
   */
  private readonly links = new Map<SourceKey, KeyIds<XpmClientId>>();
  private readonly clients = new Set<XpmClientId>();
  private readonly listed = new Set<XpmClientId>();

  /**
   * `share` gives the key index's copy of an id or source key it already holds (LiveKeyIndex.shared):
   * what a Resync All notes is nearly all known, so the run keeps map entries, not new strings.
   */
  constructor(private readonly share: <T extends string>(value: T) => T = (value) => value) {}

  /** A client of the listing and its people (a deleted client's people are not "seen"). */
  noteClient(evaluation: ClientEvaluation): void {
    if (evaluation.key === null) return;
    const key = this.share(evaluation.key);
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
    if (client.key === null) return;
    const key = this.noteListed(client.key, client.isDeleted);
    if (key === null) return;
    for (const contact of client.contacts) {
      if (!contact.isDeleted && contact.key !== null) this.noteLink(contactSourceKey(contact.key), key);
    }
  }

  /**
   * A client recognised from its element's text, not parsed (client-list-spans.ts): the same as
   * noteUnchanged would note from the response, kept in its stored state when it was last evaluated.
   */
  noteKnown(key: XpmClientId, state: ClientStateKey): void {
    const shared = this.noteListed(key, state.deleted === true);
    if (shared === null) return;
    for (const sourceKey of state.imported) this.noteLink(sourceKey, shared);
    for (const sourceKey of state.unimported ?? []) this.noteLink(sourceKey, shared);
  }

  /**
   * A client listed, deleted or not, and unless deleted the client itself as a source. Returns the
   * shared copy of its id for noting its people, or null when it is deleted (its people are not seen).
   */
  private noteListed(key: XpmClientId, deleted: boolean): XpmClientId | null {
    const shared = this.share(key);
    this.listed.add(shared);
    if (deleted) return null;
    this.clients.add(shared);
    this.noteLink(clientSourceKey(shared), shared);
    return shared;
  }

  hasSource(sourceKey: SourceKey): boolean {
    return this.links.has(sourceKey);
  }

  hasLink(link: Pick<ContactLink, 'sourceKey' | 'clientId'>): boolean {
    return idsAt(this.links, link.sourceKey).includes(link.clientId);
  }

  hasClient(xpmId: XpmClientId): boolean {
    return this.clients.has(xpmId);
  }

  /** Listed at all, deleted or not. */
  wasListed(xpmId: XpmClientId): boolean {
    return this.listed.has(xpmId);
  }

  private noteLink(sourceKey: SourceKey, clientId: XpmClientId): void {
    addId(this.links, [this.share(sourceKey)], clientId);
  }
}
