/**
 * "Update available — Reload" (U5). A new version of the app waits until the user reloads, and the
 * reload is never applied while a sync is running (reloading would stop it halfway). When the new
 * version has taken control (the user pressed Reload here or in another tab), this tab reloads as
 * soon as no sync is running.
 */
import { createEffect, createSignal, Show, type JSX } from 'solid-js';
import { useAppState } from '../app-state';
import { useServices } from '../services';
import { NO_UPDATES } from '../pwa/updates';

export const UPDATE_RELOAD_LABEL = 'Reload';

export function UpdateBanner(): JSX.Element {
  const updates = useServices().updates ?? NO_UPDATES;
  const app = useAppState();
  const [applying, setApplying] = createSignal(false);

  createEffect(() => {
    if (updates.reloadNeeded() && !app.runActive()) updates.reload();
  });

  const apply = async () => {
    if (app.runActive()) return;
    setApplying(true);
    await updates.apply();
  };

  return (
    <Show when={updates.available()}>
      <div class="banner info" role="status">
        <p>
          <strong>Update available</strong> —{' '}
          <span id="update-hint">
            {app.runActive()
              ? 'reload once the sync in progress has finished.'
              : 'reload to use the new version of the app.'}
          </span>
        </p>
        <button
          type="button"
          class="button"
          disabled={app.runActive() || applying()}
          aria-describedby="update-hint"
          onClick={() => void apply()}
        >
          {UPDATE_RELOAD_LABEL}
        </button>
      </div>
    </Show>
  );
}
