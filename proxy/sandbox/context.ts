/** What every handler of the sandbox shares: settings, the clock and the state of each service. */
import type { SandboxClock } from './clock';
import type { FaultQueue } from './controls/faults';
import type { RequestLog } from './controls/request-log';
import type { PracticeStore } from './data/practice-store';
import type { Organisation } from './data/tenants';
import type { GrantStore } from './identity/grants';
import type { ApiShape, ApiShapeSwitch } from './xpm/api-shape';
import type { ClientFragmentCache } from './xpm/client-xml';
import type { RateLimiter } from './xpm/rate-limit';

export interface SandboxSettings {
  readonly clients: number;
  readonly seed: number;
  readonly testControls: boolean;
  /** The one client id the identity service accepts. */
  readonly clientId: string;
  /** Redirect URIs accepted exactly, besides any loopback URL. */
  readonly redirectUris: readonly string[];
  /** The app's name on the consent page. */
  readonly appName: string;
  readonly dailyLimit: number;
  /** The shape `/practicemanager/3.1/` answers in at start and after a reset. */
  readonly apiShape: ApiShape;
  /** The public origin (issuer, WebUrl, pagination links); null: each request's own origin. */
  readonly publicUrl: string | null;
}

export interface Practice {
  readonly store: PracticeStore;
  readonly fragments: ClientFragmentCache;
}

export interface SandboxContext {
  readonly settings: SandboxSettings;
  readonly clock: SandboxClock;
  readonly organisations: readonly Organisation[];
  /** XPM practices by tenant id. */
  readonly practices: ReadonlyMap<string, Practice>;
  /** The shape `/practicemanager/3.1/` answers in now (the runtime switch changes it). */
  readonly apiShape: ApiShapeSwitch;
  readonly grants: GrantStore;
  readonly limiter: RateLimiter;
  readonly faults: FaultQueue;
  readonly requests: RequestLog;
}

/** One request as the router sees it. */
export interface Exchange {
  readonly request: Request;
  readonly url: URL;
  /** The sandbox's public origin for this request (issuer, links). */
  readonly origin: string;
  /** The endpoint name it is counted under; a handler may refine it (e.g. the token grant type). */
  endpoint: string;
}
