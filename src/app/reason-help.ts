/**
 * Plain-language names for the record reason codes (PRODUCT.md §4.3), for group headings in
 * Monitoring and for explaining a contact's warnings. Each logged issue also carries its own
 * specific message and suggestion written by the engine; these texts are the general version.
 */
import type { IssueKind, ReasonCode, WarningCode } from '../domain/reasons';

export interface ReasonHelp {
  /** A short heading. */
  readonly label: string;
  /** What it means and, in general terms, what to change in XPM. */
  readonly explanation: string;
}

const REASONS: Readonly<Record<ReasonCode, ReasonHelp>> = {
  'id-missing': {
    label: 'No XPM identifier',
    explanation:
      'XPM sent the record without a UUID or an ID, so it could not be told apart from other records. Nothing needs changing in the record; if it stays, report it to Xero support.',
  },
  'name-missing': {
    label: 'Name missing',
    explanation: 'The person or client has no name with at least one letter. Enter the full name in XPM.',
  },
  'email-missing': {
    label: 'Email missing',
    explanation: 'A contact needs an email address to be imported. Add one in XPM.',
  },
  'email-invalid': {
    label: 'Email not valid',
    explanation:
      'The email must be one address with nothing else in the field: no notes such as “(work)” and no second address. Correct it in XPM.',
  },
  'mobile-invalid': {
    label: 'Mobile not valid',
    explanation:
      'The mobile is not a valid phone number, or it has extra text such as a name in brackets. International numbers need + and the country code. Correct it in XPM, or turn on “Rescue numbers with notes” in Settings.',
  },
  'mobile-not-mobile': {
    label: 'Landline in the mobile field',
    explanation:
      'The Mobile field holds a valid number that is not a mobile (e.g. a landline). Move it to Phone in XPM.',
  },
  'client-code-missing': {
    label: 'Client code missing',
    explanation: 'Clients need a Client Code (or Export Code) in XPM.',
  },
  'partner-missing': {
    label: 'Partner missing',
    explanation: 'The client has no partner in XPM. Assign one in XPM, or set a Default partner in Settings.',
  },
  'partner-not-found': {
    label: 'Partner not among the staff',
    explanation:
      'The client’s partner is not a synced staff member with a matching, valid email. Check the staff member’s email in XPM.',
  },
  'business-structure-missing': {
    label: 'Business structure missing',
    explanation: 'Clients need a Business Structure (entity type) in XPM.',
  },
  'first-name-missing': {
    label: 'First name missing',
    explanation: 'Individuals and sole traders need a first name in XPM.',
  },
  'last-name-missing': {
    label: 'Last name missing',
    explanation:
      'Individuals and sole traders need a last name; staff names need a first and a last name. Complete the name in XPM.',
  },
  'field-too-long': {
    label: 'Value too long',
    explanation: 'A value is longer than 1,000 characters, which no real name, email or number is. Shorten it in XPM.',
  },
  'phone-not-mobile': {
    label: 'Phone is not a mobile',
    explanation: 'The client’s phone is a valid number but not a mobile, so the contact was imported without a mobile.',
  },
  'mobile-rescued': {
    label: 'Mobile taken from a field with notes',
    explanation: 'The mobile field also held notes; the number found in it was imported. Tidy the field in XPM.',
  },
  'duplicate-merged': {
    label: 'Duplicates merged',
    explanation:
      'Several XPM contacts share this name and email, so they are one contact here. Where their mobiles differ, the primary contact’s mobile is used.',
  },
  'client-deleted': {
    label: 'Client deleted in XPM',
    explanation: 'Deleted clients are not imported.',
  },
  'client-archived': {
    label: 'Client archived in XPM',
    explanation: 'Archived clients are skipped unless “Include archived clients” is on in Settings.',
  },
  'contact-deleted': {
    label: 'Contact deleted in XPM',
    explanation: 'Deleted contacts are not imported.',
  },
  'duplicate-in-response': {
    label: 'Listed twice by XPM',
    explanation:
      'XPM’s answer listed the same client or staff member (same UUID or ID) more than once. Only the first copy was read, so nothing is counted twice. Nothing needs changing in XPM; if it keeps happening, report it to Xero support.',
  },
};

/** The optional client email dropped with a warning reads differently from a rejected contact email. */
const EMAIL_INVALID_WARNING: ReasonHelp = {
  label: 'Client email dropped',
  explanation:
    'The client’s email was not one valid address, so the client was imported without it. Correct it in XPM.',
};

export function reasonHelp(code: ReasonCode, kind?: IssueKind): ReasonHelp {
  if (code === 'email-invalid' && kind === 'warning') return EMAIL_INVALID_WARNING;
  return REASONS[code];
}

/** A warning on an imported record (contacts and clients). */
export function warningHelp(code: WarningCode): ReasonHelp {
  return reasonHelp(code, 'warning');
}

export const ISSUE_KIND_LABEL: Readonly<Record<IssueKind, string>> = {
  rejection: 'Not imported',
  warning: 'Imported with a warning',
  skip: 'Skipped',
};
