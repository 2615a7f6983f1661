/**
 * The sync figures: the first sync and Resync All (wall time, main-thread long tasks, the worker's
 * peak heap, CPU), Resync Now after 50 changed clients (response received → committed, API calls),
 * and the resume of a Resync All reloaded at half way (when the app can resume one).
 */
import type { BrowserContext, Page, Request } from '@playwright/test';
import { clickAndAwaitRun, liftCooldown, RUN_TIMEOUT_MS, type RunLabel, type TimedRun } from './app-steps';
import { armWatch, awaitWatch, clickTime, lastRunText, longTasksBetween, pageNow } from './page-probe';
import { cpuSince, cpuSnapshot, type CpuSpent } from './proc-cpu';
import type { SandboxControls } from './sandbox-controls';
import type { HeapPeak, WorkerTargets } from './worker-probe';

/** QUALITY.md: Resync Now is measured after this many clients changed in XPM. */
export const CHANGED_CLIENTS = 50;
/** QUALITY.md: the tab is reloaded at about half way through the Resync All. */
const RESUME_RELOAD_FRACTION = 0.5;

export interface RunFigure {
  readonly ms: number;
  readonly cpu: CpuSpent;
  readonly summary: string;
}

/**
 * Where a full run's wall time goes, by the client-list request as the network saw it: before it was
 * sent (the run starting: lock, token, run record), while it was received (read, evaluated and written
 * as it streams), and after its last byte (the last batch, the run's finishing transaction, the page
 * shown). Null when the request's timing was not reported.
 */
export interface RunPhases {
  readonly beforeListMs: number;
  readonly listMs: number;
  readonly afterListMs: number;
}

export interface FullRunFigure extends RunFigure {
  readonly phases: RunPhases | null;
  readonly longTasks: number;
  readonly longestTaskMs: number;
  readonly workerPeakHeapBytes: number;
  readonly heapSamples: number;
}

/** The app's worker: any dedicated worker served by the app's origin (the floor page is another context). */
export function appWorker(appUrl: string): (url: string) => boolean {
  return (url) => url.startsWith(`${appUrl}/`) && !url.includes('/__bench/');
}

/** A full run (Start sync on an empty store, or Resync All on a populated one), fully instrumented. */
export async function timedFullRun(
  page: Page,
  workers: WorkerTargets,
  appUrl: string,
  button: 'Start sync' | 'Resync All',
  label: RunLabel,
): Promise<FullRunFigure> {
  const worker = await workers.attach(appWorker(appUrl));
  const lists: Request[] = [];
  const onFinished = (request: Request) => {
    if (isClientList(request)) lists.push(request);
  };
  page.context().on('requestfinished', onFinished);
  try {
    await worker.collectGarbage();
    const stopHeap = worker.pollHeap();
    const before = cpuSnapshot();
    let run: TimedRun;
    let heap: HeapPeak;
    try {
      run = await clickAndAwaitRun(page, button, label);
    } finally {
      heap = stopHeap();
    }
    const cpu = cpuSince(before);
    const tasks = await longTasksBetween(page, run.clickAt, run.doneAt);
    const list = lists.at(-1) ?? (await lastClientList(page.context()));
    return {
      ms: Math.round(run.doneAt - run.clickAt),
      cpu,
      summary: run.summary,
      phases: list === null ? null : runPhases(list, run),
      longTasks: tasks.length,
      longestTaskMs: Math.round(Math.max(0, ...tasks.map((t) => t.duration))),
      workerPeakHeapBytes: heap.peakBytes,
      heapSamples: heap.samples,
    };
  } finally {
    page.context().off('requestfinished', onFinished);
    await worker.detach();
  }
}

/** The client-list request's event, which comes over CDP and may land after the page showed the run. */
async function lastClientList(context: BrowserContext): Promise<Request | null> {
  return context
    .waitForEvent('requestfinished', { predicate: isClientList, timeout: REQUEST_EVENT_WAIT_MS })
    .catch(() => null);
}

function runPhases(list: Request, run: TimedRun): RunPhases | null {
  const timing = list.timing();
  if (timing.responseEnd < 0) return null;
  const endAt = timing.startTime + timing.responseEnd;
  return {
    beforeListMs: Math.round(timing.startTime - run.clickAt),
    listMs: Math.round(timing.responseEnd),
    afterListMs: Math.round(run.doneAt - endAt),
  };
}

export interface IncrementalFigure extends RunFigure {
  /** Click → committed, for context. */
  readonly clickMs: number;
  readonly apiCalls: number;
  readonly responseBytes: number;
}

/** How long the worker's client-list request event may trail the run shown as done (CDP delivery). */
const REQUEST_EVENT_WAIT_MS = 10_000;

const isClientList = (request: Request): boolean => /\/client\.api\/list\b/i.test(request.url());

/** Epoch ms when the response body of a request ended (Playwright's timing is relative to its start). */
function responseEndAt(request: Request): number {
  const timing = request.timing();
  if (timing.responseEnd < 0) throw new Error(`no response timing for ${request.url()}`);
  return timing.startTime + timing.responseEnd;
}

/**
 * Resync Now after `CHANGED_CLIENTS` clients changed in the sandbox: from the client-list response
 * received (its last byte, seen on the network — the worker's fetch is reported to the page's
 * context) to the run committed and shown; plus the XPM + identity requests the sandbox counted.
 */
export async function timedIncremental(
  page: Page,
  context: BrowserContext,
  controls: SandboxControls,
): Promise<IncrementalFigure> {
  await controls.touchClients(CHANGED_CLIENTS);
  await liftCooldown(page);
  const lists: Request[] = [];
  const onFinished = (request: Request) => {
    if (isClientList(request)) lists.push(request);
  };
  context.on('requestfinished', onFinished);
  try {
    await controls.clearRequests();
    const before = cpuSnapshot();
    const run = await clickAndAwaitRun(page, 'Resync Now', 'Resync Now (Manual)');
    const cpu = cpuSince(before);
    const totals = await controls.requestTotals();
    // The worker's request events come over CDP and may land after the page showed the run.
    if (lists.length === 0) {
      await context
        .waitForEvent('requestfinished', { predicate: isClientList, timeout: REQUEST_EVENT_WAIT_MS })
        .catch(() => undefined);
    }
    const list = lists.at(-1);
    if (list === undefined) throw new Error('Resync Now: no client-list request was seen on the network');
    const sizes = await list.sizes();
    return {
      ms: Math.round(run.doneAt - responseEndAt(list)),
      clickMs: Math.round(run.doneAt - run.clickAt),
      cpu,
      summary: run.summary,
      apiCalls: totals.xpm + totals.identity,
      responseBytes: sizes.responseBodySize,
    };
  } finally {
    context.off('requestfinished', onFinished);
  }
}

export type ResumeFigure =
  | {
      readonly resumed: true;
      readonly ms: number;
      readonly cpu: CpuSpent;
      /** `client.api/list` requests the sandbox answered from the click to the end (both attempts). */
      readonly listDownloads: number;
    }
  | { readonly resumed: false; readonly outcome: string };

/**
 * A Resync All whose tab is reloaded once it has saved half the clients. The reloaded app carries the
 * run on by itself (S7); the figure is click → the run shown as Succeeded, with the sandbox's count of
 * client-list downloads over the whole run. If the run ends otherwise there is no figure, only the outcome.
 */
export async function timedResume(page: Page, clients: number, controls: SandboxControls): Promise<ResumeFigure> {
  await liftCooldown(page);
  const previous = await lastRunText(page);
  await controls.clearRequests();
  const before = cpuSnapshot();
  const since = await pageNow(page);
  await page.getByRole('button', { name: 'Resync All', exact: true }).click();
  const clickAt = await clickTime(page, 'Resync All', since);
  const half = Math.ceil(clients * RESUME_RELOAD_FRACTION);
  // Half way by the progress panel's "Clients saved" (committed, so the resumed run skips them); or
  // the run already over (nothing to reload into).
  const reached = await page.waitForFunction(
    ({ threshold, previousSummary }) => {
      for (const term of document.querySelectorAll('dt')) {
        if (term.textContent?.trim() !== 'Clients saved') continue;
        const value = Number((term.nextElementSibling?.textContent ?? '').replace(/[^\d]/g, ''));
        if (value >= threshold) return 'half';
      }
      for (const heading of document.querySelectorAll('h3')) {
        if (heading.textContent?.trim() !== 'Last sync') continue;
        const summary = (heading.parentElement?.textContent ?? '').replace(/\s+/g, ' ').trim();
        if (summary !== previousSummary && /Resync All \(Manual\)/.test(summary)) return 'finished';
      }
      return false;
    },
    { threshold: half, previousSummary: previous },
    { timeout: RUN_TIMEOUT_MS },
  );
  if ((await reached.jsonValue()) === 'finished')
    return { resumed: false, outcome: 'finished before half way could be seen in the progress panel' };
  await page.reload();
  await armWatch(page, {
    kind: 'last-run',
    pattern: 'Resync All \\(Manual\\)[^·]*·\\s*(Succeeded|Failed|Cancelled|Interrupted)',
    timeoutMs: RUN_TIMEOUT_MS,
    // The reloaded page may show the run's end before the watch is armed; it is this run's either way.
    anyText: true,
  });
  const done = await awaitWatch(page);
  if (/·\s*Succeeded/.test(done.text)) {
    const cpu = cpuSince(before);
    const listDownloads = (await controls.requestCounts())['client.api/list'] ?? 0;
    return { resumed: true, ms: Math.round(done.at - clickAt), cpu, listDownloads };
  }
  const outcome = /·\s*(\w+)/.exec(done.text)?.[1] ?? done.text.slice(0, 80);
  // A run in progress after the reload would mean the app started again rather than ending the run.
  const stillRunning = await page
    .getByRole('region', { name: /in progress/ })
    .isVisible()
    .catch(() => false);
  return { resumed: false, outcome: stillRunning ? `${outcome}, then a new run` : outcome };
}
