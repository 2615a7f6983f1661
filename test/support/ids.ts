/**
 * Branded ids for test fixtures. Production code brands ids only after checking them (src/domain/ids);
 * fixtures use short readable ids ('a', 'x1') that are not real XPM ids, so tests brand them as is.
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
} from '../../src/domain/ids';

export const lcid = (id: string) => id as LocalContactId;
export const lclid = (id: string) => id as LocalClientId;
export const xcid = (id: string) => id as XpmClientId;
export const xkid = (id: string) => id as XpmContactId;
export const xsid = (id: string) => id as XpmStaffId;
export const rid = (id: string) => id as RunId;
export const tid = (id: string) => id as TenantId;
export const skey = (key: string) => key as SourceKey;

export const lcids = (...ids: string[]) => ids.map(lcid);
export const lclids = (...ids: string[]) => ids.map(lclid);

/**
 * The identity a fixture record gets: what the reader would derive for real ids (a UUID, or digits),
 * and the label itself for readable test ids ('client-1'), which the reader would reject.
 */
export function fixtureKey<T extends string>(uuid: string, numericId = ''): T | null {
  if (uuid.trim() !== '') return uuid.trim() as T;
  return /^[0-9]{1,18}$/.test(numericId.trim()) ? (`id:${numericId.trim()}` as T) : null;
}

/**
 * A UUID made from a readable label, the same for the same label: for fixtures that go through the
 * XML readers, which accept only real UUIDs (or integer ids) as identities.
 */
export function testUuid(label: string): string {
  let hex = '';
  for (let round = 0; hex.length < 32; round++) {
    // FNV-1a over the label and the round number: deterministic, well spread, no dependencies.
    let h = 0x811c9dc5 ^ round;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
    hex += (h >>> 0).toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
