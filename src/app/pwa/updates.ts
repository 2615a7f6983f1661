/**
 * The service worker seen from the page (U5): what the UI needs to know about new versions. A new
 * build is installed in the background and waits; the page shows "Update available — Reload" and
 * applies it only when the user asks (and no sync is running, see shell/UpdateBanner.tsx). When the
 * new version takes control (this tab or another applied it) the page must reload to use it.
 *
 * The registration itself (vite-plugin-pwa's `virtual:pwa-register`) is passed in, so this module
 * runs in component tests and never loads the service-worker glue before the first render.
 */
import { createSignal, type Accessor } from 'solid-js';
import type { RegisterSWOptions } from 'vite-plugin-pwa/types';

export interface AppUpdates {
  /** A new version is installed and waiting for the user. */
  readonly available: Accessor<boolean>;
  /** The new version controls this page: reload (as soon as no sync is running) to use it. */
  readonly reloadNeeded: Accessor<boolean>;
  /** Lets the waiting version take over; `reloadNeeded` turns true when it has. */
  apply(): Promise<void>;
  /** Reloads the page (to run the new version). */
  reload(): void;
}

/** Development builds and tests without a service worker. */
export const NO_UPDATES: AppUpdates = {
  available: () => false,
  reloadNeeded: () => false,
  apply: async () => undefined,
  reload: () => undefined,
};

/** vite-plugin-pwa's registerSW: registers the worker, returns the function that applies a waiting update. */
export type RegisterSW = (options: RegisterSWOptions) => (reloadPage?: boolean) => Promise<void>;

/**
 * An installed app can stay open for days without navigating, and browsers look for a new service
 * worker only on navigation: check hourly too (a conditional request for sw.js, no-cache).
 */
export const UPDATE_CHECK_INTERVAL_MS = 60 * 60_000;

export interface UpdateHost {
  setInterval(handler: () => void, ms: number): unknown;
  /** Calls `handler` whenever a (new) service worker takes control of this page. */
  onControllerChange(handler: () => void): void;
}

/**
 * Registers the service worker through `load()` and exposes its update state.
 *
 * A change of controller means one of two things. With an update waiting, the new version has taken
 * over (applied here or in another tab): this page runs the old code and must reload. Without one,
 * it is the first install claiming the page: config.json is fetched once through the new worker so
 * its network-first cache holds a copy before the first offline start (this first page load fetched
 * it before any worker existed). The plugin's own signal for the first case misses an update that
 * arrives in the same session as the first install, so the controller change is watched directly.
 */
export function createAppUpdates(options: {
  readonly load: () => Promise<RegisterSW>;
  readonly host: UpdateHost;
  readonly warmCache: () => Promise<unknown>;
  readonly reload: () => void;
  readonly onError: (cause: unknown) => void;
}): AppUpdates {
  const [available, setAvailable] = createSignal(false);
  const [reloadNeeded, setReloadNeeded] = createSignal(false);
  options.host.onControllerChange(() => {
    if (available()) setReloadNeeded(true);
    else void options.warmCache().catch(() => undefined);
  });
  const registered = options
    .load()
    .then((registerSW) =>
      registerSW({
        onNeedRefresh: () => setAvailable(true),
        // Replaces the plugin's own immediate reload, which would cut short a running sync.
        onNeedReload: () => setReloadNeeded(true),
        onRegisteredSW: (_url, registration) => {
          if (registration === undefined) return;
          options.host.setInterval(() => void registration.update().catch(() => undefined), UPDATE_CHECK_INTERVAL_MS);
        },
        onRegisterError: options.onError,
      }),
    )
    .catch((cause: unknown) => {
      options.onError(cause);
      return null;
    });
  return {
    available,
    reloadNeeded,
    apply: async () => {
      const update = await registered;
      await update?.();
    },
    reload: options.reload,
  };
}
