/**
 * The wording of every per-record rejection, warning and skip (PRODUCT.md §4.3), made from a stored
 * finding's facts whenever it is shown or exported: a message that names the record and the value,
 * and a suggestion that says what to change in XPM and where. All finding text lives here, in
 * phone.ts and in merge.ts; the manual-contact form's words are in src/sync/messages/manual.ts.
 */
import { assertNever } from '../assert-never';
import type { EmailProblem, Explanation, Finding, IssueWording, Place } from '../findings';
import { MAX_FIELD_CHARS } from '../reasons';
import { collapseWhiteSpace, formatWholeNumber } from '../text';
import { duplicateMerged } from './merge';
import { explainPhone } from './phone';
import {
  capitalise,
  clientRef,
  fallbackAdvice,
  fallbackIntro,
  fieldLabel,
  q,
  staffRef,
  subjectOf,
  whereInXpm,
} from './words';

function nameMissing(place: Place, value: string, blank: boolean): Explanation {
  const state = blank ? 'is empty' : `has no letters (${q(value)})`;
  switch (place.kind) {
    case 'contact':
      return {
        message: `A contact of ${clientRef(place.client)}${place.email.trim() ? ` (email ${q(place.email.trim())})` : ''} has no name: Name ${state}.`,
        suggestion: `${whereInXpm(place)} and enter the person's full name in Name (e.g. Leanne Smith).`,
      };
    case 'client-details':
      return {
        message: `${fallbackIntro(place.client)}, but its Name ${state}.`,
        suggestion: fallbackAdvice(place.client, "fill in the client's own Name and Email"),
      };
    case 'client':
      return {
        message: `${capitalise(clientRef(place.client))} has no name: Name ${state}.`,
        suggestion: `${whereInXpm(place)} and enter the client's Name.`,
      };
    case 'staff':
      return {
        message: `${capitalise(subjectOf(place))} has no name: Name ${state}.`,
        suggestion: `${whereInXpm(place)} and enter their first and last name in Name (e.g. Jo Bloggs).`,
      };
    default:
      return assertNever(place, 'place');
  }
}

function emailMissing(place: Place): Explanation {
  switch (place.kind) {
    case 'contact':
      return {
        message: `${capitalise(subjectOf(place))} has no email address.`,
        suggestion: `${whereInXpm(place)} and enter their email address in Email. A contact needs a name and an email to be imported.`,
      };
    case 'client-details':
      return {
        message: `${fallbackIntro(place.client)}, but its Email is empty.`,
        suggestion: fallbackAdvice(place.client, "fill in the client's own Email"),
      };
    case 'client':
      // The client's own email is optional (R10); kept for completeness of the wording table.
      return {
        message: `${capitalise(clientRef(place.client))} has no email address.`,
        suggestion: `${whereInXpm(place)} and enter its Email.`,
      };
    case 'staff':
      return {
        message: `${capitalise(subjectOf(place))} has no email address.`,
        suggestion: `${whereInXpm(place)} and enter their email address. Staff need a valid email to be imported and to be a client's partner.`,
      };
    default:
      return assertNever(place, 'place');
  }
}

/** "holds more than one address", … — completes "Email ‘…’ …". */
function emailProblemText(problem: EmailProblem): string {
  switch (problem) {
    case 'several-addresses':
      return 'holds more than one address';
    case 'extra-text':
      return 'holds text besides the address';
    case 'no-at':
      return 'is not an email address (it has no @)';
    case 'local-part':
      return 'has an invalid part before the @';
    case 'domain':
      return 'has an invalid domain after the @';
    case 'too-long':
      return 'is longer than an email address can be';
    default:
      return assertNever(problem, 'email problem');
  }
}

/** What to do with the Email field, completing "… and …". */
function emailFix(problem: EmailProblem, addresses: readonly string[], value: string, notesGoTo: string): string {
  const [first, second] = addresses;
  switch (problem) {
    case 'several-addresses':
      return first !== undefined && second !== undefined
        ? `keep one address in Email (e.g. ${q(first)}) and add the other person (${q(second)}) as a separate contact`
        : 'keep exactly one address in Email and add other people as separate contacts';
    case 'extra-text': {
      const kept = first === undefined ? null : noteAround(value.trim(), first);
      if (kept === null)
        return `put only the email address in Email, with no spaces, names or notes (e.g. jo@example.com); move notes to ${notesGoTo}`;
      return kept.notes === ''
        ? `put only ${q(kept.address)} in Email`
        : `put only ${q(kept.address)} in Email and move notes like ${q(kept.notes)} to ${notesGoTo}`;
    }
    case 'no-at':
    case 'too-long':
      return 'enter one complete email address such as jo@example.com';
    case 'local-part':
      return 'correct the part before the @: it cannot be empty, start or end with a dot, or have two dots in a row';
    case 'domain':
      return 'correct the domain after the @ (e.g. example.com.au): it needs at least one dot, no empty parts, and must end in letters';
    default:
      return assertNever(problem, 'email problem');
  }
}

/**
 * The address and its note, when the text is clearly "address plus note": the note is in brackets
 * (`jo@x.com (work)`) or the address is in angle brackets (`Jo <jo@x.com>`). Otherwise (e.g.
 * `jo smith@x.com`) guessing which part is the address could mislead, so null.
 */
function noteAround(value: string, address: string): { readonly address: string; readonly notes: string } | null {
  const at = value.indexOf(address);
  if (at < 0) return null;
  const before = value.slice(0, at);
  const after = value.slice(at + address.length);
  if (before.endsWith('<') && after.startsWith('>')) {
    return { address, notes: collapseWhiteSpace(`${before.slice(0, -1)} ${after.slice(1)}`) };
  }
  const notes = collapseWhiteSpace(`${before} ${after}`);
  const bracketed = /^(?:\([^()]*\)|\[[^[\]]*\])$/u.test(notes);
  const separated = (before === '' || /\s$/u.test(before)) && (after === '' || /^\s/u.test(after));
  return bracketed && separated ? { address, notes } : null;
}

function emailInvalid(place: Place, value: string, problem: EmailProblem, addresses: readonly string[]): Explanation {
  const what = `Email ${q(value.trim())} ${emailProblemText(problem)}`;
  switch (place.kind) {
    case 'contact':
      return {
        message: `${what}, so ${subjectOf(place)} was not imported.`,
        suggestion: `${whereInXpm(place)} and ${emailFix(problem, addresses, value, 'Position')}.`,
      };
    case 'client-details':
      return {
        message: `${fallbackIntro(place.client)}, but its ${what}.`,
        suggestion: fallbackAdvice(
          place.client,
          `correct the client's own Email: ${emailFix(problem, addresses, value, "the client's Notes")}`,
        ),
      };
    case 'client':
      return {
        message: `${what}, so ${clientRef(place.client)} was imported without an email.`,
        suggestion: `${whereInXpm(place)} and ${emailFix(problem, addresses, value, "the client's Notes")}.`,
      };
    case 'staff':
      return {
        message: `${what}, so ${subjectOf(place)} was not imported.`,
        suggestion: `${whereInXpm(place)} and ${emailFix(problem, addresses, value, 'another field')}.`,
      };
    default:
      return assertNever(place, 'place');
  }
}

function fieldTooLong(place: Place, field: string, length: number): Explanation {
  const label = fieldLabel(field);
  const intro = place.kind === 'client-details' ? `${fallbackIntro(place.client)}, but its` : `The`;
  return {
    message: `${intro} ${label} of ${subjectOf(place)} is ${formatWholeNumber(length)} characters long; the limit is ${formatWholeNumber(MAX_FIELD_CHARS)}.`,
    suggestion: `${whereToShorten(place, field)} and shorten ${label}; keep long notes in the client's Notes instead.`,
  };
}

/** Where a too-long field is edited: client fields that XPM keeps elsewhere get their own path. */
function whereToShorten(place: Place, field: string): string {
  if (place.kind !== 'client') return whereInXpm(place);
  switch (field) {
    case 'Salutation':
      // R10 takes it from the primary contact, which is edited on the Contacts tab.
      return `In XPM open ${clientRef(place.client)} → Contacts → the primary contact`;
    case 'Group':
      return `In XPM go to Clients → Groups, open the group of ${clientRef(place.client)}`;
    default:
      return whereInXpm(place);
  }
}

function clientExplanation(finding: Finding, place: Place): Explanation | null {
  const client = place.kind === 'client' ? place.client : null;
  if (client === null) return null;
  const who = clientRef(client);
  const edit = whereInXpm(place);
  switch (finding.code) {
    case 'client-code-missing':
      return {
        message: `${capitalise(who)} has no client code: Client Code and Export Code are both empty.`,
        suggestion: `${edit} and enter a Client Code (each client needs its own code).`,
      };
    case 'partner-missing':
      return finding.defaultPartnerEmail === null
        ? {
            message: `${capitalise(who)} has no partner in XPM and no Default Partner is set.`,
            suggestion: `${edit} → Partner (“Account Manager” in XPM's API) and choose the partner, or set a Default Partner in Settings.`,
          }
        : {
            message: `${capitalise(who)} has no partner in XPM, and the Default Partner in Settings (${q(finding.defaultPartnerEmail)}) is not a synced staff member.`,
            suggestion: `${edit} → Partner and choose the partner, or in Settings choose a Default Partner whose email matches a staff member in XPM (Business → Settings → Staff) with a name and a valid email.`,
          };
    case 'partner-not-found':
      return {
        message: `The partner of ${who}, ${q(finding.partnerName || '(no name)')} (XPM staff UUID ${q(finding.partnerId)}), is not among the synced staff.`,
        suggestion: `Make sure ${q(finding.partnerName || 'that staff member')} has a name and a valid email in XPM (Business → Settings → Staff) so they sync — see this run's staff rejections — or choose another partner (${who} → Edit → Partner).`,
      };
    case 'business-structure-missing':
      return {
        message: `${capitalise(who)} has no Business Structure.`,
        suggestion: `${edit} and choose a Business Structure (e.g. Individual, Company, Trust, Partnership).`,
      };
    case 'first-name-missing':
    case 'last-name-missing': {
      const label = finding.code === 'first-name-missing' ? 'First Name' : 'Last Name';
      const type = finding.entityType ?? '';
      return {
        message: `${capitalise(who)} is ${article(type)} ${q(type)} client but has no ${label}.`,
        suggestion: `${edit} and enter the client's ${label}.`,
      };
    }
    case 'client-deleted':
      return {
        message: `${capitalise(who)} is deleted in XPM, so nothing of it was imported.`,
        suggestion: 'Nothing to do. To import it, restore the client in XPM.',
      };
    case 'client-archived':
      return {
        message: `${capitalise(who)} is archived in XPM, and archived clients are not imported.`,
        suggestion: `To import it, turn on ‘Include archived clients’ in Settings, or make the client active again in XPM (${who} → Edit).`,
      };
    default:
      return null;
  }
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

function staffLastName(place: Extract<Place, { kind: 'staff' }>, value: string): Explanation {
  return {
    message: `Staff member ${staffRef(place.person, place.email, place.id)} has only one word in Name (${q(value.trim())}), so there is no last name.`,
    suggestion: `${whereInXpm(place)} and enter their first and last name in Name (e.g. Jo Bloggs).`,
  };
}

/** The message and suggestion for one finding about one field of one record. */
export function explain(finding: Finding, place: Place, field: string | null, value: string): Explanation {
  switch (finding.code) {
    case 'name-missing':
      return nameMissing(place, value, finding.blank);
    case 'email-missing':
      return emailMissing(place);
    case 'email-invalid':
      return emailInvalid(place, value, finding.problem, finding.addresses);
    case 'mobile-invalid':
    case 'mobile-not-mobile':
    case 'phone-not-mobile':
    case 'mobile-rescued':
      return explainPhone(finding, place, value);
    case 'field-too-long':
      return fieldTooLong(place, field ?? 'value', finding.length);
    case 'last-name-missing':
      if (place.kind === 'staff') return staffLastName(place, value);
      return clientExplanation(finding, place) ?? unexpected(finding, place);
    case 'contact-deleted':
      return {
        message: `${capitalise(subjectOf(place))} is deleted in XPM and was not imported.`,
        suggestion: 'Nothing to do.',
      };
    case 'id-missing':
      return idMissing(place, finding.contactsNotRead);
    case 'duplicate-merged':
      return duplicateMerged(finding, place, value);
    case 'duplicate-in-response':
      return {
        message: `${capitalise(subjectOf(place))} appeared more than once in XPM’s answer (same ${field ?? 'UUID'} ${q(value)}); only its first copy was read, and this copy was left out.`,
        suggestion:
          'Nothing needs changing in the record. If it happens again, run Resync All; if it stays, XPM’s API is repeating records: report it to Xero support, naming this record.',
      };
    case 'client-code-missing':
    case 'partner-missing':
    case 'partner-not-found':
    case 'business-structure-missing':
    case 'first-name-missing':
    case 'client-deleted':
    case 'client-archived':
      return clientExplanation(finding, place) ?? unexpected(finding, place);
    default:
      return assertNever(finding, 'finding');
  }
}

/**
 * XPM's answer named the record without an identifier. Nothing in the record itself is wrong, and
 * importing it could merge it with another record, so it is left out until XPM sends an id.
 */
function idMissing(place: Place, contactsNotRead: number): Explanation {
  const people =
    place.kind === 'client' && contactsNotRead > 0
      ? ` Its ${contactsNotRead === 1 ? 'contact was' : `${formatWholeNumber(contactsNotRead)} contacts were`} not imported either.`
      : '';
  return {
    message: `${capitalise(subjectOf(place))} came from XPM without an identifier (no UUID and no ID), so it could not be told apart from other records and was not imported.${people}`,
    suggestion:
      'Nothing needs changing in the record. Run Resync All later; if this stays, XPM’s API is answering without identifiers: report it to Xero support, naming this record.',
  };
}

/** A finding raised for a kind of record it does not apply to: still worded, never thrown. */
function unexpected(finding: Finding, place: Place): Explanation {
  return {
    message: `${capitalise(subjectOf(place))}: ${finding.code}.`,
    suggestion: `${whereInXpm(place)} and check the record.`,
  };
}

/**
 * The message and suggestion of a stored issue, worded now from its facts (or, for a log entry an
 * older version wrote, the words it stored). `value` is the stored value (cut only beyond
 * MAX_ISSUE_VALUE_CHARS, far beyond what a sentence quotes).
 */
export function explainIssue(issue: {
  readonly field: string | null;
  readonly value: string | null;
  readonly wording: IssueWording;
}): Explanation {
  const { wording } = issue;
  if (wording.from === 'stored-words') return { message: wording.message, suggestion: wording.suggestion };
  return explain(wording.finding, wording.place, issue.field, issue.value ?? '');
}
