/** "Disconnect" (C6), behind a confirmation that says what happens to the local data. */
import { createSignal, Show, type JSX } from 'solid-js';
import type { WireError } from '../../../domain/errors';
import { callWorker, useServices } from '../../services';
import { useAnnounce } from '../../primitives/announcer';
import { Dialog } from '../Dialog';
import { ErrorExplanation } from '../ErrorExplanation';

export const DISCONNECT_LABEL = 'Disconnect';

export function DisconnectSection(props: { readonly practiceName: string }): JSX.Element {
  const services = useServices();
  const announce = useAnnounce();
  const [open, setOpen] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<WireError | null>(null);
  // Once disconnected this section (and the button that opened the dialog) goes away as the
  // connection's new state arrives, after the dialog has closed: focus goes to the page's fallback.
  const [disconnected, setDisconnected] = createSignal(false);

  const disconnect = async () => {
    setBusy(true);
    setError(null);
    const result = await callWorker(services, (api) => api.disconnect());
    setBusy(false);
    setDisconnected(result.ok);
    setOpen(false);
    if (result.ok) announce(`Disconnected from ${props.practiceName}. Your local data is kept.`);
    else setError(result.error);
  };

  return (
    <section class="panel" aria-labelledby="disconnect-title">
      <h3 id="disconnect-title">Disconnect</h3>
      <p>Stop syncing with {props.practiceName}. You can connect again at any time.</p>
      <button type="button" class="button danger" onClick={() => setOpen(true)}>
        {DISCONNECT_LABEL}
      </button>
      <Show when={error()}>{(e) => <ErrorExplanation error={e()} role="alert" />}</Show>
      <Dialog
        open={open()}
        title={`Disconnect from ${props.practiceName}?`}
        role="alertdialog"
        openerGone={disconnected()}
        onClose={() => setOpen(false)}
      >
        <p>Disconnecting:</p>
        <ul>
          <li>revokes this app’s access in Xero and stops the hourly sync;</li>
          <li>
            turns every synced contact into a manual contact that keeps its XPM link, so connecting the same practice
            again relinks it;
          </li>
          <li>keeps the clients and staff here, marked “disconnected”.</li>
        </ul>
        <p>Nothing is deleted, here or in XPM.</p>
        <div class="actions">
          <button type="button" class="button" data-autofocus onClick={() => setOpen(false)}>
            Cancel
          </button>
          <button
            type="button"
            class="button danger"
            disabled={busy()}
            aria-busy={busy()}
            onClick={() => void disconnect()}
          >
            {DISCONNECT_LABEL}
          </button>
        </div>
      </Dialog>
    </section>
  );
}
