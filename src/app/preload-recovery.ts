/**
 * Stale-chunk recovery (reliability.md PWA-2): after a deploy, a tab still running the old build can
 * ask for a lazy route chunk that no longer exists. Vite fires `vite:preloadError` first; we reload
 * once to pick up the new build. A timestamp in sessionStorage stops reload loops when the chunk is
 * really missing, and nothing happens offline (a reload would not help); the route's error boundary
 * then shows the failure instead.
 */

export const PRELOAD_RELOAD_KEY = 'xpm-contact-sync:preload-reload-at';
/** A second preload failure within this window means reloading did not help: stop and show the error. */
export const PRELOAD_RELOAD_GUARD_MS = 30_000;

export interface PreloadRecoveryEnv {
  readonly storage: Pick<Storage, 'getItem' | 'setItem'>;
  readonly online: () => boolean;
  readonly now: () => number;
  readonly reload: () => void;
}

/** Handles one preload error; true if it reloaded (and called preventDefault). */
export function recoverFromPreloadError(event: Pick<Event, 'preventDefault'>, env: PreloadRecoveryEnv): boolean {
  if (!env.online()) return false;
  const last = Number(env.storage.getItem(PRELOAD_RELOAD_KEY));
  const now = env.now();
  if (Number.isFinite(last) && last > 0 && now - last < PRELOAD_RELOAD_GUARD_MS) return false;
  env.storage.setItem(PRELOAD_RELOAD_KEY, String(now));
  event.preventDefault();
  env.reload();
  return true;
}

export function installPreloadRecovery(win: Window): void {
  win.addEventListener('vite:preloadError', (event) => {
    recoverFromPreloadError(event, {
      storage: win.sessionStorage,
      online: () => win.navigator.onLine,
      now: () => Date.now(),
      reload: () => win.location.reload(),
    });
  });
}
