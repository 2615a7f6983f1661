/**
 * How much run history the device keeps (bounded growth). A finished run's log — its findings, the
 * bulk of what a run stores — is kept while the run is one of the newest `keepRunLogs` runs and no
 * older than `keepRunLogDays` days (the newest run's log is always kept, however old). The run
 * records themselves are small summaries (~1–2 KB: counts, findings by reason, outcome) and are kept
 * up to RUN_RECORDS_KEPT; older ones are deleted. The standing fix-list (U2) is separate and never
 * pruned by age: it holds what is outstanding now.
 */
import type { RunId } from './ids';
import type { RunRecord } from './runs';

export interface RetentionSettings {
  /** Logs of this many newest runs are kept. */
  readonly keepRunLogs: number;
  /** Logs older than this many days are removed. */
  readonly keepRunLogDays: number;
}

/**
 * A day of hourly syncs with room for a few Resync Alls: the Monitoring trend (30 runs) and the last
 * day can be looked into. At most ~13 MB a log (RUN_LOG_FINDINGS_CAP), so the logs stay within a few
 * hundred MB even when every kept run is a capped Resync All; usually far less (hourly runs log little).
 */
export const DEFAULT_KEEP_RUN_LOGS = 30;
/** A month: long enough to compare this month's runs with last month's problems in the fix-list. */
export const DEFAULT_KEEP_RUN_LOG_DAYS = 30;

/** At least the latest run's log: the Sync page's summary and the trend need it. */
export const MIN_KEEP_RUN_LOGS = 1;
/** Monitoring lists 200 runs; a log beyond them could not be opened. */
export const MAX_KEEP_RUN_LOGS = 200;
export const MIN_KEEP_RUN_LOG_DAYS = 1;
/** A year: beyond it, what XPM looked like then is no longer worth the space. */
export const MAX_KEEP_RUN_LOG_DAYS = 365;

/**
 * Run records (summaries, without their logs) kept in all: five times what Monitoring lists, about
 * six weeks of hourly syncs, ~2 MB. Older records are deleted with whatever remains of them.
 */
export const RUN_RECORDS_KEPT = 1_000;

/** Runs changed per pruning transaction: each deletes at most this many logs (~13 MB each at the cap). */
export const PRUNE_RUNS_PER_PIECE = 5;

export const DEFAULT_RETENTION: RetentionSettings = {
  keepRunLogs: DEFAULT_KEEP_RUN_LOGS,
  keepRunLogDays: DEFAULT_KEEP_RUN_LOG_DAYS,
};

const DAY_MS = 24 * 60 * 60_000;

export function isKeepRunLogs(value: unknown): value is number {
  return (
    Number.isSafeInteger(value) && (value as number) >= MIN_KEEP_RUN_LOGS && (value as number) <= MAX_KEEP_RUN_LOGS
  );
}

export function isKeepRunLogDays(value: unknown): value is number {
  return (
    Number.isSafeInteger(value) &&
    (value as number) >= MIN_KEEP_RUN_LOG_DAYS &&
    (value as number) <= MAX_KEEP_RUN_LOG_DAYS
  );
}

export type RetentionCheck =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly message: string };

/** A whole number typed into a retention field, or what is wrong with it. */
function checkWhole(text: string, what: string, min: number, max: number): RetentionCheck {
  const value = text.trim();
  if (!/^\d+$/.test(value)) return { ok: false, message: `${what} must be a whole number from ${min} to ${max}.` };
  const n = Number(value);
  if (n < min || n > max) return { ok: false, message: `${what} must be from ${min} to ${max}; “${value}” is not.` };
  return { ok: true, value: n };
}

export function checkKeepRunLogs(text: string): RetentionCheck {
  return checkWhole(text, 'The number of runs whose logs are kept', MIN_KEEP_RUN_LOGS, MAX_KEEP_RUN_LOGS);
}

export function checkKeepRunLogDays(text: string): RetentionCheck {
  return checkWhole(text, 'The number of days logs are kept', MIN_KEEP_RUN_LOG_DAYS, MAX_KEEP_RUN_LOG_DAYS);
}

/** What retention does to the stored runs. */
export interface PrunePlan {
  /** Finished runs whose logs go (their records stay, marked logPrunedAt), oldest first. */
  readonly dropLogs: readonly RunId[];
  /** Finished runs beyond RUN_RECORDS_KEPT, deleted with their logs, oldest first. */
  readonly deleteRuns: readonly RunId[];
}

/**
 * The runs retention removes logs or records of, from every stored run. Runs still running are never
 * touched (one may be resumed); they count towards the newest N like any other.
 */
export function planPrune(
  runs: readonly Pick<RunRecord, 'id' | 'startedAt' | 'status' | 'logPrunedAt'>[],
  policy: RetentionSettings,
  now: number,
  recordsKept: number = RUN_RECORDS_KEPT,
): PrunePlan {
  const newestFirst = [...runs].sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : -1));
  const dropLogs: RunId[] = [];
  const deleteRuns: RunId[] = [];
  const oldest = now - policy.keepRunLogDays * DAY_MS;
  newestFirst.forEach((run, position) => {
    if (run.status === 'running') return;
    if (position >= recordsKept) deleteRuns.push(run.id);
    else if (
      run.logPrunedAt === undefined &&
      position > 0 &&
      (position >= policy.keepRunLogs || run.startedAt < oldest)
    )
      dropLogs.push(run.id);
  });
  return { dropLogs: dropLogs.reverse(), deleteRuns: deleteRuns.reverse() };
}
