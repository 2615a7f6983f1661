/**
 * The manual-run cooldown (S5), the hourly schedule (S2) and run liveness: the values and the
 * arithmetic on them, in one place for the page (buttons, banners) and the worker (the rules).
 */
import type { RunRecord } from './runs';
import type { SyncState } from './sync-state';
import type { ConnectionInfo } from './connection';

/** Manual runs (Resync Now / Resync All) share one cooldown (S5). */
export interface CooldownState {
  readonly manualRunStartedAt: number | null;
}

export const NO_COOLDOWN: CooldownState = { manualRunStartedAt: null };

/** S5: each button at most once every 5 minutes. */
export const MANUAL_RUN_COOLDOWN_MS = 5 * 60_000;

/** S2: when the next hourly sync is due (epoch ms); null before the first sync. Checked by wall clock. */
export interface ScheduleState {
  readonly nextDueAt: number | null;
}

export const NOTHING_SCHEDULED: ScheduleState = { nextDueAt: null };

/** S2: a sync every hour while a tab is open, timed from when the previous run finished. */
export const HOURLY_SYNC_INTERVAL_MS = 60 * 60_000;

/** S2: the page warns when the local data is older than this. */
export const STALE_DATA_MS = 3 * 60 * 60_000;

/**
 * A live run writes its heartbeat this often (S2, S7): six beats fit in the takeover window, so a
 * busy but live tab is never taken for a frozen one.
 */
export const RUN_HEARTBEAT_INTERVAL_MS = 5_000;

/**
 * A run record still "running" whose heartbeat is older than this belongs to a tab that froze or
 * vanished mid-run: another tab takes the run over and resumes it (S7), and the page stops treating
 * it as live. The heartbeat keeps beating through rate-limit waits and slow first bytes.
 */
export const RUN_HEARTBEAT_STALE_MS = 30_000;

/** When the manual-run cooldown ends (epoch ms), or null when no manual run has started. */
export function cooldownEndsAt(cooldown: CooldownState): number | null {
  return cooldown.manualRunStartedAt === null ? null : cooldown.manualRunStartedAt + MANUAL_RUN_COOLDOWN_MS;
}

/** True while a manual run may not start. */
export function inCooldown(cooldown: CooldownState, now: number): boolean {
  const endsAt = cooldownEndsAt(cooldown);
  return endsAt !== null && endsAt > now;
}

/** S2: the hourly sync is due at the stored time, or an hour after the last success when none is stored. */
export function hourlySyncDueAt(schedule: ScheduleState, state: Pick<SyncState, 'lastSuccessAt'>): number {
  return schedule.nextDueAt ?? (state.lastSuccessAt ?? 0) + HOURLY_SYNC_INTERVAL_MS;
}

/** The schedule after a run ended at `endedAt`: the next hourly sync an hour later (one catch-up after sleep). */
export function scheduleAfterRun(endedAt: number): ScheduleState {
  return { nextDueAt: endedAt + HOURLY_SYNC_INTERVAL_MS };
}

/** A run that is in progress in some tab and has shown signs of life recently. */
export function isRunLive(run: RunRecord | undefined, now: number): boolean {
  return run !== undefined && run.status === 'running' && now - run.heartbeatAt < RUN_HEARTBEAT_STALE_MS;
}

/** Why an hourly check did not start a run (S2, S8, C3, C5). */
export type ScheduledRunSkip = 'disabled' | 'not-connected' | 'paused' | 'not-due';

export type ScheduledRunDecision = { readonly run: true } | { readonly run: false; readonly reason: ScheduledRunSkip };

export interface ScheduledRunInput {
  readonly scheduleEnabled: boolean;
  readonly connection: Pick<ConnectionInfo, 'status' | 'firstSyncStarted'>;
  readonly schedule: ScheduleState;
  readonly state: Pick<SyncState, 'lastSuccessAt' | 'pausedUntil'>;
  readonly now: number;
}

/**
 * S2: whether an hourly check starts a run. Not when the schedule is paused in Settings; not while the
 * connection needs the user (C5) or the first sync waits for Start sync (C3); not before a daily-limit
 * pause ends (S8: nothing is sent before then — the check asks again later, no run is recorded); and
 * only once the wall-clock due time has come. The manual cooldown (S5) plays no part.
 */
export function decideScheduledRun(input: ScheduledRunInput): ScheduledRunDecision {
  if (!input.scheduleEnabled) return { run: false, reason: 'disabled' };
  if (input.connection.status !== 'connected' || !input.connection.firstSyncStarted)
    return { run: false, reason: 'not-connected' };
  const pausedUntil = input.state.pausedUntil;
  if (pausedUntil !== null && pausedUntil > input.now) return { run: false, reason: 'paused' };
  if (input.now < hourlySyncDueAt(input.schedule, input.state)) return { run: false, reason: 'not-due' };
  return { run: true };
}
