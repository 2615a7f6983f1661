/**
 * Evaluates one XPM client (PRODUCT.md R1, R2, R10, R11): skips, its contacts (or its own details)
 * and its client record. Pure, total and deterministic: the same client and context always give
 * deep-equal results, and no string content can make it throw.
 */
import type { XpmClient } from '../xero/types';
import type { ClientEvaluation, EvaluationContext } from './evaluation';
import { deriveContacts } from './evaluate-contacts';
import { makeIssue } from './issues';
import { clientNameOf, clientSubject, mapClient } from './map-client';
import { clientSourceKey, contactSourceKey } from './source-keys';

/**
 * Issues come in this order: the client record's (in R10 table order), then each XPM contact's
 * (XPM order, fields Name, Email, Mobile), then those of the client's own details (R1b).
 */
export function evaluateClient(client: XpmClient, ctx: EvaluationContext): ClientEvaluation {
  const name = clientNameOf(client);
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
      skipped,
      fields: null,
      contacts: [],
      hasValidContact: false,
      rejectedSourceKeys:
        skipped === 'archived' ? [...live.map((c) => contactSourceKey(c.uuid)), clientSourceKey(client.uuid)] : [],
      deletedContactIds: gone.map((contact) => contact.uuid),
      issues: [issue],
      contactsRejected: 0,
      contactsSkipped: 0,
    };
  }

  const record = mapClient(client, ctx);
  const people = deriveContacts(client, name, ctx.options);
  return {
    client,
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
