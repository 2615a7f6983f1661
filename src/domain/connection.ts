/** The connection to a Xero practice (C1–C6), as kept in IndexedDB and read by the page. */
import type { TenantId } from './ids';

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
  readonly tenantId: TenantId | null;
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

/**
 * What happens to a connection (issue M5 item 6). Every change of the stored connection goes through
 * `reduceConnection`, so the header, the banners and the buttons — which all read the stored result —
 * never disagree about it.
 */
export type ConnectionEvent =
  /** Xero's sign-in came back and the code was exchanged; the practice is not chosen yet (C1, C2). */
  | { readonly type: 'signed-in' }
  /** A practice was chosen (C2, C3): a new connection, or a reconnect of the same practice (C5). */
  | {
      readonly type: 'connected';
      readonly tenantId: TenantId;
      readonly connectionId: string;
      readonly practiceName: string;
      readonly name: string;
      readonly at: number;
    }
  /** Start sync was pressed (C3). */
  | { readonly type: 'first-sync-started' }
  /** An access token was refreshed: proof the grant works, but it changes nothing the user sees. */
  | { readonly type: 'token-refreshed' }
  /** Xero refused the refresh token (`invalid_grant`): the user must sign in again (C5). */
  | { readonly type: 'invalid-grant'; readonly reason: string }
  /** The grant or the practice's connection was revoked (XPM answers 401 after a refresh, or 403) (C5). */
  | { readonly type: 'revoked'; readonly reason: string }
  /** The user pressed Disconnect (C6). */
  | { readonly type: 'disconnected' };

/** The connection after `event`. Pure; returns `state` itself when nothing changes. */
export function reduceConnection(state: ConnectionInfo, event: ConnectionEvent): ConnectionInfo {
  switch (event.type) {
    case 'signed-in':
      // After a disconnect, connecting again starts over with the first-sync preview (C3).
      return {
        ...state,
        status: 'authorized',
        reason: null,
        firstSyncStarted: state.status !== 'disconnected' && state.firstSyncStarted,
      };
    case 'connected': {
      // The same practice again (a reconnect) carries on where it was; another practice starts with
      // the first-sync preview and Start sync (C3).
      const samePractice = state.tenantId === event.tenantId;
      return {
        status: 'connected',
        tenantId: event.tenantId,
        connectionId: event.connectionId,
        practiceName: event.practiceName,
        name: event.name,
        connectedAt: event.at,
        firstSyncStarted: samePractice && state.firstSyncStarted,
        reason: null,
      };
    }
    case 'first-sync-started':
      return state.firstSyncStarted ? state : { ...state, firstSyncStarted: true };
    case 'token-refreshed':
      return state;
    case 'invalid-grant':
    case 'revoked':
      // Only a working connection can break: a disconnect or a sign-in in progress meanwhile wins.
      return state.status === 'connected' ? { ...state, status: 'reconnect-needed', reason: event.reason } : state;
    case 'disconnected':
      return { ...state, status: 'disconnected', reason: null };
  }
}

/** Errors that mean the connection itself stopped working (C5), not this one run. */
const CONNECTION_ERROR_CODES: ReadonlySet<string> = new Set(['auth/reconnect-needed', 'xpm/forbidden']);

/** A run that failed with this code left the connection needing a reconnect (C5). */
export function isConnectionErrorCode(code: string): boolean {
  return CONNECTION_ERROR_CODES.has(code);
}

/** What the page shows for a connection: the header's badge, the banners and whether the buttons work. */
export interface ConnectionView {
  readonly status: ConnectionStatus;
  /** Resync Now / Resync All can be used (connected and the first sync started). */
  readonly canResync: boolean;
  /** The "Reconnect needed" banner and the Sync page's reconnect panel. */
  readonly reconnectNeeded: boolean;
  /** Connected, first sync not started: the "Start sync" offer. */
  readonly firstSyncPending: boolean;
}

export function connectionView(connection: ConnectionInfo): ConnectionView {
  const connected = connection.status === 'connected';
  return {
    status: connection.status,
    canResync: connected && connection.firstSyncStarted,
    reconnectNeeded: connection.status === 'reconnect-needed',
    firstSyncPending: connected && !connection.firstSyncStarted,
  };
}

/**
 * A run that failed because the connection broke, when the connection has been made again since: its
 * error is history, not something to fix now (no "reconnect" banner next to "Connected").
 */
export function isResolvedConnectionError(
  run: {
    readonly error: { readonly code: string } | null;
    readonly startedAt: number;
    readonly finishedAt: number | null;
  },
  connection: ConnectionInfo,
): boolean {
  if (run.error === null || !CONNECTION_ERROR_CODES.has(run.error.code)) return false;
  if (connection.status !== 'connected' || connection.connectedAt === null) return false;
  return connection.connectedAt >= (run.finishedAt ?? run.startedAt);
}

/**
 * Where a reloaded (or reopened) /callback page picks connecting up again (issue M5 item 6): choose
 * the practice again (signed in, tokens kept, practice not chosen), see the first-sync preview
 * (practice chosen, Start sync not pressed), nothing to do (connected and syncing), or start again.
 */
export type ConnectStep = 'choose' | 'preview' | 'done' | 'start-again';

export function resumableConnectStep(connection: ConnectionInfo, hasTokens: boolean): ConnectStep {
  switch (connection.status) {
    case 'authorized':
      return hasTokens ? 'choose' : 'start-again';
    case 'connected':
      return connection.firstSyncStarted ? 'done' : 'preview';
    case 'reconnect-needed':
    case 'disconnected':
      return 'start-again';
  }
}
