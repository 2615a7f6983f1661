/**
 * Sync runs as they are stored and shown (S1, S6, U3): kind, trigger, status, progress, counts, and
 * one log entry per finding. Plain, structured-cloneable data.
 */
import type { WireError } from './errors';
import type { RunId } from './ids';
import type { EntityKind, RecordIssue } from './reasons';

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
  /** XPM + identity requests sent by this run. */
  readonly apiCalls: number;
  /** `modifiedsince` sent (incremental runs), as sent. */
  readonly modifiedSince: string | null;
  /** Server `Date` of the first response, ISO 8601 UTC: the next watermark if this run succeeds. */
  readonly serverDate: string | null;
  /** Last X-DayLimit-Remaining seen. */
  readonly dayLimitRemaining: number | null;
  readonly error: WireError | null;
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
