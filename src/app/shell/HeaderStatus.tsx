/** The header's connection and freshness summary: practice, connection status, last successful sync (S2). */
import { Match, Show, Switch, type JSX } from 'solid-js';
import { STALE_DATA_MS } from '../../domain/schedule';
import { useAppState } from '../app-state';
import { useServices } from '../services';
import { formatAgo, formatDateTime, isoTime } from '../format';

export function HeaderStatus(): JSX.Element {
  const app = useAppState();
  const { config } = useServices();
  const connection = () => app.connection();
  const lastSuccess = () => app.syncState().lastSuccessAt;
  const stale = () => {
    const at = lastSuccess();
    return at !== null && connection().status !== 'disconnected' && app.now() - at > STALE_DATA_MS;
  };
  return (
    <div class="header-status">
      <p class="connection">
        <Switch>
          <Match when={connection().status === 'connected'}>
            <span class="badge badge-ok">Connected</span>{' '}
            <span>
              {connection().name}
              <Show when={connection().practiceName !== null && connection().practiceName !== connection().name}>
                {' '}
                · {connection().practiceName}
              </Show>
            </span>
          </Match>
          <Match when={connection().status === 'reconnect-needed'}>
            <span class="badge badge-warning">Reconnect needed</span>{' '}
            <span>{connection().name ?? connection().practiceName}</span>
          </Match>
          <Match when={connection().status === 'authorized'}>
            <span class="badge badge-warning">Connecting not finished</span>
          </Match>
          <Match when={connection().status === 'disconnected'}>
            <span class="badge">Not connected</span>
          </Match>
        </Switch>
        <Show when={config.upstreamLabel !== 'Xero'}>
          {' '}
          <span class="badge badge-info" title="Where this app syncs from">
            {config.upstreamLabel}
          </span>
        </Show>
      </p>
      <p class="freshness">
        <Show when={lastSuccess()} fallback={<span>Not synced yet</span>}>
          {(at) => (
            <span>
              Last successful sync{' '}
              <time datetime={isoTime(at())} title={formatDateTime(at())}>
                {formatAgo(at(), app.now())}
              </time>
            </span>
          )}
        </Show>
        <Show when={stale()}>
          {' '}
          <span class="badge badge-warning">Data is more than 3 hours old</span>
        </Show>
      </p>
    </div>
  );
}
