/**
 * The realistic mess the generator puts into a practice (PRODUCT.md §7, xpm-api.md §7.7), with the
 * rate of each. Rates are per eligible record and were chosen to look like a real client list that
 * grew over a decade of manual data entry: each kind is rare enough that most records import cleanly
 * and common enough that a 2,000-client practice shows every kind many times.
 *
 * Every kind also appears at least once in any practice large enough to hold it (the generator's
 * "ensure" pass), so even a 25-client practice exercises every rejection path.
 */

export const MESS_KINDS = [
  'phone-with-note', // `0411 111 111 (Leanne)` in a contact's Mobile or a client's Phone
  'landline-in-mobile', // a valid landline in a contact's Mobile
  'contact-missing-email',
  'client-missing-email',
  'several-emails', // `a@x.com; b@x.com` in one field
  'email-with-text', // `jo@x.com (work)`
  'international-with-plus', // `+64 21 123 4567`, `+44 7911 123456`
  'international-without-plus', // a foreign mobile written locally, `021 123 4567`
  'archived-client',
  'deleted-client',
  'prospect-client',
  'client-without-contacts',
  'shared-contact', // one contact UUID linked to two or more clients
  'missing-partner', // no AccountManager
  'unknown-partner', // AccountManager pointing at a staff UUID not in staff.api/list
  'individual-missing-name', // Individual without FirstName or LastName
  'deleted-contact',
  'duplicate-person', // same name + email under different clients with different contact UUIDs
  'formula-text', // `=SUM(A1)` in notes, `+61 …` in a Position
  'markup-characters', // & < > " ' in names
  'non-latin-name',
  'rtl-text',
  'code-export-only', // ClientCode blank, ExportCode set
  'code-missing', // neither code
  'business-structure-missing', // the whole tax block absent
  'contact-missing-name',
  'field-too-long', // a value over 1,000 characters
  'multi-line-postal-address',
  'staff-missing-email',
  'staff-one-word-name',
] as const;
export type MessKind = (typeof MESS_KINDS)[number];

/** Per-record probabilities. */
export const MESS_RATES = {
  /** Of contacts with a mobile: a note after the number. */
  phoneWithNote: 0.03,
  /** Of contacts with a mobile: the person's landline typed into Mobile. */
  landlineInMobile: 0.04,
  /** Of contacts: no email (common for older records and family members). */
  contactMissingEmail: 0.08,
  /** Of clients: no email on the client itself. */
  clientMissingEmail: 0.12,
  /** Of contacts with an email: two addresses in one field. */
  severalEmails: 0.02,
  /** Of contacts with an email: an address followed by a note. */
  emailWithText: 0.01,
  /** Of clients: New Zealand based (their numbers are international for an AU practice). */
  nzClient: 0.05,
  /** Of clients: UK, Singapore or US based. */
  otherCountryClient: 0.02,
  /** Of foreign numbers: written with `+` and country code (the rest are written locally). */
  internationalWithPlus: 0.6,
  archived: 0.04,
  deleted: 0.02,
  prospect: 0.02,
  missingPartner: 0.03,
  /** A former staff member's UUID left behind as AccountManager. */
  unknownPartner: 0.01,
  /** Of Individual clients. */
  individualMissingName: 0.03,
  /** Of contacts. */
  deletedContact: 0.03,
  /** Of a person's appearances under a related client: a second contact record instead of a link. */
  duplicatePerson: 0.12,
  /** Of a person's appearances under a related client: linked to the same contact (many-to-many). */
  sharedContact: 0.7,
  formulaText: 0.01,
  markupCharacters: 0.01,
  nonLatinName: 0.02,
  rtlText: 0.004,
  codeExportOnly: 0.1,
  codeMissing: 0.01,
  businessStructureMissing: 0.01,
  contactMissingName: 0.01,
  fieldTooLong: 0.0005,
  multiLinePostalAddress: 0.05,
} as const;

/** Longer than the app's 1,000-character field limit (PRODUCT.md §4.3 `field-too-long`). */
export const TOO_LONG_FIELD_LENGTH = 1_200;
