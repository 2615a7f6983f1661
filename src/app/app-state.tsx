/**
 * The small, app-wide live state every screen reads: the connection, the manual-run cooldown, the
 * engine's cursor and the latest run. Created once under the app root (one subscription each,
 * however many components read them) and shared through a context.
 */
import { createContext, createMemo, onCleanup, useContext, type Accessor, type JSX } from 'solid-js';
import type { ConnectionInfo } from '../domain/connection';
import { NO_CONNECTION } from '../domain/connection';
import type { RunRecord } from '../domain/runs';
import { type CooldownState, cooldownEndsAt, isRunLive, NO_COOLDOWN } from '../domain/schedule';
import { INITIAL_SYNC_STATE, type SyncState } from '../domain/sync-state';
import { readConnection, readCooldown } from '../storage/kv';
import { latestRun, syncState } from '../storage/queries';
import { createLiveQuery, type LiveQuery } from './primitives/createLiveQuery';
import { createNow } from './primitives/createNow';
import { createOnline } from './primitives/createOnline';
import { callWorker, useClock, useServices } from './services';
import { startHourlyScheduler } from './hourly-scheduler';
import { createRunTracker, type RunTracker } from './run-tracker';
import { useAnnounce } from './primitives/announcer';
import { watchRunOutcomes } from './run-announcements';

/** How often "… ago" texts and run liveness are re-evaluated; minute precision is all they show. */
const CLOCK_TICK_MS = 15_000;

export interface AppState {
  readonly connection: LiveQuery<ConnectionInfo>;
  readonly cooldown: LiveQuery<CooldownState>;
  readonly syncState: LiveQuery<SyncState>;
  readonly latestRun: LiveQuery<RunRecord | undefined>;
  /** A sync run is in progress (in any tab) and alive. */
  readonly runActive: Accessor<boolean>;
  /** When the manual-run cooldown ends (epoch ms), or null. */
  readonly cooldownUntil: Accessor<number | null>;
  /** The browser has a network connection (false: offline, showing local data only). */
  readonly online: Accessor<boolean>;
  /** A coarse clock (ticks every few seconds). */
  readonly now: Accessor<number>;
  readonly runs: RunTracker;
}

const AppStateContext = createContext<AppState>();

export function AppStateProvider(props: { readonly children: JSX.Element }): JSX.Element {
  const services = useServices();
  const { db } = services;
  const announce = useAnnounce();
  const clock = useClock();
  const now = createNow(CLOCK_TICK_MS, () => true, clock);
  const latest = createLiveQuery(() => latestRun(db), undefined);
  const runs = createRunTracker(services);
  const online = createOnline(window);
  const state: AppState = {
    connection: createLiveQuery(() => readConnection(db), NO_CONNECTION),
    cooldown: createLiveQuery(() => readCooldown(db), NO_COOLDOWN),
    syncState: createLiveQuery(() => syncState(db), INITIAL_SYNC_STATE),
    latestRun: latest,
    runActive: createMemo(() => isRunLive(latest(), now())),
    cooldownUntil: () => cooldownEndsAt(state.cooldown()),
    online,
    now,
    runs,
  };
  watchRunOutcomes(state, announce);
  // S2: the worker runs the hourly sync when it is due; the page only has to keep asking. Offline it
  // does not ask (the run could only fail); coming back online asks at once.
  onCleanup(
    startHourlyScheduler(
      () => (online() ? callWorker(services, (api) => api.runScheduled()) : Promise.resolve()),
      window,
      clock.onJump,
    ),
  );
  return <AppStateContext.Provider value={state}>{props.children}</AppStateContext.Provider>;
}

export function useAppState(): AppState {
  const state = useContext(AppStateContext);
  if (state === undefined) throw new Error('useAppState() used outside <AppStateProvider>');
  return state;
}
