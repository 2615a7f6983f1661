/**
 * Request counts per endpoint and a log of recent requests, for tests and benchmarks (QUALITY.md:
 * "XPM + identity requests … counted by the sandbox"). Entries hold the method, the path without its
 * query string, the status and timings: never a token, code, verifier or query parameter.
 */

/** Enough recent requests for a test to inspect a sync run, small enough to stay cheap. */
export const MAX_LOG_ENTRIES = 1000;

export interface LoggedRequest {
  /** ISO time on the sandbox clock. */
  readonly time: string;
  readonly method: string;
  /** The path only; query strings can carry secrets and are never kept. */
  readonly path: string;
  readonly endpoint: string;
  readonly status: number;
  /** Milliseconds until the response headers were ready. */
  readonly ms: number;
}

export interface RequestReport {
  readonly counts: Readonly<Record<string, number>>;
  readonly totals: { readonly xpm: number; readonly identity: number; readonly all: number };
  readonly recent: readonly LoggedRequest[];
}

const IDENTITY = /^(authorize|token|revocation|connections|userinfo|discovery|jwks)\b/;
const XPM = /\.api\/|^xpm:/;

export class RequestLog {
  private counts = new Map<string, number>();
  private entries: LoggedRequest[] = [];

  record(entry: LoggedRequest): void {
    this.counts.set(entry.endpoint, (this.counts.get(entry.endpoint) ?? 0) + 1);
    this.entries.push(entry);
    if (this.entries.length > MAX_LOG_ENTRIES) this.entries.splice(0, this.entries.length - MAX_LOG_ENTRIES);
  }

  clear(): void {
    this.counts.clear();
    this.entries = [];
  }

  report(): RequestReport {
    const counts = Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
    let xpm = 0;
    let identity = 0;
    let all = 0;
    for (const [endpoint, n] of this.counts) {
      all += n;
      if (XPM.test(endpoint)) xpm += n;
      else if (IDENTITY.test(endpoint)) identity += n;
    }
    return { counts, totals: { xpm, identity, all }, recent: [...this.entries] };
  }
}
