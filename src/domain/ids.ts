/**
 * Identifiers, branded so that ids from different systems and tables cannot be mixed up (a local
 * client id is not an XPM client id, a contact's XPM id is not a staff member's), and the source key
 * format of contact links. Values are branded only by the parsers below, after checking them.
 */

declare const BRAND: unique symbol;
/** A string that has been checked to be a particular kind of identifier. */
export type Brand<Name extends string> = string & { readonly [BRAND]: Name };

/**
 * An XPM record's identity, as the response carried it: its UUID (XPM 3.1, and clients in 3.0), or
 * `id:<digits>` when XPM sent only its integer `<ID>` (contacts and staff in XPM 3.0). The prefix keeps
 * the two forms from ever colliding.
 */
export type XpmClientId = Brand<'XpmClientId'>;
export type XpmContactId = Brand<'XpmContactId'>;
export type XpmStaffId = Brand<'XpmStaffId'>;
/** A local record's key (a contact or client record; for synced clients, the XPM id it was created from). */
export type LocalContactId = Brand<'LocalContactId'>;
export type LocalClientId = Brand<'LocalClientId'>;
export type RunId = Brand<'RunId'>;
/** Xero's tenant (practice) id, a GUID. */
export type TenantId = Brand<'TenantId'>;

/**
 * Which XPM thing a contact record was made from: `c:<XPM contact id>` for an XPM contact (R1a),
 * `k:<XPM client id>` for a client's own main details used as a contact (R1b).
 */
export type SourceKey = `c:${string}` | `k:${string}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** XPM's integer ids are positive and well below 2^53; 1–18 digits keeps them safe as numbers too. */
const NUMERIC_ID = /^[0-9]{1,18}$/;
/** The prefix of an identity taken from XPM's integer `<ID>`. */
export const NUMERIC_ID_PREFIX = 'id:';

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

export function isNumericXpmId(value: unknown): value is string {
  return typeof value === 'string' && NUMERIC_ID.test(value);
}

/** True for a value in one of the two XPM identity forms (UUID, or `id:` + digits). */
export function isXpmKey(value: unknown): value is string {
  return (
    isUuid(value) ||
    (typeof value === 'string' &&
      value.startsWith(NUMERIC_ID_PREFIX) &&
      isNumericXpmId(value.slice(NUMERIC_ID_PREFIX.length)))
  );
}

/**
 * The identity of an XPM record from what the response carried: the UUID when it looks like one,
 * else `id:<ID>` when the integer id is all digits, else null (the record cannot be identified and is
 * rejected as `id-missing`, never given a shared key). Values are trimmed of surrounding white space
 * only; their case is kept.
 */
function xpmKey(uuid: string, numericId: string): string | null {
  const u = uuid.trim();
  if (isUuid(u)) return u;
  const n = numericId.trim();
  return isNumericXpmId(n) ? `${NUMERIC_ID_PREFIX}${n}` : null;
}

export const xpmClientKey = (uuid: string, numericId: string) => xpmKey(uuid, numericId) as XpmClientId | null;
export const xpmContactKey = (uuid: string, numericId: string) => xpmKey(uuid, numericId) as XpmContactId | null;
export const xpmStaffKey = (uuid: string, numericId: string) => xpmKey(uuid, numericId) as XpmStaffId | null;

/** The integer id XPM sent, when it is one (for the documented link form); else null. */
export function numericXpmId(value: string): string | null {
  const n = value.trim();
  return isNumericXpmId(n) ? n : null;
}

function checked<T extends string>(value: string, valid: (v: string) => boolean, what: string): T {
  if (!valid(value)) throw new TypeError(`Not a valid ${what}: ${JSON.stringify(value.slice(0, 60))}`);
  return value as T;
}

/** Brands a value read back from local storage or a test fixture after checking its form. */
export const asXpmClientId = (value: string) => checked<XpmClientId>(value, isXpmKey, 'XPM client id');
export const asXpmContactId = (value: string) => checked<XpmContactId>(value, isXpmKey, 'XPM contact id');
export const asXpmStaffId = (value: string) => checked<XpmStaffId>(value, isXpmKey, 'XPM staff id');
/** Local ids are opaque (XPM ids or random UUIDs); any non-empty string without control characters. */
const isOpaqueId = (value: string) => value.length > 0 && value.length <= 200 && !/[\u0000-\u001f]/.test(value);
export const asLocalContactId = (value: string) => checked<LocalContactId>(value, isOpaqueId, 'local contact id');
export const asLocalClientId = (value: string) => checked<LocalClientId>(value, isOpaqueId, 'local client id');
export const asRunId = (value: string) => checked<RunId>(value, isOpaqueId, 'run id');
export const asTenantId = (value: string) => checked<TenantId>(value, isUuid, 'tenant id');

/** A synced client record is keyed by the XPM id it was created from. */
export function localClientIdOf(xpmId: XpmClientId): LocalClientId {
  return xpmId as string as LocalClientId;
}

/** `c:<XPM contact id>`: an XPM contact (R1a). */
export function contactSourceKey(contactId: XpmContactId): SourceKey {
  return `c:${contactId}`;
}

/** `k:<XPM client id>`: a client's own main details used as a contact (R1b). */
export function clientSourceKey(clientId: XpmClientId): SourceKey {
  return `k:${clientId}`;
}

export function isSourceKey(value: unknown): value is SourceKey {
  return typeof value === 'string' && (value.startsWith('c:') || value.startsWith('k:')) && isXpmKey(value.slice(2));
}
