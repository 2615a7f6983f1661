/**
 * Which people of one XPM client become contacts (PRODUCT.md R1, R2): its XPM contacts (R1a), or —
 * only when none of them has a name and a valid email — the client's own Name, Email and Phone (R1b).
 */
import type { XpmClient, XpmContact } from '../../xero/types';
import type { ContactCandidate } from './evaluation';
import { makeIssue, type Observed, type Subject } from './issues';
import type { ClientName, Place } from '../../domain/findings';
import type { SyncOptions } from '../../domain/settings';
import type { RecordIssue, WarningCode } from '../../domain/reasons';
import {
  clientSourceKey,
  contactSourceKey,
  NUMERIC_ID_PREFIX,
  numericXpmId,
  type SourceKey,
  type XpmClientId,
  type XpmContactId,
} from '../../domain/ids';
import { collapseWhiteSpace } from '../../domain/text';
import { validateEmail } from '../validate/email';
import { normaliseIdentity, validateName } from '../validate/name';
import { validateClientPhone, validateMobile, type MobileCheck, type PhoneAsMobileCheck } from '../validate/phone';

/** The contact part of a ClientEvaluation. */
export interface ContactDerivation {
  readonly contacts: readonly ContactCandidate[];
  readonly hasValidContact: boolean;
  readonly rejectedSourceKeys: readonly SourceKey[];
  readonly deletedContactIds: readonly XpmContactId[];
  readonly issues: readonly RecordIssue[];
  readonly contactsRejected: number;
  readonly contactsSkipped: number;
}

/** The fields of one person checked together; each failing field yields exactly one issue. */
interface PersonCheck {
  readonly name: string | null;
  readonly email: string | null;
  readonly mobile: MobileCheck | PhoneAsMobileCheck;
  readonly issues: RecordIssue[];
}

function checkPerson(
  subject: Subject,
  place: Place,
  raw: { readonly name: string; readonly email: string; readonly mobile: string },
  fields: { readonly name: string; readonly email: string; readonly mobile: string },
  mobile: MobileCheck | PhoneAsMobileCheck,
): PersonCheck {
  const issues: RecordIssue[] = [];
  const report = (field: string, value: string, finding: Observed) =>
    issues.push(makeIssue(subject, place, field, value, finding));
  const name = validateName(raw.name);
  if (!name.ok) report(fields.name, raw.name, name);
  const email = validateEmail(raw.email);
  if (!email.ok) report(fields.email, raw.email, email);
  if (!mobile.ok) report(fields.mobile, raw.mobile, mobile);
  return { name: name.ok ? name.value : null, email: email.ok ? email.value : null, mobile, issues };
}

/** The warning codes (and their issues) of an accepted mobile. */
function mobileWarnings(
  check: Extract<MobileCheck | PhoneAsMobileCheck, { ok: true }>,
  report: (finding: Observed) => void,
): WarningCode[] {
  if (check.warning === null) return [];
  report({ code: check.warning, found: check.found, notes: check.notes });
  return [check.warning];
}

const CONTACT_FIELDS = { name: 'Name', email: 'Email', mobile: 'Mobile' } as const;
/** R1b uses the client's own fields; XPM clients have no mobile, so Phone stands in for it. */
const CLIENT_DETAIL_FIELDS = { name: 'Name', email: 'Email', mobile: 'Phone' } as const;

/**
 * Derives the contact candidates of a client that is neither deleted nor skipped as archived.
 * `clientName` is the client's display name (white space collapsed).
 */
export function deriveContacts(
  client: XpmClient,
  clientKey: XpmClientId,
  clientName: ClientName,
  options: SyncOptions,
): ContactDerivation {
  const contacts: ContactCandidate[] = [];
  const issues: RecordIssue[] = [];
  const rejectedSourceKeys: SourceKey[] = [];
  const deletedContactIds: XpmContactId[] = [];
  const clientNumericId = numericXpmId(client.numericId);
  let hasValidContact = false;
  let contactsRejected = 0;
  let contactsSkipped = 0;

  const accept = (
    link: Omit<ContactCandidate['link'], 'clientId' | 'clientName'>,
    origin: ContactCandidate['origin'],
    altSourceKeys: readonly SourceKey[],
  ) => {
    contacts.push({
      altSourceKeys,
      link: {
        ...link,
        clientId: clientKey,
        // Absent rather than null when XPM sent no integer id, so older stored links compare equal.
        ...(clientNumericId === null ? {} : { clientNumericId }),
        clientName: clientName.name,
      },
      identityKey: normaliseIdentity(link.name, link.email),
      origin,
    });
  };

  // A contact listed twice under one client is read once (M8): its findings and counts are not doubled.
  const read = new Set<XpmContactId>();
  for (const contact of client.contacts) {
    const subject = { ...contactSubject(clientKey, clientName, contact), clientNumericId };
    const place: Place = { kind: 'contact', client: clientName, person: subject.personName, email: contact.email };
    if (contact.key !== null && read.has(contact.key)) {
      const byUuid = contact.uuid.trim() !== '';
      issues.push(
        makeIssue(subject, place, byUuid ? 'UUID' : 'ID', byUuid ? contact.uuid : contact.numericId, {
          code: 'duplicate-in-response',
        }),
      );
      contactsSkipped += 1;
      continue;
    }
    if (contact.key !== null) read.add(contact.key);
    if (contact.isDeleted) {
      issues.push(makeIssue(subject, place, null, null, { code: 'contact-deleted' }));
      if (contact.key !== null) deletedContactIds.push(contact.key);
      contactsSkipped += 1;
      continue;
    }
    const person = checkPerson(subject, place, contact, CONTACT_FIELDS, validateMobile(contact.mobile, options));
    issues.push(...person.issues);
    if (person.name !== null && person.email !== null) hasValidContact = true;
    // A person XPM sent without an id still exists (so the client's own details are not used for
    // them, R1b), but is never given a shared key: rejected until XPM identifies them.
    if (contact.key === null)
      issues.push(makeIssue(subject, place, 'UUID', contact.uuid, { code: 'id-missing', contactsNotRead: 0 }));
    if (person.name === null || person.email === null || !person.mobile.ok || contact.key === null) {
      contactsRejected += 1;
      if (contact.key !== null) rejectedSourceKeys.push(contactSourceKey(contact.key));
      continue;
    }
    const warnings = mobileWarnings(person.mobile, (finding) =>
      issues.push(makeIssue(subject, place, CONTACT_FIELDS.mobile, contact.mobile, finding)),
    );
    accept(
      {
        sourceKey: contactSourceKey(contact.key),
        contactId: contact.key,
        isPrimary: contact.isPrimary,
        name: person.name,
        email: person.email,
        mobile: person.mobile.value,
        warnings,
      },
      'contact',
      alternateKeys(contact.key, contact.numericId, contactSourceKey),
    );
  }

  if (!hasValidContact) {
    const subject: Subject = {
      entity: 'contact',
      clientId: clientKey,
      clientNumericId,
      contactId: null,
      staffId: null,
      clientName: clientName.name,
      personName: clientName.name,
    };
    const place: Place = { kind: 'client-details', client: clientName };
    const raw = { name: client.name, email: client.email, mobile: client.phone };
    const person = checkPerson(subject, place, raw, CLIENT_DETAIL_FIELDS, validateClientPhone(client.phone, options));
    issues.push(...person.issues);
    if (person.name === null || person.email === null || !person.mobile.ok) {
      contactsRejected += 1;
      rejectedSourceKeys.push(clientSourceKey(clientKey));
    } else {
      const warnings = mobileWarnings(person.mobile, (finding) =>
        issues.push(makeIssue(subject, place, CLIENT_DETAIL_FIELDS.mobile, client.phone, finding)),
      );
      accept(
        {
          sourceKey: clientSourceKey(clientKey),
          contactId: null,
          isPrimary: false,
          name: person.name,
          email: person.email,
          mobile: person.mobile.value,
          warnings,
        },
        'client',
        alternateKeys(clientKey, client.numericId, clientSourceKey),
      );
    }
  }

  return {
    contacts,
    hasValidContact,
    rejectedSourceKeys,
    deletedContactIds,
    issues,
    contactsRejected,
    contactsSkipped,
  };
}

/** The source key under the integer-id form when XPM sent a UUID and an integer id for the record. */
function alternateKeys<K extends string>(key: K, numericId: string, sourceKey: (key: K) => SourceKey): SourceKey[] {
  const numeric = numericXpmId(numericId);
  const alt = numeric === null ? null : (`${NUMERIC_ID_PREFIX}${numeric}` as K);
  return alt === null || alt === key ? [] : [sourceKey(alt)];
}

function contactSubject(clientKey: XpmClientId, clientName: ClientName, contact: XpmContact): Subject {
  return {
    entity: 'contact',
    clientId: clientKey,
    contactId: contact.key,
    staffId: null,
    clientName: clientName.name,
    personName: collapseWhiteSpace(contact.name),
  };
}
