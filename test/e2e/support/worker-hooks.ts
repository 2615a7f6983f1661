/**
 * Stops the app's sync worker at a chosen point of a run, from the test (QUALITY.md reliability 1):
 * the hook, installed in the worker's global scope before the run starts, blocks the worker's thread
 * for good when the run reaches the point, so the run is frozen exactly there (no heartbeat, no more
 * writes, its open transaction never committed) until the test closes the tab, which kills it.
 */
import { expect, type Page, type Worker } from '@playwright/test';

/** Where the run is stopped: the phases a run record goes through before it is done. */
export type KillPoint = 'connecting' | 'downloading' | 'saving' | 'finishing';

/** Bytes of the client list the worker has read when a 'downloading' kill happens (the list is ~1 MB). */
const DOWNLOADED_BEFORE_KILL = 200_000;

/** Stores holding records: a batch's commit writes these. */
const DATA_STORES = ['contactSegments', 'contactKeys', 'clientSegments', 'clientKeys', 'sourceSegments', 'sourceKeys'];

export async function syncWorker(page: Page): Promise<Worker> {
  let found: Worker | undefined;
  await expect
    .poll(() => {
      found = page.workers().find((worker) => worker.url().includes('sync.worker'));
      return found !== undefined;
    })
    .toBe(true);
  if (found === undefined) throw new Error('the sync worker was not found');
  return found;
}

/** What the hook writes on the console as it freezes the worker. */
const FROZEN_MARKER = 'e2e-worker-frozen-at:';
/** How long a run may take to reach its point on a busy machine. */
const FREEZE_WAIT_MS = 60_000;

/** Installs the hook in the page's sync worker; resolves once it is in place. */
export async function stopWorkerAt(page: Page, point: KillPoint): Promise<void> {
  const worker = await syncWorker(page);
  await worker.evaluate(
    ({ point, downloadedBeforeKill, dataStores, marker }) => {
      const scope = self as unknown as {
        fetch: typeof fetch;
        __listEnded?: boolean;
        __downloadedEnough?: boolean;
      };
      const freeze = (): never => {
        console.log(`${marker}${point}`);
        // Blocked for good: only closing the tab ends this thread.
        for (;;) {
          // frozen
        }
      };
      const realFetch = scope.fetch.bind(self);
      scope.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        const isClientList = url.includes('client.api/list');
        if (isClientList && point === 'connecting') freeze();
        const response = await realFetch(input, init);
        if (!isClientList || response.body === null) return response;
        let seen = 0;
        const body = response.body.pipeThrough(
          new TransformStream<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              seen += chunk.byteLength;
              if (seen > downloadedBeforeKill) scope.__downloadedEnough = true;
              controller.enqueue(chunk);
            },
            flush() {
              scope.__listEnded = true;
            },
          }),
        );
        return new Response(body, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        });
      };
      const shouldFreeze = (store: IDBObjectStore, value: unknown): boolean => {
        // The run's next progress write once part of the list is in: mid-download.
        if (point === 'downloading')
          return scope.__downloadedEnough === true && scope.__listEnded !== true && store.name === 'runs';
        if (scope.__listEnded !== true) return false;
        if (point === 'saving') return dataStores.includes(store.name);
        if (point === 'finishing')
          return store.name === 'runs' && (value as { status?: string } | null)?.status === 'succeeded';
        return false;
      };
      const realPut = IDBObjectStore.prototype.put;
      const realAdd = IDBObjectStore.prototype.add;
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
        if (shouldFreeze(this, value)) freeze();
        return key === undefined ? realPut.call(this, value) : realPut.call(this, value, key);
      };
      IDBObjectStore.prototype.add = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
        if (shouldFreeze(this, value)) freeze();
        return key === undefined ? realAdd.call(this, value) : realAdd.call(this, value, key);
      };
    },
    { point, downloadedBeforeKill: DOWNLOADED_BEFORE_KILL, dataStores: DATA_STORES, marker: FROZEN_MARKER },
  );
}

/** Resolves when the worker has frozen at its point (the hook says so on the console as it stops). */
export function frozen(page: Page, point: KillPoint): Promise<unknown> {
  return page.waitForEvent('console', {
    predicate: (message) => message.text() === `${FROZEN_MARKER}${point}`,
    timeout: FREEZE_WAIT_MS,
  });
}
