/**
 * Maps IndexedDB and Dexie failures to the app's closed error vocabulary (DB-2). Errors that did not
 * come from storage (an engine bug, a cancellation, an AppError) are never rewritten here.
 */
import Dexie, { type DexieError } from 'dexie';
import { AppError, isAppError, isQuotaError } from '../domain/errors';

/** Shown to the accountant as is: plain words, and what it means for their data. */
export const QUOTA_MESSAGE =
  'The browser ran out of storage space for this site, so nothing from this batch was saved. ' +
  'Free some disk space or clear other sites’ data, then sync again.';

/**
 * QuotaExceededError directly, wrapped by Dexie (`.inner`), or as one failure of a Dexie BulkError
 * or ModifyError (bulkPut/bulkAdd report per-row failures in `failures`, not in `.inner`).
 */
export function isStorageQuotaError(error: unknown): boolean {
  if (isQuotaError(error)) return true;
  if (error instanceof Dexie.BulkError || error instanceof Dexie.ModifyError) {
    return error.failures.some((failure: unknown) => isQuotaError(failure));
  }
  return false;
}

/** True for errors raised by Dexie or by IndexedDB through Dexie. */
export function isDexieError(error: unknown): error is DexieError {
  return error instanceof Dexie.DexieError;
}

/**
 * A storage failure as an AppError: 'storage/quota' for quota, 'storage/failed' otherwise, with the
 * original error kept as `cause`. `action` completes "Could not … in this browser's local storage".
 */
export function toStorageError(error: unknown, action: string): AppError {
  if (isAppError(error)) return error;
  if (isStorageQuotaError(error)) return new AppError('storage/quota', QUOTA_MESSAGE, {}, { cause: error });
  return new AppError(
    'storage/failed',
    `Could not ${action} in this browser's local storage. Reload the page and try again.`,
    {},
    { cause: error },
  );
}

/**
 * Runs a storage operation outside any sync transaction and converts its failures. Errors that are
 * not storage errors (no DexieError) pass through unchanged so bugs are not disguised as storage faults.
 */
export async function withStorageErrors<T>(action: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (isDexieError(error) || isStorageQuotaError(error)) throw toStorageError(error, action);
    throw error;
  }
}
