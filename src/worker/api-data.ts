/**
 * The sync worker's API: the user's local data (U4) — Export as one JSON file or a list as CSV, and
 * Erase local data. The files are built here, off the page's thread; no token is ever in them (the
 * secrets table is not read).
 */
import { AppError, toWireError } from '../domain/errors';
import type { Result } from '../domain/result';
import { eraseLocalData, readLocalData } from '../storage/local-data';
import { readConnection } from '../storage/kv';
import { EXPORT_LISTS, exportFilename, listCsv, type ExportList } from '../sync/list-csv';
import type { CsvFile, ExportCounts, ExportFile } from './protocol';
import type { WorkerContext } from './worker-context';

/** Names the export's format, so a reader (or a future import) knows what it holds. */
export const EXPORT_FORMAT = 'xpm-contact-sync-export';
/** Bumped when the export's shape changes incompatibly. */
export const EXPORT_VERSION = 1;

export function dataMethods(ctx: WorkerContext) {
  return {
    /** Every record, change, run, run-log entry and fix-list entry, with the settings and connection, as JSON. */
    exportData: (): Promise<Result<ExportFile>> =>
      ctx.guard('exportData', async (): Promise<ExportFile> => {
        const data = await readLocalData(ctx.db);
        const counts: ExportCounts = {
          contacts: data.contacts.length,
          clients: data.clients.length,
          staff: data.staff.length,
          changes: data.changes.length,
          runs: data.runs.length,
          runLog: data.runLog.length,
          fixList: data.fixList.length,
        };
        const now = ctx.deps.now();
        const exported = {
          format: EXPORT_FORMAT,
          version: EXPORT_VERSION,
          exportedAt: new Date(now).toISOString(),
          counts,
          ...data,
        };
        return {
          filename: exportFilename('all-data', now, 'json'),
          blob: new Blob([JSON.stringify(exported)], { type: 'application/json' }),
          counts,
        };
      }),

    /** One list (contacts, clients or staff) as CSV, with the Sync Summary's safety rules. */
    exportListCsv: (list: ExportList): Promise<Result<CsvFile>> =>
      ctx.guard('exportListCsv', async (): Promise<CsvFile> => {
        if (!EXPORT_LISTS.includes(list))
          throw new AppError('input/invalid', `There is no list called “${String(list)}” to export.`);
        const data = await readLocalData(ctx.db);
        const { text, rows } = listCsv(list, { ...data, connection: await readConnection(ctx.db) });
        return {
          filename: exportFilename(list, ctx.deps.now(), 'csv'),
          blob: new Blob([text], { type: 'text/csv;charset=utf-8' }),
          rows,
        };
      }),

    /**
     * Erase local data (U4): stops any run (in every tab), revokes the Xero sign-in (best effort: the
     * local tokens go either way), then deletes every record, the history, the connection and the
     * tokens. The settings stay; the app can connect again at once.
     */
    eraseLocalData: (): Promise<Result<void>> =>
      ctx.guard('eraseLocalData', async () => {
        ctx.cancelLocalRun('Erasing local data.');
        ctx.deps.control.post({ type: 'cancel' });
        await ctx.deps.runLock.run(async () => {
          if (ctx.auth !== null)
            await ctx.auth
              .revoke()
              .catch((error: unknown) => ctx.deps.log.warn('erase-revoke-failed', { code: toWireError(error).code }));
          ctx.offeredPractices = [];
          await eraseLocalData(ctx.db);
        });
      }),
  };
}
