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
