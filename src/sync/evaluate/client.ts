/**
 * Evaluates one XPM client (PRODUCT.md R1, R2, R10, R11): skips, its contacts (or its own details)
 * and its client record. Pure, total and deterministic: the same client and context always give
 * deep-equal results, and no string content can make it throw.
 */
import type { XpmClient, XpmContact } from '../../xero/types';
import type { ClientEvaluation, EvaluationContext } from './evaluation';
import { deriveContacts } from './contacts';
import { makeIssue } from './issues';
import { clientNameOf, clientSubject, mapClient } from './client-record';
import { clientSourceKey, contactSourceKey, numericXpmId, type XpmContactId } from '../../domain/ids';

/**
 * Issues come in this order: the client record's (in R10 table order), then each XPM contact's
 * (XPM order, fields Name, Email, Mobile), then those of the client's own details (R1b).
 */
export function evaluateClient(client: XpmClient, ctx: EvaluationContext): ClientEvaluation {
  const name = clientNameOf(client);
  const key = client.key;
  const numericId = numericXpmId(client.numericId);
  const skipped = client.isDeleted ? 'deleted' : client.isArchived && !ctx.options.includeArchived ? 'archived' : null;
  if (skipped !== null) {
    const subject = clientSubject(client, name);
    const issue = makeIssue(subject, { kind: 'client', client: name }, null, null, {
      code: skipped === 'deleted' ? 'client-deleted' : 'client-archived',
    });
    // An archived client's people still exist in XPM, so they count as seen (R6); a deleted
    // client's do not.
    const live = skipped === 'archived' ? client.contacts.filter((contact) => !contact.isDeleted) : [];
    const gone = skipped === 'archived' ? client.contacts.filter((contact) => contact.isDeleted) : [];
    return {
      client,
      key,
      numericId,
      skipped,
      fields: null,
      contacts: [],
      hasValidContact: false,
      rejectedSourceKeys:
        skipped === 'archived' && key !== null ? [...keysOf(live).map(contactSourceKey), clientSourceKey(key)] : [],
      deletedContactIds: keysOf(gone),
      issues: [issue],
      contactsRejected: 0,
      contactsSkipped: 0,
    };
  }
  if (key === null) {
    // Without an identity nothing of this client can be linked or told apart from other records.
    const contactsNotRead = client.contacts.filter((contact) => !contact.isDeleted).length;
    const issue = makeIssue(clientSubject(client, name), { kind: 'client', client: name }, 'UUID', client.uuid, {
      code: 'id-missing',
      contactsNotRead,
    });
    return {
      client,
      key,
      numericId,
      skipped: null,
      fields: null,
      contacts: [],
      hasValidContact: false,
      rejectedSourceKeys: [],
      deletedContactIds: [],
      issues: [issue],
      contactsRejected: 0,
      contactsSkipped: 0,
    };
  }

  const record = mapClient(client, ctx);
  const people = deriveContacts(client, key, name, ctx.options);
  return {
    client,
    key,
    numericId,
    skipped: null,
    fields: record.fields,
    contacts: people.contacts,
    hasValidContact: people.hasValidContact,
    rejectedSourceKeys: people.rejectedSourceKeys,
    deletedContactIds: people.deletedContactIds,
    issues: [...record.issues, ...people.issues],
    contactsRejected: people.contactsRejected,
    contactsSkipped: people.contactsSkipped,
  };
}

/** The identities of the contacts that have one. */
function keysOf(contacts: readonly XpmContact[]): XpmContactId[] {
  return contacts.flatMap((contact) => (contact.key === null ? [] : [contact.key]));
}
