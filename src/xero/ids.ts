/**
 * Identifier checks for values that end up in URLs and headers. Xero identifies tenants and
 * connections by GUID (xpm-api.md §1.1, §6.4), so the UUID shape is the whole allowlist: it excludes
 * `/`, `..`, `%`, white space and anything else that could change a path or a header.
 */
import { AppError } from '../domain/errors';
import { isUuid } from '../domain/ids';

/** Returns `value` if it is a UUID; otherwise throws 'input/invalid' naming `what` (never the value). */
export function requireUuid(value: string, what: string): string {
  if (!isUuid(value)) throw new AppError('input/invalid', `The ${what} is not a valid identifier.`);
  return value;
}
