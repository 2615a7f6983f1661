/** Words for run kinds, triggers, phases and outcomes (shared by the Sync and Monitoring pages). */
import {
  partlyApplied,
  type RunKind,
  type RunPhase,
  type RunRecord,
  type RunStatus,
  type RunTrigger,
} from '../../../domain/runs';
import type { EntityKind } from '../../../domain/reasons';
import { formatCount, formatDateTime, formatTime } from '../../format';

export const RUN_KIND_LABEL: Readonly<Record<RunKind, string>> = { incremental: 'Resync Now', full: 'Resync All' };

export const RUN_TRIGGER_LABEL: Readonly<Record<RunTrigger, string>> = {
  first: 'First sync',
  manual: 'Manual',
  scheduled: 'Hourly',
};

export const RUN_PHASE_LABEL: Readonly<Record<RunPhase, string>> = {
  connecting: 'Connecting to Xero',
  downloading: 'Downloading from XPM',
  parsing: 'Reading XPM’s answer',
  validating: 'Checking records',
  saving: 'Saving',
  finishing: 'Finishing',
  done: 'Done',
};

/** What a running run is doing now: its phase, or what it waits for before its next request (S6). */
export function runActivity(run: Pick<RunRecord, 'phase' | 'wait'>): string {
  const wait = run.wait ?? null;
  if (wait === null) return RUN_PHASE_LABEL[run.phase];
  return wait.reason === 'rate-limit' ? 'Waiting for Xero’s rate limit' : 'Retrying after a failed request';
}

export const RUN_STATUS_LABEL: Readonly<Record<RunStatus, string>> = {
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  paused: 'Paused — rate limited',
  abandoned: 'Interrupted',
};

export const ENTITY_LABEL: Readonly<Record<EntityKind, string>> = {
  contact: 'Contacts',
  client: 'Clients',
  staff: 'Staff',
};

export const ENTITY_KINDS: readonly EntityKind[] = ['contact', 'client', 'staff'];

/**
 * When a rate-limit pause ends: "9:24 PM" when it falls on the same day as `reference` (now, or when
 * the paused run ended), else with its date.
 */
export function pauseEndText(until: number, reference: number): string {
  const sameDay = new Date(until).toDateString() === new Date(reference).toDateString();
  return sameDay ? formatTime(until) : formatDateTime(until);
}

/** S8's words for a rate-limit pause: "rate limited until 9:24 PM". */
export function rateLimitedUntilText(until: number, reference: number): string {
  return `rate limited until ${pauseEndText(until, reference)}`;
}

/** A run's outcome in words: a paused run says until when (S8), "Paused — rate limited until 9:24 PM". */
function statusLabel(run: Pick<RunRecord, 'status' | 'error' | 'startedAt' | 'finishedAt'>): string {
  const retryAt = run.error?.detail.retryAt;
  if (run.status !== 'paused' || retryAt === undefined || !Number.isFinite(retryAt))
    return RUN_STATUS_LABEL[run.status];
  return `Paused — ${rateLimitedUntilText(retryAt, run.finishedAt ?? run.startedAt)}`;
}

/**
 * A run's status as the history shows it: "Succeeded (resumed)" for a run that survived an
 * interruption (S7), "Failed (partly applied)" for one that saved some clients before failing (M8),
 * "Paused — rate limited until 9:24 PM" for one Xero's rate limit ended (S8).
 */
export function runStatusText(
  run: Pick<RunRecord, 'status' | 'checkpoint' | 'applied' | 'error' | 'startedAt' | 'finishedAt'>,
): string {
  const resumes = run.checkpoint?.resumedAt.length ?? 0;
  const status = partlyApplied(run) ? `${statusLabel(run)} (partly applied)` : statusLabel(run);
  if (resumes === 0 || run.status === 'abandoned') return status;
  return resumes === 1 ? `${status} (resumed)` : `${status} (resumed ${resumes} times)`;
}

/**
 * What a run that ended early left in the store, from its completeness check (M8), in one sentence;
 * null for a run that succeeded, is still running, or was recorded before the check existed. The
 * error's help never says this itself: only the run's record knows whether batches were committed.
 */
export function runAppliedText(run: Pick<RunRecord, 'status' | 'applied'>): string | null {
  const applied = run.applied;
  if (applied === undefined || run.status === 'succeeded' || run.status === 'running') return null;
  if (partlyApplied(run)) {
    // M is what was read before the run stopped, not the practice's total, and N counts every client
    // committed (unchanged and not imported ones too), so "N of M clients updated" read as a finished
    // run ("1,240 of 1,240") and contradicted the table's Updated column.
    const of = Math.max(applied.clientsRead, applied.clientsCommitted);
    return `Partly applied: ${formatCount(applied.clientsCommitted)} of the ${formatCount(of)} clients read before the sync stopped were saved; the next run completes it.`;
  }
  if (applied.staffCommitted) {
    return 'No clients were saved by this sync (only the staff list was brought up to date); your other data is as it was before it.';
  }
  return 'Nothing from this sync was saved; your data is as it was before it.';
}
