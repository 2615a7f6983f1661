/** Client records from evaluated XPM clients (R10–R12). */
import type { ClientFields } from './evaluation';
import type { ClientRecord } from './model';
import { deepEqual } from '../shared/deep-equal';

const TIMESTAMPS: ReadonlySet<string> = new Set(['createdAt', 'updatedAt']);

/** The synced record `id` for XPM client `xpmId`, continuing `base` (same XPM client, or an R12 code match). */
export function clientRecordFrom(
  fields: ClientFields,
  xpmId: string,
  id: string,
  base: ClientRecord | undefined,
  now: number,
): ClientRecord {
  return {
    ...fields,
    id,
    xpmId,
    state: 'synced',
    missingInXpm: false,
    createdAt: base?.createdAt ?? now,
    updatedAt: now,
  };
}

/** Equality of everything a sync can change (timestamps excluded). */
export function sameClient(a: ClientRecord, b: ClientRecord): boolean {
  return deepEqual(a, b, TIMESTAMPS);
}
