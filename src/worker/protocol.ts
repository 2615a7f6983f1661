/**
 * The data the sync worker's API takes and returns (plain, structured-cloneable). The API itself,
 * `SyncApi`, is derived from its implementation in api.ts and re-exported here, so the page imports
 * every worker type from this one module, with `import type`.
 */
import type { RunCounts, RunKind } from '../domain/runs';
import type { RunId, TenantId } from '../domain/ids';
import type { ScheduledRunSkip } from '../domain/schedule';

/** Kept by the page in sessionStorage (this tab only) between leaving for Xero and the callback. */
export interface PendingAuthorization {
  readonly state: string;
  readonly codeVerifier: string;
  readonly redirectUri: string;
  readonly createdAt: number;
}

export interface Practice {
  readonly tenantId: TenantId;
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
  readonly runId: RunId;
  readonly kind: RunKind;
  readonly counts: RunCounts;
}

/** Where a reloaded /callback page resumes connecting (domain/connection.ts resumableConnectStep). */
export type ConnectResume =
  | { readonly step: 'choose'; readonly practices: Practice[] }
  | { readonly step: 'preview'; readonly practiceName: string }
  | { readonly step: 'done' }
  | { readonly step: 'start-again' };

/** What an hourly check did (S2). */
export type ScheduledOutcome =
  | { readonly ran: true; readonly outcome: RunOutcome }
  | { readonly ran: false; readonly reason: ScheduledRunSkip | 'busy' };

export interface CsvFile {
  readonly filename: string;
  readonly blob: Blob;
  readonly rows: number;
}

export type { SyncApi } from './api';
export type { AppConfig } from '../domain/config';

/** Settings → Export (U4): all local data as one JSON file, with how many of each it holds. */
export interface ExportFile {
  readonly filename: string;
  readonly blob: Blob;
  readonly counts: ExportCounts;
}

export interface ExportCounts {
  readonly contacts: number;
  readonly clients: number;
  readonly staff: number;
  readonly changes: number;
  readonly runs: number;
  readonly runLog: number;
  readonly fixList: number;
}
