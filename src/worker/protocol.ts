/**
 * The sync worker's API as seen from the page: plain data in, Result out (errors cross as data with a
 * closed code, never as thrown instances). Implemented by api.ts in the worker; the page reaches it
 * through Comlink (client.ts). Types only: the page imports this module with `import type`.
 */
import type { Result } from '../shared/result';
import type { RunCounts, RunKind, RunTrigger } from '../sync/model';

/** Runtime configuration served with the app (public/config.json), so one build serves any upstream. */
export interface AppConfig {
  /** Xero app client id (Auth Code with PKCE, no secret). */
  readonly clientId: string;
  /** Origin (+ optional path prefix) of the CORS proxy, e.g. https://proxy.example.com */
  readonly proxyUrl: string;
  /** Xero's authorize page (top-level navigation, no proxy): https://login.xero.com/identity/connect/authorize */
  readonly authorizeUrl: string;
  /** The identity issuer checked in the id_token: https://identity.xero.com */
  readonly issuer: string;
  /** Base of links into the XPM web app (CSV and "edit this in XPM"). */
  readonly xpmWebUrl: string;
  /** Name shown for the upstream, e.g. "Xero" or "Sandbox". */
  readonly upstreamLabel: string;
}

/** Kept by the page in sessionStorage (this tab only) between leaving for Xero and the callback. */
export interface PendingAuthorization {
  readonly state: string;
  readonly codeVerifier: string;
  readonly redirectUri: string;
  readonly createdAt: number;
}

export interface Practice {
  readonly tenantId: string;
  readonly connectionId: string;
  readonly name: string;
}

export interface PreviewCounts {
  readonly contacts: number;
  readonly clients: number;
  readonly staff: number;
  readonly rejections: number;
  readonly skipped: number;
}

export interface RunOutcome {
  readonly runId: string;
  readonly kind: RunKind;
  readonly counts: RunCounts;
}

/** What an hourly check did (S2). */
export type ScheduledOutcome =
  | { readonly ran: true; readonly outcome: RunOutcome }
  | { readonly ran: false; readonly reason: 'not-due' | 'disabled' | 'not-connected' | 'busy' };

export interface CsvFile {
  readonly filename: string;
  readonly blob: Blob;
  readonly rows: number;
}

export interface SyncApi {
  /** Loads the runtime configuration into the worker (called once after the worker starts). */
  configure(config: AppConfig): Promise<Result<void>>;
  /** Creates the PKCE verifier, state and the authorize URL for a new connection (C1). */
  beginAuthorization(
    redirectUri: string,
  ): Promise<Result<{ readonly url: string; readonly pending: PendingAuthorization }>>;
  /** Validates the callback, exchanges the code and lists the XPM practices (C1, C2). */
  completeAuthorization(
    callbackUrl: string,
    pending: PendingAuthorization,
  ): Promise<Result<{ readonly practices: Practice[] }>>;
  /** Chooses the practice and names the connection (C2, C3). */
  choosePractice(practice: Practice, connectionName: string): Promise<Result<void>>;
  /** Counts of what a first sync would import, without storing anything (C3). */
  preview(): Promise<Result<PreviewCounts>>;
  /** Runs a sync now; manual runs respect the shared 5-minute cooldown (S3–S5). */
  runSync(kind: RunKind, trigger: RunTrigger): Promise<Result<RunOutcome>>;
  /**
   * S2: runs a Resync Now if the hourly sync is due (by wall clock, stored in IndexedDB) and no other
   * tab is running one. The page calls it on a timer and on focus, visibility and `online`.
   */
  runScheduled(): Promise<Result<ScheduledOutcome>>;
  cancelSync(): Promise<Result<void>>;
  /** The Download Sync Summary CSV of a run (default: the latest), built in the worker (U2). */
  summaryCsv(runId?: string): Promise<Result<CsvFile>>;
  /** Revokes, deletes the Xero connection and keeps the local data as manual/disconnected (C6). */
  disconnect(): Promise<Result<void>>;
}
