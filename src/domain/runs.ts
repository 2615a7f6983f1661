/**
 * Sync runs as they are stored and shown (S1, S6, U3): kind, trigger, status, progress, counts, and
 * one log entry per finding. Plain, structured-cloneable data.
 */
import { AppError, type WireError } from './errors';
import type { RunId, TenantId } from './ids';
import type { EntityKind, RecordIssue } from './reasons';
import type { ReasonCounts } from './run-findings';
import type { OutstandingCounts } from './fix-list';

export type RunKind = 'full' | 'incremental';

export type RunTrigger = 'first' | 'manual' | 'scheduled';

export interface EntityCounts {
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
  skipped: number;
  /** Marked "missing in XPM" by this run. */
  missing: number;
}

export type RunCounts = Record<EntityKind, EntityCounts>;

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'paused' | 'abandoned';

export type RunPhase = 'connecting' | 'downloading' | 'parsing' | 'validating' | 'saving' | 'finishing' | 'done';

export interface RunRecord {
  readonly id: RunId;
  readonly kind: RunKind;
  readonly trigger: RunTrigger;
  readonly status: RunStatus;
  readonly phase: RunPhase;
  readonly startedAt: number;
  readonly finishedAt: number | null;
  /** Written while running so another tab can tell a live run from a frozen one (S2). */
  readonly heartbeatAt: number;
  readonly bytesReceived: number;
  /** Content-Length of the client list when the server sent one. */
  readonly bytesExpected: number | null;
  readonly clientsProcessed: number;
  readonly counts: RunCounts;
  /** XPM requests sent by this run, retries included, as Xero counts them (token refreshes are not XPM calls). */
  readonly apiCalls: number;
  /** `modifiedsince` sent (incremental runs), as sent. */
  readonly modifiedSince: string | null;
  /** Server `Date` of the first response, ISO 8601 UTC: the next watermark if this run succeeds. */
  readonly serverDate: string | null;
  /** Last X-DayLimit-Remaining seen. */
  readonly dayLimitRemaining: number | null;
  readonly error: WireError | null;
  /**
   * Clients read from XPM's answer so far (S6): moves as the list streams in, ahead of
   * clientsProcessed, which counts the clients saved. Absent on runs of older versions.
   */
  readonly clientsRead?: number;
  /** What the run is waiting for before its next request, if anything (S6). */
  readonly wait?: RunWait | null;
  /** How far the run got, for resuming it if it is interrupted (S7). Absent on runs of older versions. */
  readonly checkpoint?: RunCheckpoint;
  /**
   * Every finding of the run by kind and reason, complete even when its log is capped
   * (RUN_LOG_FINDINGS_CAP). Absent on runs of older versions.
   */
  readonly findingsByReason?: ReasonCounts;
  /** Findings beyond the log's cap: counted in findingsByReason but not listed in the log. */
  readonly findingsNotLogged?: number;
  /** When retention removed this run's log (the record stays as a summary). Absent: the log is kept. */
  readonly logPrunedAt?: number;
  /**
   * The standing fix-list's size per reason when the run finished (U3's trend of outstanding problems),
   * written in the run's finishing transaction. Absent on runs that did not finish, and on runs of
   * versions before it existed.
   */
  readonly outstanding?: OutstandingCounts;
  /**
   * What of the run reached the store, written when it ends (M8 completeness check): a run that fails
   * after committing batches is "partly applied", and says so. Absent on runs of older versions.
   */
  readonly applied?: RunApplied;
}

/**
 * The completeness check of a run that has ended: clients read from XPM's answer against clients
 * committed to the store. A succeeded run has committed every client it read; a failed run that
 * committed any is partly applied, and the next run completes it (README, Decisions).
 */
export interface RunApplied {
  /** Clients read from XPM's answer by the last attempt (repeated copies included). */
  readonly clientsRead: number;
  /** Clients committed by the run, its interrupted attempts included (repeated copies included). */
  readonly clientsCommitted: number;
  /** Whether the staff list was committed (it commits first, as one batch). */
  readonly staffCommitted: boolean;
}

/**
 * Whether a run that did not succeed left some of its answer in the store (M8): clients committed
 * before the failure. The store is then a mix of old and new data until the next run completes it.
 */
export function partlyApplied(run: Pick<RunRecord, 'status' | 'applied'>): boolean {
  return run.status !== 'succeeded' && run.status !== 'running' && (run.applied?.clientsCommitted ?? 0) > 0;
}

/** A run waiting before its next request (S6): for Xero's rate limit, or to retry after a failure. */
export interface RunWait {
  readonly reason: 'rate-limit' | 'retry';
  /** When the next attempt goes out (epoch ms). */
  readonly until: number;
  /** The attempt about to be made, of maxAttempts. */
  readonly attempt: number;
  readonly maxAttempts: number;
}

/**
 * What an interrupted run needs to continue as itself (S7), written with every batch it commits. The
 * outcomes of the batches themselves are stored beside it (one row per committed batch) until the
 * run ends.
 */
export interface RunCheckpoint {
  /** The practice the run reads; a run is never resumed against another. */
  readonly tenantId: TenantId;
  /**
   * Raised each time the run is resumed. The store refuses a run's writes from an older attempt: a
   * frozen tab that wakes after its run was taken over cannot write anything.
   */
  readonly attempt: number;
  /** When the run was resumed, oldest first (the history shows "resumed"). */
  readonly resumedAt: readonly number[];
}

/** A record's outcome in a run, as the run's counts keep it (imported beats updated beats unchanged). */
export type RecordOutcome = 'imported' | 'updated' | 'unchanged';

/** One count the run made about one record: [entity, record id, outcome]. */
export type OutcomeNote = readonly [EntityKind, string, RecordOutcome];

/**
 * What one committed batch of a running run changed, stored in the batch's own transaction and
 * deleted when the run ends: a resumed run replays these to count what the interrupted attempt did,
 * exactly as an uninterrupted run would have counted it.
 */
export interface RunBatchOutcome {
  readonly runId: RunId;
  /** Order of commit within the run (the staff batch first). */
  readonly batch: number;
  /** Records imported or updated by the batch (what the stored data alone can no longer tell). */
  readonly notes: readonly OutcomeNote[];
  /** Clients without any identifier whose findings the batch logged (they are evaluated every time). */
  readonly keylessLogged: number;
  /** The run-log sequence number after the batch: a resumed run continues the log, never repeats it. */
  readonly logNext: number;
  /** The batch's findings by reason, listed in the log or not (absent on rows of older versions). */
  readonly findings?: ReasonCounts;
  /** Clients the batch committed (M8: a failed resumed attempt still knows what earlier ones saved). Absent on older rows. */
  readonly clients?: number;
}

/** The attempt a run record is on (1 for runs written before checkpoints existed). */
export function runAttempt(run: Pick<RunRecord, 'checkpoint'>): number {
  return run.checkpoint?.attempt ?? 1;
}

/** A run-log row: one issue of one run (rejections, warnings and skips). */
export interface RunLogEntry extends RecordIssue {
  readonly runId: RunId;
  /** Order within the run (XPM order). */
  readonly seq: number;
  readonly at: number;
}

export function emptyCounts(): RunCounts {
  const zero = (): EntityCounts => ({ imported: 0, updated: 0, unchanged: 0, rejected: 0, skipped: 0, missing: 0 });
  return { contact: zero(), client: zero(), staff: zero() };
}

/**
 * The fence every write of a run record passes (S7): a write from an older attempt than the stored
 * one means this tab's run was taken over while it was frozen, and it must stop without writing.
 */
export function assertCurrentAttempt(stored: Pick<RunRecord, 'checkpoint'> | undefined, next: RunRecord): void {
  if (stored !== undefined && runAttempt(stored) > runAttempt(next)) {
    throw new AppError(
      'sync/taken-over',
      'This tab stopped responding during the sync, so another tab of the app took the run over and is finishing it.',
    );
  }
}

/**
 * What a progress write outside a batch's transaction (bytes, phase, heartbeat) stores over `stored`
 * (S6). It was computed before it landed, so it may be older than a batch that committed meanwhile:
 * it never takes the run back — not to fewer clients, older counts, fewer bytes or calls, nor from an
 * ended status to running. A write from an older attempt is refused (assertCurrentAttempt); one from
 * a newer attempt is the takeover and replaces the record.
 */
export function mergeRunProgress(stored: RunRecord | undefined, next: RunRecord): RunRecord {
  assertCurrentAttempt(stored, next);
  if (stored === undefined || runAttempt(stored) < runAttempt(next)) return next;
  if (stored.status !== 'running') return stored;
  const behind = stored.clientsProcessed > next.clientsProcessed;
  // clientsRead is optional (records from before it existed); only a record that counts reads gets one.
  const read = [stored.clientsRead, next.clientsRead].filter((n) => n !== undefined);
  return {
    ...next,
    clientsProcessed: Math.max(stored.clientsProcessed, next.clientsProcessed),
    ...(read.length > 0 ? { clientsRead: Math.max(...read) } : {}),
    counts: behind ? stored.counts : next.counts,
    // The findings move with the counts: both are what the committed batches found.
    ...(behind && stored.findingsByReason !== undefined
      ? { findingsByReason: stored.findingsByReason, findingsNotLogged: stored.findingsNotLogged ?? 0 }
      : {}),
    bytesReceived: Math.max(stored.bytesReceived, next.bytesReceived),
    apiCalls: Math.max(stored.apiCalls, next.apiCalls),
    heartbeatAt: Math.max(stored.heartbeatAt, next.heartbeatAt),
  };
}
