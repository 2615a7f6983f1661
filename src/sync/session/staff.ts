/**
 * Staff (R9). The staff list is always complete, so staff no longer listed are marked missing on every
 * run, not only on Resync All. A staff member whose XPM identity changed form (XPM 3.0 sends only the
 * integer id, 3.1 the UUID) is relinked to the same record rather than duplicated (M11).
 */
import type { StaffFields } from '../evaluate/evaluation';
import { evaluateStaff } from '../evaluate/staff';
import { repeatedStaffIssue } from '../evaluate/repeated';
import type { RecordIssue } from '../../domain/reasons';
import type { StaffRecord } from '../../domain/records';
import { NUMERIC_ID_PREFIX, type XpmStaffId } from '../../domain/ids';
import type { XpmStaff } from '../../xero/types';
import type { StoreTx } from '../ports';
import type { RunTally } from './tally';

export interface StaffResult {
  /** The staff that passed R9, in XPM order (the partners and managers of this run's clients). */
  readonly valid: readonly StaffFields[];
  readonly issues: readonly RecordIssue[];
  /** Later copies of a staff member the list already held (M8): logged only, nothing to fix in XPM. */
  readonly repeated: readonly RecordIssue[];
}

/** Emails compare case-insensitively and without surrounding white space. */
const emailKey = (email: string) => email.trim().normalize('NFC').toLowerCase();
const isNumericForm = (id: XpmStaffId) => id.startsWith(NUMERIC_ID_PREFIX);

/** Applies the staff list inside `tx` (the caller adds the log and the run record to the same transaction). */
export async function applyStaffList(
  tx: StoreTx,
  list: readonly XpmStaff[],
  now: number,
  tally: RunTally,
): Promise<StaffResult> {
  // A staff member listed again is read once: its findings and counts are not doubled (M8).
  const firstCopies: XpmStaff[] = [];
  const repeated: RecordIssue[] = [];
  const read = new Set<XpmStaffId>();
  for (const staff of list) {
    if (staff.key !== null && read.has(staff.key)) {
      repeated.push(repeatedStaffIssue(staff));
      tally.skipped('staff');
    } else {
      if (staff.key !== null) read.add(staff.key);
      firstCopies.push(staff);
    }
  }
  const evaluations = firstCopies.map((staff) => evaluateStaff(staff));
  const existing = new Map((await tx.allStaff()).map((s) => [s.id, s]));
  const listed = new Set(list.flatMap((s) => (s.key === null ? [] : [s.key])));
  const valid: StaffFields[] = [];
  const issues: RecordIssue[] = [];
  const writes: StaffRecord[] = [];
  const replaced: XpmStaffId[] = [];
  const done = new Set<XpmStaffId>();
  for (const evaluation of evaluations) {
    issues.push(...evaluation.issues);
    const fields = evaluation.fields;
    if (!fields) {
      tally.rejected('staff');
      continue;
    }
    if (done.has(fields.id)) continue; // a repeated id: XPM order, first wins
    done.add(fields.id);
    valid.push(fields);
    const previous = existing.get(fields.id) ?? relinkCandidate(fields, existing, listed, replaced);
    if (previous && previous.id !== fields.id) {
      replaced.push(previous.id);
      existing.delete(previous.id);
    }
    const record: StaffRecord = {
      ...fields,
      xpmNumericId: fields.xpmNumericId ?? previous?.xpmNumericId ?? null,
      state: 'synced',
      missingInXpm: false,
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    };
    const outcome = !previous
      ? 'imported'
      : previous.id === record.id && sameStaff(previous, record)
        ? 'unchanged'
        : 'updated';
    tally.note('staff', fields.id, outcome);
    if (outcome !== 'unchanged') writes.push(record);
  }
  for (const previous of existing.values()) {
    if (previous.state === 'synced' && !previous.missingInXpm && !listed.has(previous.id)) {
      writes.push({ ...previous, missingInXpm: true, updatedAt: now });
      tally.missing('staff');
    }
  }
  await tx.deleteStaff(replaced);
  await tx.putStaff(writes);
  return { valid, issues, repeated };
}

/**
 * The stored record of the same person under the other identity form: the same integer id, or —
 * when XPM sends no integer id now — the same email on a record whose id is of the other form and
 * that this listing no longer names.
 */
function relinkCandidate(
  fields: StaffFields,
  existing: ReadonlyMap<XpmStaffId, StaffRecord>,
  listed: ReadonlySet<XpmStaffId>,
  replaced: readonly XpmStaffId[],
): StaffRecord | undefined {
  if (fields.xpmNumericId != null) {
    const byNumeric = existing.get(`${NUMERIC_ID_PREFIX}${fields.xpmNumericId}` as XpmStaffId);
    if (byNumeric && !listed.has(byNumeric.id)) return byNumeric;
  }
  const wanted = emailKey(fields.email);
  for (const record of existing.values()) {
    if (listed.has(record.id) || replaced.includes(record.id)) continue;
    if (isNumericForm(record.id) === isNumericForm(fields.id)) continue;
    if (record.xpmNumericId != null && fields.xpmNumericId != null && record.xpmNumericId !== fields.xpmNumericId)
      continue;
    if (emailKey(record.email) === wanted) return record;
  }
  return undefined;
}

function sameStaff(a: StaffRecord, b: StaffRecord): boolean {
  return (
    a.name === b.name &&
    a.firstName === b.firstName &&
    a.lastName === b.lastName &&
    a.email === b.email &&
    a.state === b.state &&
    a.missingInXpm === b.missingInXpm
  );
}
