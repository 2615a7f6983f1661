/**
 * Which XPM practice local records came from (C4). A record stamped with `practice` says so itself;
 * an unstamped one came from the practice of the connection (kept after a disconnect, so it names
 * the last practice connected). Manual contacts the user made, and contacts the user detached, came
 * from no practice: they are the user's own.
 */
import type { ConnectionInfo } from './connection';
import type { TenantId } from './ids';
import type { ContactRecord, RecordPractice } from './records';

/** What a record without a stamp is called when no connection names its practice (a store from before C4). */
export const UNKNOWN_PRACTICE_NAME = 'an earlier practice';

/** The practice a stamp or a connection names (tenantId null: unknown). */
export type PracticeRef = RecordPractice;

/** A contact that came from an XPM practice: it has XPM links and was not detached by the user. */
export function isPracticeContact(contact: ContactRecord): boolean {
  return contact.links.length > 0 && !contact.forcedManual;
}

/** The practice the unstamped records belong to: the connection's (current, or the last one). */
export function connectionPractice(connection: ConnectionInfo): PracticeRef | null {
  if (connection.tenantId === null) return null;
  return { tenantId: connection.tenantId, name: connection.practiceName ?? connection.name ?? UNKNOWN_PRACTICE_NAME };
}

/** The practice a record came from, given the practice its unstamped records belong to. */
export function practiceOf(
  record: { readonly practice?: RecordPractice | null },
  unstamped: PracticeRef | null,
): PracticeRef {
  return record.practice ?? unstamped ?? { tenantId: null, name: UNKNOWN_PRACTICE_NAME };
}

/** Records of one practice other than the one being connected (what the confirmation counts). */
export interface OtherPracticeRecords {
  readonly practice: PracticeRef;
  readonly contacts: number;
  readonly clients: number;
  readonly staff: number;
}

/** What connecting a practice would put beside the records of others, for the confirmation (C4). */
export interface PracticeSwitch {
  readonly to: PracticeRef;
  readonly from: readonly OtherPracticeRecords[];
}

/** What the user chose in the confirmation: keep the other practices' records as manual, or erase them. */
export type PracticeSwitchChoice = 'keep' | 'erase';

/** Counts records per practice, in the order the practices were first met. */
export class PracticeTally {
  private readonly byKey = new Map<
    string,
    { practice: PracticeRef; contacts: number; clients: number; staff: number }
  >();

  add(practice: PracticeRef, kind: 'contacts' | 'clients' | 'staff'): void {
    const key = practice.tenantId ?? '';
    const entry = this.byKey.get(key) ?? { practice, contacts: 0, clients: 0, staff: 0 };
    entry[kind] += 1;
    this.byKey.set(key, entry);
  }

  list(): OtherPracticeRecords[] {
    return [...this.byKey.values()];
  }
}

/** The practice is `to` (a record of the practice being connected). */
export function isSamePractice(practice: PracticeRef, to: TenantId): boolean {
  return practice.tenantId === to;
}
