/**
 * App-level state kept in IndexedDB (kv table) and read by the page through live queries: the
 * connection, the manual-run cooldown and the user's settings. Plain data only.
 */
import type { SyncOptions } from '../sync/model';
import { DEFAULT_SYNC_OPTIONS } from '../sync/model';

export type ConnectionStatus =
  /** Signed in to Xero, practice not chosen yet. */
  | 'authorized'
  /** Practice chosen; `firstSyncStarted` says whether Start sync was pressed (C3). */
  | 'connected'
  /** The grant was revoked or expired: scheduled syncs stop until the user reconnects (C5). */
  | 'reconnect-needed'
  /** The user disconnected; local data kept (C6). */
  | 'disconnected';

export interface ConnectionInfo {
  readonly status: ConnectionStatus;
  readonly tenantId: string | null;
  readonly connectionId: string | null;
  /** The practice's name in XPM. */
  readonly practiceName: string | null;
  /** Editable connection name (default: the practice's name). */
  readonly name: string | null;
  readonly connectedAt: number | null;
  readonly firstSyncStarted: boolean;
  /** Why the connection needs attention, in plain words (reconnect-needed). */
  readonly reason: string | null;
}

export const NO_CONNECTION: ConnectionInfo = {
  status: 'disconnected',
  tenantId: null,
  connectionId: null,
  practiceName: null,
  name: null,
  connectedAt: null,
  firstSyncStarted: false,
  reason: null,
};

/** Manual runs (Resync Now / Resync All) share one cooldown (S5). */
export interface CooldownState {
  readonly manualRunStartedAt: number | null;
}

export const MANUAL_RUN_COOLDOWN_MS = 5 * 60_000; // S5: each button at most once every 5 minutes

/** S2: when the next hourly sync is due (epoch ms); null before the first sync. Checked by wall clock. */
export interface ScheduleState {
  readonly nextDueAt: number | null;
}

/** S2: a sync every hour while a tab is open, timed from when the previous run finished. */
export const HOURLY_SYNC_INTERVAL_MS = 60 * 60_000;

export interface Settings extends SyncOptions {
  /** Hourly syncs while a tab is open (S2). */
  readonly scheduleEnabled: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  ...DEFAULT_SYNC_OPTIONS,
  scheduleEnabled: true,
};
