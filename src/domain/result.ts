import type { WireError } from './errors';

/** What every worker API method returns: errors travel as data, never as thrown instances. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: WireError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = <T = never>(error: WireError): Result<T> => ({ ok: false, error });
