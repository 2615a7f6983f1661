/**
 * Storage (part of U4): how much this site uses, and asking the browser to keep the data
 * (navigator.storage.persist), so it is not evicted under storage pressure.
 */
import { createSignal, onMount, Show, type JSX } from 'solid-js';
import { formatBytes } from '../format';

interface Usage {
  readonly usage: number;
  readonly quota: number;
  readonly persisted: boolean;
}

export function StorageSection(): JSX.Element {
  const [usage, setUsage] = createSignal<Usage | null>(null);
  const [message, setMessage] = createSignal('');
  const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;

  const refresh = async () => {
    if (storage?.estimate === undefined) return;
    const [estimate, persisted] = await Promise.all([
      storage.estimate(),
      storage.persisted?.() ?? Promise.resolve(false),
    ]);
    setUsage({ usage: estimate.usage ?? 0, quota: estimate.quota ?? 0, persisted });
  };
  onMount(() => void refresh().catch(() => undefined));

  const persist = async () => {
    const granted = (await storage?.persist?.().catch(() => false)) ?? false;
    setMessage(
      granted
        ? 'The browser will keep this data.'
        : 'The browser did not agree to keep the data permanently (it decides based on how you use the site).',
    );
    await refresh().catch(() => undefined);
  };

  return (
    <Show when={storage?.estimate !== undefined}>
      <section class="panel" aria-labelledby="storage-title">
        <h3 id="storage-title">Storage on this device</h3>
        <Show when={usage()} fallback={<p class="hint">Measuring…</p>}>
          {(u) => (
            <>
              <p>
                This app uses {formatBytes(u().usage)} of the {formatBytes(u().quota)} the browser allows this site.
              </p>
              <p>
                {u().persisted
                  ? 'The browser keeps this data even when space runs low.'
                  : 'The browser may remove this data when space runs low.'}
              </p>
              <Show when={!u().persisted}>
                <button type="button" class="button" onClick={() => void persist()}>
                  Keep data on this device
                </button>
              </Show>
            </>
          )}
        </Show>
        <p class="hint" role="status">
          {message()}
        </p>
      </section>
    </Show>
  );
}
