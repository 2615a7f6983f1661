/** Client records from evaluated XPM clients (R10–R12). */
import type { ClientFields } from '../evaluate/evaluation';
import type { ClientRecord } from '../../domain/records';
import { deepEqual } from '../../domain/deep-equal';
import type { LocalClientId, XpmClientId } from '../../domain/ids';

/** Left out of comparing values: timestamps, and XPM rejections (stamped from the fix-list after, client-rejections.ts). */
const NOT_VALUES: ReadonlySet<string> = new Set(['createdAt', 'updatedAt', 'rejectedInXpm']);

/** The synced record `id` for XPM client `xpmId`, continuing `base` (same XPM client, or an R12 code match). */
export function clientRecordFrom(
  fields: ClientFields,
  xpmId: XpmClientId,
  xpmNumericId: string | null,
  id: LocalClientId,
  base: ClientRecord | undefined,
  now: number,
): ClientRecord {
  // Both identities are kept once seen, so a practice moving between XPM 3.0 and 3.1 relinks.
  // (Absent rather than null when unknown, so records stored before ids were kept compare equal.)
  const numeric = xpmNumericId ?? base?.xpmNumericId ?? null;
  return {
    ...fields,
    id,
    xpmId,
    ...(numeric === null ? {} : { xpmNumericId: numeric }),
    state: 'synced',
    missingInXpm: false,
    createdAt: base?.createdAt ?? now,
    updatedAt: now,
  };
}

/** Equality of every value a sync brings (timestamps and XPM rejections excluded). */
export function sameClient(a: ClientRecord, b: ClientRecord): boolean {
  return deepEqual(a, b, NOT_VALUES);
}
