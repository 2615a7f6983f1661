/** The sync worker's API: the Download Sync Summary CSV (U2). */
import { AppError } from '../domain/errors';
import type { Result } from '../domain/result';
import type { RunId } from '../domain/ids';
import { latestFinishedRun, runById, runLogEntries } from '../storage/queries';
import { summaryCsv, summaryFilename } from '../sync/summary-csv';
import type { CsvFile } from './protocol';
import type { WorkerContext } from './worker-context';

export function summaryMethods(ctx: WorkerContext) {
  return {
    /** The Download Sync Summary CSV of a run (default: the latest), built in the worker (U2). */
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
        const { text, rows } = summaryCsv(await runLogEntries(ctx.db, run.id), c.xpmWebUrl);
        return {
          filename: summaryFilename(run.startedAt),
          blob: new Blob([text], { type: 'text/csv;charset=utf-8' }),
          rows,
        };
      }),
  };
}
