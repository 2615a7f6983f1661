/** The sync worker's API: Download Sync Summary (the standing fix-list), a run's summary, the fix-list view (U2). */
import { AppError } from '../domain/errors';
import type { Result } from '../domain/result';
import type { RunId } from '../domain/ids';
import type { FixEntry, FixReason } from '../domain/fix-list';
import { fixReasonOf } from '../domain/fix-list';
import { latestFinishedRun, runById, runLogEntries } from '../storage/queries';
import { fixListEntries } from '../storage/fix-list-queries';
import { fixListCsv, sortFixList, summaryCsv, summaryFilename } from '../sync/summary-csv';
import type { CsvFile } from './protocol';
import type { WorkerContext } from './worker-context';

/**
 * Fix-list rows the page shows at once: enough for any one reason of a messy 15,000-client practice
 * to be worked through on screen, few enough that the table stays quick; the download has every row.
 */
export const FIX_LIST_VIEW_ROWS = 2_000;

/** A page of the fix-list for the Sync page's table. */
export interface FixListView {
  /** The entries shown (sorted as the CSV is), at most FIX_LIST_VIEW_ROWS. */
  readonly entries: readonly FixEntry[];
  /** How many entries match in all. */
  readonly total: number;
}

function csvFile(filename: string, csv: { text: string; rows: number }): CsvFile {
  return { filename, blob: new Blob([csv.text], { type: 'text/csv;charset=utf-8' }), rows: csv.rows };
}

export function summaryMethods(ctx: WorkerContext) {
  return {
    /** One run's summary CSV (default: the latest finished run), built in the worker; Monitoring's download. */
    summaryCsv: (runId?: RunId): Promise<Result<CsvFile>> =>
      ctx.guard('summaryCsv', async (): Promise<CsvFile> => {
        const { config: c } = ctx.ready();
        const run = runId === undefined ? await latestFinishedRun(ctx.db) : await runById(ctx.db, runId);
        if (!run) throw new AppError('input/invalid', 'There is no sync run to summarise yet.');
        if (run.logPrunedAt !== undefined) {
          throw new AppError(
            'input/invalid',
            'This run’s log was removed to keep local storage bounded (Settings, Run history), so it has no summary ' +
              'any more. Download Sync Summary on the Sync page still lists every record that is not imported.',
          );
        }
        return csvFile(summaryFilename(run.startedAt), summaryCsv(await runLogEntries(ctx.db, run.id), c.xpmWebUrl));
      }),

    /** Download Sync Summary (U2): the standing fix-list as CSV, named for when it was downloaded. */
    fixListCsv: (): Promise<Result<CsvFile>> =>
      ctx.guard('fixListCsv', async (): Promise<CsvFile> => {
        const { config: c } = ctx.ready();
        const latest = await latestFinishedRun(ctx.db);
        if (!latest) throw new AppError('input/invalid', 'There is no sync run to summarise yet.');
        return csvFile(summaryFilename(ctx.deps.now()), fixListCsv(await fixListEntries(ctx.db), c.xpmWebUrl));
      }),

    /** The fix-list entries of one reason (or all), in the CSV's order, for the page's table. */
    fixList: (reason?: FixReason): Promise<Result<FixListView>> =>
      ctx.guard('fixList', async (): Promise<FixListView> => {
        const all = await fixListEntries(ctx.db);
        const matching = reason === undefined ? all : all.filter((entry) => fixReasonOf(entry) === reason);
        return { entries: sortFixList(matching).slice(0, FIX_LIST_VIEW_ROWS), total: matching.length };
      }),
  };
}
