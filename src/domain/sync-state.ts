/** The engine's persistent cursor (one value per store). */
import type { RunId } from './ids';

/** The engine's persistent cursor (singleton). */
export interface SyncState {
  /** Server time (ISO 8601 UTC) at the start of the last successful run: the next modifiedsince base. */
  readonly watermark: string | null;
  readonly lastSuccessAt: number | null;
  readonly lastFullSuccessAt: number | null;
  readonly lastRunId: RunId | null;
  /** No request may be sent before this (daily rate limit), epoch ms. */
  readonly pausedUntil: number | null;
  /**
   * A Resync All that failed after committing some of its clients (M8): the next run lists
   * everything too, so it completes that run (the missing-in-XPM check included). Cleared by a
   * complete listing. Absent on stores of older versions.
   */
  readonly unfinishedFullRun?: RunId | null;
}

export const INITIAL_SYNC_STATE: SyncState = {
  watermark: null,
  lastSuccessAt: null,
  lastFullSuccessAt: null,
  lastRunId: null,
  pausedUntil: null,
};
