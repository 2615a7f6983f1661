/** "Connect to Xero Practice Manager" (C1): leaves for Xero's sign-in page, or explains why it could not. */
import { createSignal, Show, type JSX } from 'solid-js';
import type { WireError } from '../../domain/errors';
import { beginConnect, type BrowserNavigation } from '../connect';
import { useServices } from '../services';
import { useAppState } from '../app-state';
import { ErrorExplanation } from './ErrorExplanation';

export const CONNECT_LABEL = 'Connect to Xero Practice Manager';

export function ConnectButton(props: {
  readonly label?: string;
  readonly class?: string;
  readonly navigation?: BrowserNavigation;
}): JSX.Element {
  const services = useServices();
  const app = useAppState();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<WireError | null>(null);
  const connect = async () => {
    setBusy(true);
    setError(null);
    const result = await beginConnect(services, props.navigation);
    // On success the page is navigating away; keep the button disabled until it does.
    if (!result.ok) {
      setBusy(false);
      setError(result.error);
    }
  };
  return (
    <>
      <button
        type="button"
        class={props.class ?? 'button primary'}
        disabled={busy() || !app.online()}
        aria-busy={busy()}
        onClick={() => void connect()}
      >
        {props.label ?? CONNECT_LABEL}
      </button>
      <Show when={!app.online()}>
        <p class="hint">You are offline: connecting needs Xero’s sign-in page.</p>
      </Show>
      <Show when={error()}>{(e) => <ErrorExplanation error={e()} role="alert" />}</Show>
    </>
  );
}
