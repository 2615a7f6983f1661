/**
 * Where the end-to-end stacks listen. Each Playwright worker has its own stack (npm start's layout:
 * app, proxy = app+1, sandbox = app+2), because specs change the sandbox's practice and clock and
 * count its requests: two workers sharing one sandbox would see each other's changes.
 */

/** The first worker's app port (E2E_PORT, so that several checkouts can run the suite at once). */
const BASE_PORT = Number(process.env['E2E_PORT'] ?? 4273);

/**
 * Test files run two at a time: a spec spends most of its time waiting on the browser, the worker and
 * the sandbox, so two keep a 2-core machine busy without slowing each other's waits past their limits.
 */
export const E2E_WORKERS = 2;

/**
 * Ports between one worker's stack and the next: its app, proxy and sandbox (+0..2), the update
 * test's server (+5); response-cap.spec.ts's own stack sits 50 above the worker's app port (+50..52),
 * so the strides stay clear of it for the workers there are.
 */
const WORKER_PORT_STRIDE = 10;

/** The app port of worker `parallelIndex`'s stack. */
export function stackAppPort(parallelIndex: number): number {
  return BASE_PORT + parallelIndex * WORKER_PORT_STRIDE;
}

/** Playwright sets TEST_PARALLEL_INDEX in each worker (0 … workers-1, kept when a worker restarts). */
const app = stackAppPort(Number(process.env['TEST_PARALLEL_INDEX'] ?? 0));

/** This worker's stack. */
export const E2E_PORTS = {
  app,
  appUrl: `http://localhost:${app}`,
  sandboxUrl: `http://127.0.0.1:${app + 2}`,
  /** A second app server (same origin for every build it serves) for the update test: app+5. */
  updateApp: app + 5,
  /** A practice small enough for fast tests, messy enough to hit every rule. */
  clients: 300,
} as const;
