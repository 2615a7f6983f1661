/**
 * The small, app-wide live state every screen reads: the connection, the manual-run cooldown, the
 * engine's cursor and the latest run. Created once under the app root (one subscription each,
 * however many components read them) and shared through a context.
 */
import { createContext, createMemo, onCleanup, useContext, type Accessor, type JSX } from 'solid-js';
import type { ConnectionInfo, CooldownState } from '../shared/app-state';
import { MANUAL_RUN_COOLDOWN_MS, NO_CONNECTION } from '../shared/app-state';
import type { RunRecord, SyncState } from '../sync/model';
import { NO_COOLDOWN, readConnection, readCooldown } from '../storage/kv';
import { latestRun, syncState } from '../storage/queries';
import { createLiveQuery, type LiveQuery } from './primitives/createLiveQuery';
import { createNow } from './primitives/createNow';
import { callWorker, useServices } from './services';
import { startHourlyScheduler } from './hourly-scheduler';
import { createRunTracker, type RunTracker } from './run-tracker';
import { useAnnounce } from './primitives/announcer';
import { watchRunOutcomes } from './run-announcements';

/** A fresh store: no sync yet, nothing paused (mirrors INITIAL_SYNC_STATE, a value we may only import as a type). */
const NO_SYNC_STATE: SyncState = {
  watermark: null,
  lastSuccessAt: null,
  lastFullSuccessAt: null,
  lastRunId: null,
  pausedUntil: null,
};

/**
 * A run record still "running" whose heartbeat is older than this belongs to a tab that froze or
 * closed mid-run (or a run sleeping on a long 429 wait); the UI stops treating it as live, so the
 * lists resume live updates and the buttons come back. The engine writes progress at least every
 * few seconds while it works, so two minutes of silence is not a busy run.
 */
export const RUN_HEARTBEAT_STALE_MS = 2 * 60_000;

/** How often "… ago" texts and run liveness are re-evaluated; minute precision is all they show. */
const CLOCK_TICK_MS = 15_000;

/** PRODUCT.md S2: warn when the local data is older than this. */
export const STALE_DATA_MS = 3 * 60 * 60_000;

export interface AppState {
  readonly connection: LiveQuery<ConnectionInfo>;
  readonly cooldown: LiveQuery<CooldownState>;
  readonly syncState: LiveQuery<SyncState>;
  readonly latestRun: LiveQuery<RunRecord | undefined>;
  /** A sync run is in progress (in any tab) and alive. */
  readonly runActive: Accessor<boolean>;
  /** When the manual-run cooldown ends (epoch ms), or null. */
  readonly cooldownUntil: Accessor<number | null>;
  /** A coarse clock (ticks every few seconds). */
  readonly now: Accessor<number>;
  readonly runs: RunTracker;
}

export function isRunLive(run: RunRecord | undefined, now: number): boolean {
  return run !== undefined && run.status === 'running' && now - run.heartbeatAt < RUN_HEARTBEAT_STALE_MS;
}

/** The cooldown's end, or null when no manual run has started. */
export function cooldownEnd(cooldown: CooldownState): number | null {
  return cooldown.manualRunStartedAt === null ? null : cooldown.manualRunStartedAt + MANUAL_RUN_COOLDOWN_MS;
}

const AppStateContext = createContext<AppState>();

export function AppStateProvider(props: { readonly children: JSX.Element }): JSX.Element {
  const services = useServices();
  const { db } = services;
  const announce = useAnnounce();
  const now = createNow(CLOCK_TICK_MS);
  const latest = createLiveQuery(() => latestRun(db), undefined);
  const runs = createRunTracker(services);
  const state: AppState = {
    connection: createLiveQuery(() => readConnection(db), NO_CONNECTION),
    cooldown: createLiveQuery(() => readCooldown(db), NO_COOLDOWN),
    syncState: createLiveQuery(() => syncState(db), NO_SYNC_STATE),
    latestRun: latest,
    runActive: createMemo(() => isRunLive(latest(), now())),
    cooldownUntil: () => cooldownEnd(state.cooldown()),
    now,
    runs,
  };
  watchRunOutcomes(state, announce);
  // S2: the worker runs the hourly sync when it is due; the page only has to keep asking.
  onCleanup(startHourlyScheduler(() => callWorker(services, (api) => api.runScheduled()), window));
  return <AppStateContext.Provider value={state}>{props.children}</AppStateContext.Provider>;
}

export function useAppState(): AppState {
  const state = useContext(AppStateContext);
  if (state === undefined) throw new Error('useAppState() used outside <AppStateProvider>');
  return state;
}
