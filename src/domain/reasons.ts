/**
 * The closed list of reason codes (PRODUCT.md §4.3). Every rejection, warning and skip carries exactly
 * one of these, plus the XPM field and value at fault and the facts its message and suggestion are
 * worded from (src/domain/wording).
 */
import type { IssueWording } from './findings';
import type { XpmClientId, XpmContactId, XpmStaffId } from './ids';

export const REJECTION_CODES = [
  'name-missing',
  'email-missing',
  'email-invalid',
  'mobile-invalid',
  'mobile-not-mobile',
  'client-code-missing',
  'partner-missing',
  'partner-not-found',
  'business-structure-missing',
  'first-name-missing',
  'last-name-missing',
  'field-too-long',
  'id-missing',
] as const;

export const WARNING_CODES = ['phone-not-mobile', 'mobile-rescued', 'duplicate-merged', 'email-invalid'] as const;

/** `duplicate-in-response`: a later copy of a client XPM's answer already listed (M8); only the first is read. */
export const SKIP_CODES = ['client-deleted', 'client-archived', 'contact-deleted', 'duplicate-in-response'] as const;

export type RejectionCode = (typeof REJECTION_CODES)[number];
export type WarningCode = (typeof WARNING_CODES)[number];
export type SkipCode = (typeof SKIP_CODES)[number];
export type ReasonCode = RejectionCode | WarningCode | SkipCode;

export type IssueKind = 'rejection' | 'warning' | 'skip';
export type EntityKind = 'contact' | 'client' | 'staff';

/** Longest value accepted in any field we import (`field-too-long` beyond this). */
export const MAX_FIELD_CHARS = 1_000;

/**
 * One reason a record was rejected, imported with a warning, or skipped. Plain data: stored in the
 * run log and the fix-list, shown in Monitoring and on the Sync page, written to the Sync Summary CSV
 * and printed by `npm run plan` — always worded at that moment, from `wording`.
 */
export interface RecordIssue {
  readonly kind: IssueKind;
  readonly code: ReasonCode;
  readonly entity: EntityKind;
  /** XPM client id the record belongs to (contacts and clients); null for staff, or when XPM sent none. */
  readonly clientId: XpmClientId | null;
  /** The client's integer XPM id when XPM sent one (the CSV's link uses Xero's documented form). */
  readonly clientNumericId?: string | null;
  /** XPM contact id; null for client-derived contacts, clients and staff, or when XPM sent none. */
  readonly contactId: XpmContactId | null;
  /** XPM staff id; null unless entity is staff (and XPM sent one). */
  readonly staffId: XpmStaffId | null;
  /** The client's name in XPM, for the CSV's "client name" column. */
  readonly clientName: string | null;
  /** The person's name in XPM (contact or staff), when there is one. */
  readonly personName: string | null;
  /** The XPM field at fault, as named in XPM's API (e.g. `Mobile`, `AccountManager`); null for skips. */
  readonly field: string | null;
  /** The value at fault, exactly as XPM sent it (shortened only beyond MAX_ISSUE_VALUE_CHARS). */
  readonly value: string | null;
  /** What the message and suggestion are worded from, when shown or exported (explainIssue). */
  readonly wording: IssueWording;
}

/** Issue values longer than this are cut (with a marker) so one 5 MB field cannot bloat the log. */
export const MAX_ISSUE_VALUE_CHARS = 2_000;
