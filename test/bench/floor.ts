/**
 * `floorMs`: what the browser needs just to fetch the client list the way the app does — a dedicated
 * module worker at the app's origin fetching `client.api/list?detailed=true` through the proxy with a
 * valid token and tenant header, reading the body to the end, nothing else.
 *
 * The app's CSP allows workers only from 'self', so the benchmark writes a tiny static page and worker
 * script into the built dist/ (under dist/__bench/, removed afterwards; never committed, never in the
 * app's source) and serves them through the app server with the app's own headers. The token comes
 * from the sandbox by the same sign-in the app performs (proxy/sandbox/sign-in.ts).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { MAIN_PRACTICE_NAME, signIn } from '../../proxy/sandbox/index';
import { installNameShim } from './page-probe';
import { cpuSince, cpuSnapshot, type CpuSpent } from './proc-cpu';

/**
 * Timed fetches per sample (two samples: before the first sync and after Resync All), after one
 * untimed warm-up that also fills the sandbox's serialisation cache, as the app's preview would.
 */
export const FLOOR_RUNS = 3;
/** A 50 MB list reads in about a second here; a minute means something is broken. */
const FLOOR_FETCH_TIMEOUT_MS = 120_000;

export const FLOOR_DIR = '__bench';
const FLOOR_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>floor</title></head><body><p>Benchmark floor page.</p></body></html>
`;
/** The whole worker: fetch, read every chunk, count bytes, report. */
const FLOOR_WORKER = `self.onmessage = async (event) => {
  const { url, token, tenantId } = event.data;
  const started = performance.now();
  try {
    const response = await fetch(url, {
      headers: { Authorization: 'Bearer ' + token, 'xero-tenant-id': tenantId, Accept: 'text/xml' },
      redirect: 'error',
    });
    const reader = response.body.getReader();
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
    }
    self.postMessage({ status: response.status, bytes, ms: performance.now() - started });
  } catch (error) {
    self.postMessage({ status: 0, bytes: 0, ms: 0, error: String(error) });
  }
};
`;

interface FloorFetch {
  readonly status: number;
  readonly bytes: number;
  readonly ms: number;
  readonly error?: string;
}

export interface FloorResult {
  /** Median of every timed run, fetch start → last byte read, inside the worker. */
  readonly floorMs: number;
  readonly runsMs: readonly number[];
  readonly responseBytes: number;
  /** CPU per timed run (the total over the runs divided by their number). */
  readonly cpu: CpuSpent;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function checked(result: FloorFetch): FloorFetch {
  if (result.error !== undefined || result.status !== 200 || result.bytes === 0)
    throw new Error(`floor fetch failed: HTTP ${result.status} ${result.error ?? ''} (${result.bytes} bytes)`);
  return result;
}

/**
 * The floor page and worker, open in their own browser context for the whole benchmark, so the floor
 * can be sampled both before the first sync and after Resync All: on a shared machine a single burst
 * of load would otherwise set the denominator of every ratio.
 */
export class Floor {
  private readonly runs: FloorFetch[] = [];
  private readonly spent: CpuSpent[] = [];

  private constructor(
    private readonly context: BrowserContext,
    private readonly page: Page,
    private readonly message: { readonly url: string; readonly token: string; readonly tenantId: string },
    private readonly dir: string,
  ) {}

  /** Writes the floor files into dist/, signs in to the sandbox and opens the floor page; one untimed fetch warms up. */
  static async open(
    browser: Browser,
    stack: { readonly appUrl: string; readonly proxyUrl: string; readonly sandboxUrl: string },
    distDir: string,
  ): Promise<Floor> {
    const dir = join(distDir, FLOOR_DIR);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'floor.html'), FLOOR_PAGE);
    await writeFile(join(dir, 'floor-worker.js'), FLOOR_WORKER);
    const session = await signIn(stack.sandboxUrl, { email: 'bench.floor@example.com' });
    const tenantId = session.tenantIds[MAIN_PRACTICE_NAME];
    if (tenantId === undefined) throw new Error('floor: the sandbox sign-in did not connect the main practice');
    const context = await browser.newContext();
    await installNameShim(context);
    const page = await context.newPage();
    await page.goto(`${stack.appUrl}/${FLOOR_DIR}/floor.html`);
    const floor = new Floor(
      context,
      page,
      {
        url: `${stack.proxyUrl.replace(/\/+$/, '')}/xpm/3.1/client.api/list?detailed=true`,
        token: session.accessToken,
        tenantId,
      },
      dir,
    );
    checked(await floor.fetchOnce());
    return floor;
  }

  private fetchOnce(): Promise<FloorFetch> {
    return this.page.evaluate(
      ({ message, worker, timeoutMs }) => {
        const state = window as unknown as { floorWorker?: Worker };
        state.floorWorker ??= new Worker(worker, { type: 'module', name: 'floor' });
        const w = state.floorWorker;
        return new Promise<FloorFetch>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`floor fetch took over ${timeoutMs} ms`)), timeoutMs);
          w.onmessage = (event: MessageEvent<FloorFetch>) => {
            clearTimeout(timer);
            resolve(event.data);
          };
          w.onerror = (event) => {
            clearTimeout(timer);
            reject(new Error(`floor worker failed: ${event.message}`));
          };
          w.postMessage(message);
        });
      },
      { message: this.message, worker: `/${FLOOR_DIR}/floor-worker.js`, timeoutMs: FLOOR_FETCH_TIMEOUT_MS },
    );
  }

  /** `FLOOR_RUNS` timed fetches, one after another; returns their times. */
  async sample(): Promise<number[]> {
    const before = cpuSnapshot();
    const runs: FloorFetch[] = [];
    for (let i = 0; i < FLOOR_RUNS; i++) runs.push(checked(await this.fetchOnce()));
    this.spent.push(cpuSince(before));
    this.runs.push(...runs);
    return runs.map((r) => Math.round(r.ms));
  }

  result(): FloorResult {
    const total = (pick: (cpu: CpuSpent) => number) =>
      Math.round(this.spent.reduce((sum, cpu) => sum + pick(cpu), 0) / Math.max(1, this.runs.length));
    return {
      floorMs: Math.round(median(this.runs.map((r) => r.ms))),
      runsMs: this.runs.map((r) => Math.round(r.ms)),
      responseBytes: this.runs[0]?.bytes ?? 0,
      cpu: { browserMs: total((c) => c.browserMs), workerMs: total((c) => c.workerMs), nodeMs: total((c) => c.nodeMs) },
    };
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }
}
