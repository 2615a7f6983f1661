/** Where the end-to-end stack listens (npm start's layout: app, proxy = app+1, sandbox = app+2). */
const app = Number(process.env['E2E_PORT'] ?? 4273);

export const E2E_PORTS = {
  app,
  appUrl: `http://localhost:${app}`,
  sandboxUrl: `http://127.0.0.1:${app + 2}`,
  /** A second app server (same origin for every build it serves) for the update test: app+5. */
  updateApp: app + 5,
  /** A practice small enough for fast tests, messy enough to hit every rule. */
  clients: 300,
} as const;
