/**
 * What a run found about a record, as facts (issue M4 item 2): the reason, where the record is, and
 * what the wording needs (the problem, the number read, the country, …). The run log and the
 * standing fix-list store these facts, never sentences; src/domain/wording turns them into the
 * message and suggestion each time they are shown or exported, so a wording fix reaches old runs.
 *
 * Plain JSON-safe data: it crosses the worker boundary and is kept in IndexedDB.
 */

/** Why a non-blank email was refused; the wording turns it into advice. */
export type EmailProblem =
  | 'several-addresses' // `a@x.com; b@x.com`, `a@x.com, b@x.com`, `a@x.com b@x.com`
  | 'extra-text' // `jo@x.com (work)`, `Jo <jo@x.com>`, `mailto:jo@x.com`
  | 'no-at' // `jo.x.com`, `N/A`
  | 'local-part' // `.jo@x.com`, `jo..smith@x.com`, `@x.com`
  | 'domain' // `jo@x`, `jo@x..com`, `jo@-x.com`, `jo@x.c0m`
  | 'too-long'; // beyond the SMTP limits

/** Why a non-blank number was refused as `mobile-invalid`. */
export type NumberProblem = 'extra-text' | 'not-a-number';

/** An ISO 3166-1 alpha-2 region as the phone metadata names it (`AU`, `NZ`). */
export type RegionCode = string;

/** A phone number the validator read, in the forms the wording needs. */
export interface FoundNumber {
  readonly e164: string;
  /** As it would be written locally, e.g. `0411 111 111`. */
  readonly national: string;
  /** The phone metadata's type name (`MOBILE`, `FIXED_LINE`, …), when it knows one. */
  readonly type: string | undefined;
  readonly isMobile: boolean;
  /** The country the number belongs to, when the metadata says. */
  readonly country: RegionCode | null;
}

/** What is known to name a client in a sentence: its name, else its code, else its UUID. */
export interface ClientName {
  readonly name: string;
  readonly code: string;
  readonly id: string;
}

/** Where the person or record is, as the accountant finds it in XPM. */
export type Place =
  /** An XPM contact of a client (R1a). */
  | { readonly kind: 'contact'; readonly client: ClientName; readonly person: string; readonly email: string }
  /** A client's own main details used as a contact (R1b). */
  | { readonly kind: 'client-details'; readonly client: ClientName }
  /** The client record itself (R10, R11). */
  | { readonly kind: 'client'; readonly client: ClientName }
  /** A staff member (R9). */
  | { readonly kind: 'staff'; readonly person: string; readonly email: string; readonly id: string };

/** What was found wrong (or noteworthy), with the facts the wording needs. */
export type Finding =
  | { readonly code: 'name-missing'; readonly blank: boolean }
  | { readonly code: 'email-missing' }
  | { readonly code: 'email-invalid'; readonly problem: EmailProblem; readonly addresses: readonly string[] }
  | {
      readonly code: 'mobile-invalid';
      readonly problem: NumberProblem;
      readonly found: FoundNumber | null;
      readonly notes: string;
      readonly country: RegionCode | null;
      /** Exactly one mobile is in the text, so "Rescue numbers with notes" would import it. */
      readonly rescuable: boolean;
      /** A mobile as written in `country` (e.g. `0412 345 678`), for "e.g." advice; read from the phone metadata when found. */
      readonly exampleMobile: string;
    }
  | { readonly code: 'mobile-not-mobile'; readonly found: FoundNumber; readonly country: RegionCode | null }
  | { readonly code: 'phone-not-mobile'; readonly found: FoundNumber; readonly notes: string }
  | { readonly code: 'mobile-rescued'; readonly found: FoundNumber; readonly notes: string }
  | { readonly code: 'field-too-long'; readonly length: number }
  | { readonly code: 'client-code-missing' }
  | { readonly code: 'partner-missing'; readonly defaultPartnerEmail: string | null }
  | { readonly code: 'partner-not-found'; readonly partnerName: string; readonly partnerId: string }
  | { readonly code: 'business-structure-missing' }
  | { readonly code: 'first-name-missing'; readonly entityType: string }
  /** entityType null: a staff member's one-word Name (R9). */
  | { readonly code: 'last-name-missing'; readonly entityType: string | null }
  | { readonly code: 'client-deleted' }
  | { readonly code: 'client-archived' }
  | { readonly code: 'contact-deleted' }
  /** The XPM response carried neither a UUID nor an integer ID for the record (M11). */
  | { readonly code: 'id-missing'; readonly contactsNotRead: number }
  /** The same client or staff member (by UUID, else integer ID) appeared again in one XPM answer (M8). */
  | { readonly code: 'duplicate-in-response' }
  /** One person (name + email) appeared under several XPM sources and was merged into one contact (R3). */
  | {
      readonly code: 'duplicate-merged';
      readonly sources: number;
      readonly clientNames: readonly string[];
      readonly keptMobile: string | null;
      readonly mobilesDiffered: boolean;
      readonly keptFromPrimary: boolean;
    };

/** A finding's words: what happened, and what to change in XPM and where. */
export interface Explanation {
  readonly message: string;
  readonly suggestion: string;
}

/**
 * How a stored issue is worded: from its facts (everything written since findings were stored as
 * facts), or the words an older version stored (run logs kept from before schema version 4, which
 * cannot be turned back into facts; they are shown as they were written).
 */
export type IssueWording =
  | { readonly from: 'facts'; readonly finding: Finding; readonly place: Place }
  | { readonly from: 'stored-words'; readonly message: string; readonly suggestion: string };
