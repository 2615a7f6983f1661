/**
 * Identifier checks for values that end up in URLs and headers. Xero and XPM v3.1 identify
 * everything by GUID (xpm-api.md §1.1, §6.4), so the UUID shape is the whole allowlist: it excludes
 * `/`, `..`, `%`, white space and anything else that could change a path or a header.
 */
import { AppError } from '../shared/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Returns `value` if it is a UUID; otherwise throws 'input/invalid' naming `what` (never the value). */
export function requireUuid(value: string, what: string): string {
  if (!isUuid(value)) throw new AppError('input/invalid', `The ${what} is not a valid identifier.`);
  return value;
}
