/**
 * The local records the app keeps (IndexedDB in the browser, memory in the command line and tests):
 * contacts, clients, staff and the field changes of contacts. Plain, structured-cloneable data.
 */
import type {
  LocalClientId,
  LocalContactId,
  RunId,
  SourceKey,
  TenantId,
  XpmClientId,
  XpmContactId,
  XpmStaffId,
} from './ids';
import type { WarningCode } from './reasons';
import type { FixEntry } from './fix-list';

/**
 * One XPM source of a contact record: an XPM contact linked to a client, or a client's own main
 * details (contactId null, R1b). The contact's shown values are derived from its links.
 */
export interface ContactLink {
  /** `c:<XPM contact id>` or `k:<XPM client id>` (client-derived). */
  readonly sourceKey: SourceKey;
  readonly contactId: XpmContactId | null;
  readonly clientId: XpmClientId;
  /** The client's integer XPM id when XPM sent one (the documented link form); absent in older records. */
  readonly clientNumericId?: string | null;
  readonly clientName: string;
  readonly isPrimary: boolean;
  readonly name: string;
  readonly email: string;
  /** E.164, or null when blank (or a non-mobile client phone). */
  readonly mobile: string | null;
  readonly warnings: readonly WarningCode[];
}

/** A client named in a merge hint (R6): a missing client, or the client its contacts now live under. */
export interface ClientNameRef {
  readonly clientId: XpmClientId;
  readonly name: string;
}

export type ContactState = 'synced' | 'manual';

/**
 * The XPM practice a record came from. Stamped on a practice's records when another practice is
 * connected and the user keeps them (C4); a record without it came from the practice of the current
 * (or, when disconnected, the last) connection.
 */
export interface RecordPractice {
  /** null: a practice the store no longer knows the id of (records from before C4 with no connection). */
  readonly tenantId: TenantId | null;
  readonly name: string;
}

export type ContactOrigin = 'contact' | 'client' | 'manual';

/**
 * A fix-list rejection about an XPM source that feeds a contact: XPM's record of that person is now
 * rejected, so the contact keeps the last good values a sync brought (Decisions: "Rejected now,
 * imported before"). The entry as the fix-list holds it, without its last-seen run (so a later run
 * that finds the same problem writes nothing).
 */
export type ContactRejection = Omit<FixEntry, 'lastSeenAt' | 'lastRunId'>;

/**
 * A fix-list rejection of a client's own record (its partner removed in XPM, its name now invalid):
 * the client keeps the last good values a sync brought. The same shape as a contact's.
 */
export type ClientRejection = ContactRejection;

/** Why a record is no longer updated: superseded by a contact record (R5) or merged into another. */
export type StaleReason = 'superseded' | 'merged';

export interface ContactRecord {
  readonly id: LocalContactId;
  /** Normalised (name, email): lower case, white space collapsed, NFC (R3). */
  readonly identityKey: string;
  readonly name: string;
  readonly email: string;
  readonly mobile: string | null;
  readonly state: ContactState;
  readonly origin: ContactOrigin;
  /** Detached by the user: editable, never relinked by sync (R4). */
  readonly forcedManual: boolean;
  /** XPM link metadata, kept when the contact turns manual on disconnect (C6). */
  readonly links: readonly ContactLink[];
  /** Index of links[].sourceKey (empty for forced-manual contacts so sync never finds them). */
  readonly sourceKeys: readonly SourceKey[];
  readonly stale: StaleReason | null;
  /** When stale is 'merged': the contact its source moved to. */
  readonly mergedInto: LocalContactId | null;
  readonly missingInXpm: boolean;
  readonly warnings: readonly WarningCode[];
  /** When XPM last changed this contact's email (R7 highlight); epoch ms. */
  readonly emailChangedAt: number | null;
  /**
   * R6 merge hint: clients this contact was listed under until a Resync All found them gone from XPM
   * while the contact stayed under other clients (XPM merged them). Absent in older records.
   */
  readonly leftMissingClients?: readonly ClientNameRef[];
  /**
   * The outstanding fix-list rejections of the XPM sources that feed it (one source, under one client,
   * may have several). Kept by every sync that evaluates those clients; absent when there are none.
   * Read it with `outstandingRejections` (domain/record-actions.ts).
   */
  readonly rejectedInXpm?: readonly ContactRejection[];
  readonly createdAt: number;
  readonly updatedAt: number /** Set when the record was kept after another practice was connected (C4). */;
  readonly practice?: RecordPractice | null;
}

export interface Address {
  readonly line1: string;
  readonly line2: string;
  readonly line3: string;
  readonly suburb: string;
  readonly state: string;
  readonly postcode: string;
  readonly country: string;
}

export type MirrorState = 'synced' | 'disconnected';

export interface ClientRecord {
  /** Local id: the XPM id the record was first created from. */
  readonly id: LocalClientId;
  /** The XPM client id currently linked (R12 may relink a record to another XPM client). */
  readonly xpmId: XpmClientId;
  /** XPM's integer id of the client when a response carried it (links, and relinking 3.0 ⇄ 3.1). */
  readonly xpmNumericId?: string | null;
  readonly code: string;
  /** code trimmed and lower-cased, for R12 matching. */
  readonly codeKey: string;
  readonly legalName: string;
  readonly title: string;
  readonly email: string;
  readonly phone: string;
  readonly fax: string;
  readonly partner: StaffLink;
  readonly manager: StaffLink | null;
  readonly residential: Address;
  readonly postal: Address;
  readonly group: string | null;
  readonly groups: readonly string[];
  readonly abn: string;
  readonly entityType: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly salutation: string;
  readonly archived: boolean;
  readonly prospect: boolean;
  readonly state: MirrorState;
  readonly missingInXpm: boolean;
  /**
   * R6 merge hint: when this client went missing in XPM, the clients its contacts were found under
   * instead (XPM merged it into one of them). Absent in older records.
   */
  readonly contactsNowUnder?: readonly ClientNameRef[];
  readonly warnings: readonly WarningCode[];
  /**
   * The outstanding fix-list rejections of this client's XPM record (it was imported before and XPM's
   * record is now rejected). Kept by every sync that evaluates the client; absent when there are none.
   * Read it with `outstandingClientRejections` (domain/record-actions.ts).
   */
  readonly rejectedInXpm?: readonly ClientRejection[];
  readonly createdAt: number;
  readonly updatedAt: number /** Set when the record was kept after another practice was connected (C4). */;
  readonly practice?: RecordPractice | null;
}

/** A client's partner or manager; staffId null when the default partner (by email) was used. */
export interface StaffLink {
  readonly staffId: XpmStaffId | null;
  readonly name: string;
  readonly email: string;
}

export interface StaffRecord {
  /** The XPM staff id (UUID, or `id:<integer>` when XPM sent only that). */
  readonly id: XpmStaffId;
  /** XPM's integer id when a response carried it. */
  readonly xpmNumericId?: string | null;
  readonly name: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly state: MirrorState;
  readonly missingInXpm: boolean;
  readonly createdAt: number;
  readonly updatedAt: number /** Set when the record was kept after another practice was connected (C4). */;
  readonly practice?: RecordPractice | null;
}

/**
 * R7: one field of one contact changed by a sync. `source` records a manual contact taken over by a
 * sync (R4b): from 'manual' to 'synced' (ContactState values).
 */
export interface FieldChange {
  readonly contactId: LocalContactId;
  readonly runId: RunId;
  readonly at: number;
  readonly field: 'name' | 'email' | 'mobile' | 'source';
  readonly from: string | null;
  readonly to: string | null;
}
