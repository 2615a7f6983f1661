/**
 * What evaluating one XPM record yields, before it is matched against the local store.
 * Evaluation is pure and per-record (R1, R2, R9, R10, R11); matching and merging (R3–R8, R12) happen
 * in reconcile.ts against the store.
 */
import type { XpmClient } from '../../xero/types';
import type { ClientRecord, ContactLink, StaffLink, StaffRecord } from '../../domain/records';
import type { SyncOptions } from '../../domain/settings';
import type { RecordIssue } from '../../domain/reasons';
import type { SourceKey, XpmClientId, XpmContactId, XpmStaffId } from '../../domain/ids';

/** A person that passed R1/R2 and should become (or update) a contact record. */
export interface ContactCandidate {
  readonly link: ContactLink;
  /**
   * The same source under its other identity form (`c:id:<integer>` beside `c:<uuid>`) when XPM sent
   * both ids: a record linked under either is the same source (relinked across XPM 3.0 ⇄ 3.1).
   */
  readonly altSourceKeys: readonly SourceKey[];
  /** normaliseIdentity(link.name, link.email) */
  readonly identityKey: string;
  readonly origin: 'contact' | 'client';
}

/** The client-record fields derived from XPM (R10, R11); the store adds id, state and timestamps. */
export type ClientFields = Omit<
  ClientRecord,
  'id' | 'xpmId' | 'xpmNumericId' | 'state' | 'missingInXpm' | 'createdAt' | 'updatedAt'
>;

/** The staff-record fields derived from XPM (R9). */
export type StaffFields = Omit<StaffRecord, 'state' | 'missingInXpm' | 'createdAt' | 'updatedAt'>;

export interface ClientEvaluation {
  readonly client: XpmClient;
  /** The client's XPM identity; null when XPM sent none (then rejected as id-missing, nothing imported). */
  readonly key: XpmClientId | null;
  /** XPM's integer id of the client when it sent one (kept for links and for relinking 3.0 ⇄ 3.1). */
  readonly numericId: string | null;
  /** 'deleted' / 'archived' (archived only when not included): nothing of this client is imported. */
  readonly skipped: 'deleted' | 'archived' | null;
  /** null when the client itself was rejected or skipped. */
  readonly fields: ClientFields | null;
  /** Contact candidates in XPM order (R1a), or the single client-derived candidate (R1b). */
  readonly contacts: readonly ContactCandidate[];
  /** True when at least one XPM contact has a name and a valid email (R1a, R5). */
  readonly hasValidContact: boolean;
  /**
   * Source keys of people XPM still has for this client but that were rejected (e.g. `c:<uuid>` with
   * a bad email, or `k:<client uuid>` when the fallback failed). They are "seen" for R6.
   */
  readonly rejectedSourceKeys: readonly SourceKey[];
  /** XPM contacts with IsDeleted=Yes: positively observed as deleted. */
  readonly deletedContactIds: readonly XpmContactId[];
  /** Every rejection, warning and skip for this client and its people, in XPM order. */
  readonly issues: readonly RecordIssue[];
  /** Number of distinct people (contacts or the client fallback) rejected. */
  readonly contactsRejected: number;
  /** Number of XPM contacts skipped (contact-deleted). */
  readonly contactsSkipped: number;
}

export interface StaffEvaluation {
  readonly staff: { readonly key: XpmStaffId | null; readonly name: string };
  /** null when rejected. */
  readonly fields: StaffFields | null;
  readonly issues: readonly RecordIssue[];
}

/** What client evaluation needs besides the client. */
export interface EvaluationContext {
  readonly options: SyncOptions;
  /** Valid staff of this run by XPM id (partner and manager lookup, R11). */
  readonly staffById: ReadonlyMap<XpmStaffId, StaffLink>;
  /** The Default Partner resolved against the staff (null when unset or not a synced staff member). */
  readonly defaultPartner: StaffLink | null;
}
