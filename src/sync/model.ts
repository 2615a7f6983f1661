/**
 * The local records the app keeps (IndexedDB in the browser, memory in the CLI and tests).
 * All types are plain, structured-cloneable data.
 */
import type { WireError } from '../shared/errors';
import type { EntityKind, RecordIssue, WarningCode } from './reasons';

export type RunKind = 'full' | 'incremental';
export type RunTrigger = 'first' | 'manual' | 'scheduled';

/** Settings that change what the engine imports (PRODUCT.md U4). */
export interface SyncOptions {
  /** ISO 3166-1 alpha-2 country applied to numbers written without `+` (default AU). */
  readonly defaultCountry: string;
  /** Email of the staff member used when a client has no partner in XPM (R11). */
  readonly defaultPartnerEmail: string | null;
  readonly includeArchived: boolean;
  /** Import the number found in a mobile field that also holds notes (R2 option). */
  readonly rescueNumbers: boolean;
}

export const DEFAULT_SYNC_OPTIONS: SyncOptions = {
  defaultCountry: 'AU',
  defaultPartnerEmail: null,
  includeArchived: false,
  rescueNumbers: false,
};

/**
 * One XPM source of a contact record: an XPM contact linked to a client, or a client's own main
 * details (contactId null, R1b). The contact's shown values are derived from its links.
 */
export interface ContactLink {
  /** `c:<contact uuid>` or `k:<client uuid>` (client-derived). */
  readonly sourceKey: string;
  readonly contactId: string | null;
  readonly clientId: string;
  readonly clientName: string;
  readonly isPrimary: boolean;
  readonly name: string;
  readonly email: string;
  /** E.164, or null when blank (or a non-mobile client phone). */
  readonly mobile: string | null;
  readonly warnings: readonly WarningCode[];
}

export type ContactState = 'synced' | 'manual';
export type ContactOrigin = 'contact' | 'client' | 'manual';
/** Why a record is no longer updated: superseded by a contact record (R5) or merged into another. */
export type StaleReason = 'superseded' | 'merged';

export interface ContactRecord {
  readonly id: string;
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
  readonly sourceKeys: readonly string[];
  readonly stale: StaleReason | null;
  /** When stale is 'merged': the contact its source moved to. */
  readonly mergedInto: string | null;
  readonly missingInXpm: boolean;
  readonly warnings: readonly WarningCode[];
  /** When XPM last changed this contact's email (R7 highlight); epoch ms. */
  readonly emailChangedAt: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
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
  /** Local id: the XPM UUID the record was first created from. */
  readonly id: string;
  /** The XPM client UUID currently linked (R12 may relink a record to a new UUID). */
  readonly xpmId: string;
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
  readonly warnings: readonly WarningCode[];
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A client's partner or manager; staffId null when the default partner (by email) was used. */
export interface StaffLink {
  readonly staffId: string | null;
  readonly name: string;
  readonly email: string;
}

export interface StaffRecord {
  /** XPM staff UUID. */
  readonly id: string;
  readonly name: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly state: MirrorState;
  readonly missingInXpm: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** R7: one field of one contact changed by a sync. */
export interface FieldChange {
  readonly contactId: string;
  readonly runId: string;
  readonly at: number;
  readonly field: 'name' | 'email' | 'mobile';
  readonly from: string | null;
  readonly to: string | null;
}

export interface EntityCounts {
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
  skipped: number;
  /** Marked "missing in XPM" by this run. */
  missing: number;
}

export type RunCounts = Record<EntityKind, EntityCounts>;

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'paused' | 'abandoned';
export type RunPhase = 'connecting' | 'downloading' | 'parsing' | 'validating' | 'saving' | 'finishing' | 'done';

export interface RunRecord {
  readonly id: string;
  readonly kind: RunKind;
  readonly trigger: RunTrigger;
  readonly status: RunStatus;
  readonly phase: RunPhase;
  readonly startedAt: number;
  readonly finishedAt: number | null;
  /** Written while running so another tab can tell a live run from a frozen one (S2). */
  readonly heartbeatAt: number;
  readonly bytesReceived: number;
  /** Content-Length of the client list when the server sent one. */
  readonly bytesExpected: number | null;
  readonly clientsProcessed: number;
  readonly counts: RunCounts;
  /** XPM + identity requests sent by this run. */
  readonly apiCalls: number;
  /** `modifiedsince` sent (incremental runs), as sent. */
  readonly modifiedSince: string | null;
  /** Server `Date` of the first response, ISO 8601 UTC: the next watermark if this run succeeds. */
  readonly serverDate: string | null;
  /** Last X-DayLimit-Remaining seen. */
  readonly dayLimitRemaining: number | null;
  readonly error: WireError | null;
}

/** A run-log row: one issue of one run (rejections, warnings and skips). */
export interface RunLogEntry extends RecordIssue {
  readonly runId: string;
  /** Order within the run (XPM order). */
  readonly seq: number;
  readonly at: number;
}

/** The engine's persistent cursor (singleton). */
export interface SyncState {
  /** Server time (ISO 8601 UTC) at the start of the last successful run: the next modifiedsince base. */
  readonly watermark: string | null;
  readonly lastSuccessAt: number | null;
  readonly lastFullSuccessAt: number | null;
  readonly lastRunId: string | null;
  /** No request may be sent before this (daily rate limit), epoch ms. */
  readonly pausedUntil: number | null;
}

export const INITIAL_SYNC_STATE: SyncState = {
  watermark: null,
  lastSuccessAt: null,
  lastFullSuccessAt: null,
  lastRunId: null,
  pausedUntil: null,
};

export function emptyCounts(): RunCounts {
  const zero = (): EntityCounts => ({ imported: 0, updated: 0, unchanged: 0, rejected: 0, skipped: 0, missing: 0 });
  return { contact: zero(), client: zero(), staff: zero() };
}
