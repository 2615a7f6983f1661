/**
 * The sync worker's JS heap, read through the DevTools protocol. Playwright opens CDP sessions only
 * for pages and frames, so this attaches to the worker target from the browser-level session in
 * non-flat mode and speaks to it through Target.sendMessageToTarget / receivedMessageFromTarget.
 * `Runtime.getHeapUsage` is polled while a run is timed; the peak of `usedSize` is reported. With
 * `--profile` the same session runs the worker's CPU profiler (`Profiler.start` / `Profiler.stop`).
 */
import type { Browser, CDPSession } from '@playwright/test';

/** How often the heap is read: often enough to see a batch's peak, rarely enough to cost nothing. */
export const HEAP_POLL_INTERVAL_MS = 100;
/** The app creates its worker while booting; a page that has booted has one within this time. */
const WORKER_APPEAR_TIMEOUT_MS = 30_000;
/** A heap read is a few microseconds of work in the worker; this long means the worker is gone. */
const WORKER_COMMAND_TIMEOUT_MS = 10_000;
/** `Profiler.stop` serialises every sample of the step (minutes of them at 1 ms) on a loaded machine. */
const PROFILE_STOP_TIMEOUT_MS = 120_000;

interface TargetInfo {
  readonly targetId: string;
  readonly type: string;
  readonly url: string;
}

interface WorkerReply {
  readonly id?: number;
  readonly result?: unknown;
  readonly error?: { readonly message: string };
}

export interface HeapPeak {
  /** Largest `usedSize` seen, in bytes. */
  readonly peakBytes: number;
  readonly samples: number;
}

/** One attachment to one worker target. */
export class WorkerSession {
  private nextId = 0;
  private readonly pending = new Map<number, (reply: WorkerReply) => void>();

  constructor(
    private readonly cdp: CDPSession,
    private readonly sessionId: string,
    readonly url: string,
  ) {
    cdp.on('Target.receivedMessageFromTarget', (event) => {
      if (event.sessionId !== this.sessionId) return;
      const reply = JSON.parse(event.message) as WorkerReply;
      if (reply.id === undefined) return;
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
    });
  }

  async send(
    method: string,
    params: Record<string, unknown> = {},
    timeoutMs = WORKER_COMMAND_TIMEOUT_MS,
  ): Promise<unknown> {
    const id = ++this.nextId;
    const reply = new Promise<WorkerReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`worker did not answer ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, (value) => {
        clearTimeout(timer);
        resolve(value);
      });
    });
    await this.cdp.send('Target.sendMessageToTarget', {
      sessionId: this.sessionId,
      message: JSON.stringify({ id, method, params }),
    });
    const answer = await reply;
    if (answer.error) throw new Error(`${method}: ${answer.error.message}`);
    return answer.result;
  }

  async heapUsedBytes(): Promise<number> {
    const result = (await this.send('Runtime.getHeapUsage')) as { usedSize?: number };
    return result.usedSize ?? 0;
  }

  /** A full GC, so garbage left by earlier steps (the preview, a previous run) is not counted as this run's peak. */
  async collectGarbage(): Promise<void> {
    await this.send('HeapProfiler.collectGarbage');
  }

  /** Polls the heap until the returned stop function is called; a failed read (worker gone) ends polling. */
  pollHeap(): () => HeapPeak {
    let peakBytes = 0;
    let samples = 0;
    let inFlight = false;
    let stopped = false;
    const read = () => {
      if (inFlight || stopped) return;
      inFlight = true;
      this.heapUsedBytes()
        .then((bytes) => {
          peakBytes = Math.max(peakBytes, bytes);
          samples += 1;
        })
        .catch(() => {
          stopped = true;
        })
        .finally(() => {
          inFlight = false;
        });
    };
    read();
    const timer = setInterval(read, HEAP_POLL_INTERVAL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
      return { peakBytes, samples };
    };
  }

  /** Starts V8's sampling CPU profiler in the worker (`--profile`; it slows the worker, so never during a measured run). */
  async startProfiler(samplingIntervalUs: number): Promise<void> {
    await this.send('Profiler.enable');
    await this.send('Profiler.setSamplingInterval', { interval: samplingIntervalUs });
    await this.send('Profiler.start');
  }

  /** Stops the profiler; the `Profiler.stop` answer, unchecked (cpu-profile.ts `asCpuProfile` reads it). */
  async stopProfiler(): Promise<unknown> {
    return this.send('Profiler.stop', {}, PROFILE_STOP_TIMEOUT_MS);
  }

  async detach(): Promise<void> {
    await this.cdp.send('Target.detachFromTarget', { sessionId: this.sessionId }).catch(() => undefined);
  }
}

/** Tracks the browser's worker targets and attaches to the current one of an origin. */
export class WorkerTargets {
  private readonly workers = new Map<string, TargetInfo>();
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly cdp: CDPSession) {
    const seen = (info: TargetInfo) => {
      if (info.type !== 'worker') return;
      this.workers.set(info.targetId, info);
      for (const wake of this.waiters) wake();
    };
    cdp.on('Target.targetCreated', (event) => seen(event.targetInfo));
    cdp.on('Target.targetInfoChanged', (event) => seen(event.targetInfo));
    cdp.on('Target.targetDestroyed', (event) => {
      this.workers.delete(event.targetId);
    });
  }

  static async start(browser: Browser): Promise<WorkerTargets> {
    const cdp = await browser.newBrowserCDPSession();
    const targets = new WorkerTargets(cdp);
    await cdp.send('Target.setDiscoverTargets', { discover: true });
    return targets;
  }

  private find(accept: (url: string) => boolean): TargetInfo | undefined {
    return [...this.workers.values()].filter((info) => accept(info.url)).at(-1);
  }

  /** Attaches to the newest live worker whose script URL passes `accept`, waiting for it to appear. */
  async attach(accept: (url: string) => boolean): Promise<WorkerSession> {
    let info = this.find(accept);
    if (info === undefined) {
      info = await new Promise<TargetInfo>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.waiters.delete(wake);
          reject(new Error(`no matching worker appeared within ${WORKER_APPEAR_TIMEOUT_MS} ms`));
        }, WORKER_APPEAR_TIMEOUT_MS);
        const wake = () => {
          const found = this.find(accept);
          if (found === undefined) return;
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve(found);
        };
        this.waiters.add(wake);
      });
    }
    const { sessionId } = await this.cdp.send('Target.attachToTarget', { targetId: info.targetId, flatten: false });
    return new WorkerSession(this.cdp, sessionId, info.url);
  }

  async close(): Promise<void> {
    await this.cdp.detach().catch(() => undefined);
  }
}
