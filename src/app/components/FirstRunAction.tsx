/**
 * What an empty Contacts, Clients or Staff page offers a new user (first run): the way forward, never
 * a dead hint. Not connected → "Connect to Xero Practice Manager" (it starts the sign-in here);
 * connected but the first sync not started (Later) → a "Start sync" link to the Sync page, where the
 * button is. A connection needing a reconnect has its own banner; a synced practice with no records
 * of this kind needs no action.
 */
import { Match, Switch, type JSX } from 'solid-js';
import { A } from '@solidjs/router';
import { useAppState } from '../app-state';
import { ConnectButton } from './ConnectButton';
import { START_SYNC_LABEL } from './sync/FirstSyncPreview';

export function FirstRunAction(props: { readonly noun: string }): JSX.Element {
  const app = useAppState();
  const connection = () => app.connection();
  return (
    <Switch>
      <Match when={!app.connection.loaded()}>{null}</Match>
      <Match when={connection().status === 'disconnected' || connection().status === 'authorized'}>
        <div class="first-run" data-testid="first-run">
          <p>Connect your practice to import its {props.noun} from Xero Practice Manager.</p>
          <ConnectButton />
        </div>
      </Match>
      <Match when={connection().status === 'connected' && !connection().firstSyncStarted}>
        <div class="first-run" data-testid="first-run">
          <p>
            {connection().name ?? connection().practiceName ?? 'Your practice'} is connected; its {props.noun} arrive
            with the first sync.
          </p>
          <A href="/sync" class="button primary">
            {START_SYNC_LABEL}
          </A>
        </div>
      </Match>
    </Switch>
  );
}
