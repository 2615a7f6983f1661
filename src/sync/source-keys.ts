/**
 * The source keys of ContactLink (model.ts): which XPM thing a contact record was made from.
 * One place for the format, shared by evaluation (R1, R6 "seen") and reconciliation (R4, R5).
 */

/** `c:<contact uuid>`: an XPM contact (R1a). */
export function contactSourceKey(contactId: string): string {
  return `c:${contactId}`;
}

/** `k:<client uuid>`: a client's own main details used as a contact (R1b). */
export function clientSourceKey(clientId: string): string {
  return `k:${clientId}`;
}
