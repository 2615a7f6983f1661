/**
 * Storage (part of U4): how much this site uses — in all, as the browser reports it, and per table
 * (rows, and about how many bytes) — and asking the browser to keep the data
 * (navigator.storage.persist), so it is not evicted under storage pressure.
 */
import { createSignal, For, onMount, Show, type JSX } from 'solid-js';
import { formatBytes, formatCount } from '../format';
import { tableFootprints, type TableFootprint } from '../../storage/footprint';
import { useServices } from '../services';

/** What each table holds, in the user's words (a table not listed shows its own name). */
const TABLE_LABEL: Readonly<Record<string, string>> = {
  contactSegments: 'Contacts',
  contactKeys: 'Contacts (lookup keys)',
  clientSegments: 'Clients',
  clientKeys: 'Clients (lookup keys)',
  sourceSegments: 'Fix-list (per XPM client)',
  sourceKeys: 'Fix-list (lookup keys)',
  staff: 'Staff',
  changes: 'Contact change history',
  runLogParts: 'Run logs',
  runBatchOutcomes: 'Progress of running syncs',
  runs: 'Run history',
  kv: 'Settings and sync state',
  secrets: 'Connection (encrypted)',
};

interface Usage {
  readonly usage: number;
  readonly quota: number;
  readonly persisted: boolean;
}

/** Rows and approximate bytes per IndexedDB table. */
function TableSizes(props: { readonly tables: readonly TableFootprint[] }): JSX.Element {
  const total = () => props.tables.reduce((sum, t) => sum + (t.approxBytes ?? 0), 0);
  return (
    <table class="counts" data-testid="storage-tables">
      <caption>Stored on this device, by table (sizes are estimates)</caption>
      <thead>
        <tr>
          <th scope="col">Table</th>
          <th scope="col">Rows</th>
          <th scope="col">About</th>
        </tr>
      </thead>
      <tbody>
        <For each={props.tables}>
          {(t) => (
            <tr data-table={t.table}>
              <th scope="row">{TABLE_LABEL[t.table] ?? t.table}</th>
              <td>{formatCount(t.rows)}</td>
              <td>{t.approxBytes === null ? 'not measured' : formatBytes(t.approxBytes)}</td>
            </tr>
          )}
        </For>
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">All tables</th>
          <td>{formatCount(props.tables.reduce((sum, t) => sum + t.rows, 0))}</td>
          <td>{formatBytes(total())}</td>
        </tr>
      </tfoot>
    </table>
  );
}

export function StorageSection(): JSX.Element {
  const { db } = useServices();
  const [tables, setTables] = createSignal<readonly TableFootprint[] | null>(null);
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
  onMount(() => {
    void refresh().catch(() => undefined);
    void tableFootprints(db)
      .then(setTables)
      .catch(() => setTables([]));
  });

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
    <section class="panel" aria-labelledby="storage-title">
      <h3 id="storage-title">Storage on this device</h3>
      <Show when={storage?.estimate !== undefined}>
        <Show when={usage()} fallback={<p class="hint">Measuring…</p>}>
          {(u) => (
            <>
              <p data-testid="storage-usage">
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
      </Show>
      <Show when={tables()} fallback={<p class="hint">Measuring the tables…</p>}>
        {(list) => <TableSizes tables={list()} />}
      </Show>
      <p class="hint" role="status">
        {message()}
      </p>
    </section>
  );
}
