/**
 * The sync worker's API for the user's own changes to the local records: manual contacts (R8), Make
 * manual (R4) and removing stale or missing records (R5, R6). Each holds the run lock for its one
 * transaction, so it never interleaves with a run's batches (in this tab or another); while a run holds
 * it the change is refused with 'sync/busy' and nothing is written (the form keeps what was typed).
 * XPM is never written.
 */
import { AppError } from '../domain/errors';
import type { Result } from '../domain/result';
import { asLocalContactId, type LocalContactId } from '../domain/ids';
import type { ContactRecord } from '../domain/records';
import { readSettings } from '../storage/kv';
import { refreshListHeads } from '../storage/list-heads';
import type { ManualContactInput } from '../sync/local/manual-contacts';
import {
  deleteManualContact,
  detachContact,
  type ManualSaveOutcome,
  type RemovalRequest,
  type RemovalResult,
  removeRecords,
  saveManualContact,
} from '../sync/local/operations';
import type { WorkerContext } from './worker-context';

export type { ManualSaveOutcome, RemovalRequest, RemovalResult } from '../sync/local/operations';
export type { ManualContactInput, ManualProblem, ManualField } from '../sync/local/manual-contacts';

/** Form values are short; anything longer than this is not typed by a person and is cut before checking. */
export const MAX_FORM_INPUT_CHARS = 10_000;

function formText(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new AppError('input/invalid', `${field} must be text.`);
  return value.slice(0, MAX_FORM_INPUT_CHARS);
}

export function recordMethods(ctx: WorkerContext) {
  /** Runs one local change under the run lock, then refreshes the lists' first rows. */
  async function underRunLock<T>(fn: () => Promise<T>): Promise<T> {
    const attempt = await ctx.deps.runLock.tryRun(() => fn());
    if (!attempt.acquired)
      throw new AppError(
        'sync/busy',
        'A sync is running, so nothing was changed. Try again when it finishes (the Sync page shows its progress).',
      );
    await refreshListHeads(ctx.db).catch((error: unknown) =>
      ctx.deps.log.warn('list-heads-refresh-failed', { error: error instanceof Error ? error.name : 'unknown' }),
    );
    return attempt.value;
  }

  return {
    /** New contact (no id) or Edit of a manual contact: saved, or the problems of each field (R8). */
    saveManualContact: (
      input: ManualContactInput & { readonly id?: LocalContactId },
    ): Promise<Result<ManualSaveOutcome>> =>
      ctx.guard('saveManualContact', () =>
        underRunLock(async () => {
          const settings = await readSettings(ctx.db);
          return saveManualContact(
            ctx.store,
            {
              name: formText(input.name, 'Name'),
              email: formText(input.email, 'Email'),
              mobile: formText(input.mobile, 'Mobile'),
              ...(input.id === undefined ? {} : { id: input.id }),
            },
            {
              now: ctx.deps.now(),
              newId: () => asLocalContactId(ctx.deps.newId()),
              defaultCountry: settings.defaultCountry,
            },
          );
        }),
      ),

    /** Delete on a manual contact (R8). */
    deleteManualContact: (id: LocalContactId): Promise<Result<void>> =>
      ctx.guard('deleteManualContact', () => underRunLock(() => deleteManualContact(ctx.store, id))),

    /** Make manual on a synced contact (R4). */
    detachContact: (id: LocalContactId): Promise<Result<ContactRecord>> =>
      ctx.guard('detachContact', () => underRunLock(() => detachContact(ctx.store, id, ctx.deps.now()))),

    /** Remove / Remove selected on stale and missing-in-XPM records (R5, R6); local only. */
    removeRecords: (request: RemovalRequest): Promise<Result<RemovalResult>> =>
      ctx.guard('removeRecords', () => underRunLock(() => removeRecords(ctx.store, request))),
  };
}
