/**
 * Settings → Your data (U4): Export everything as one JSON file or each list as CSV (built by the
 * worker, saved under its filename), and Erase local data behind a confirmation that names what is
 * deleted. After an erase the app is as new, and connecting again starts over.
 */
import { createSignal, For, Show, type JSX } from 'solid-js';
import { A } from '@solidjs/router';
import type { WireError } from '../../../domain/errors';
import { localDataCounts, type LocalDataCounts } from '../../../storage/local-data';
import { saveBlob } from '../../download';
import { plural, pluralWord } from '../../format';
import { callWorker, useServices } from '../../services';
import { useAppState } from '../../app-state';
import { useAnnounce } from '../../primitives/announcer';
import { Dialog } from '../Dialog';
import { ErrorExplanation } from '../ErrorExplanation';

export const EXPORT_LABEL = 'Export';
export const ERASE_LABEL = 'Erase local data';

type ListName = 'contacts' | 'clients' | 'staff';
const LISTS: readonly { readonly list: ListName; readonly label: string }[] = [
  { list: 'contacts', label: 'Export contacts as CSV' },
  { list: 'clients', label: 'Export clients as CSV' },
  { list: 'staff', label: 'Export staff as CSV' },
];

export function DataSection(): JSX.Element {
  return (
    <section class="panel" aria-labelledby="data-title">
      <h3 id="data-title">Your data</h3>
      <ExportData />
      <EraseLocalData />
    </section>
  );
}

function ExportData(): JSX.Element {
  const services = useServices();
  const [busy, setBusy] = createSignal(false);
  const [done, setDone] = createSignal('');
  const [error, setError] = createSignal<WireError | null>(null);

  const run = async <T extends { readonly filename: string; readonly blob: Blob }>(
    call: () => ReturnType<typeof callWorker<T>>,
    describe: (file: T) => string,
  ) => {
    setBusy(true);
    setError(null);
    setDone('');
    const result = await call();
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    saveBlob(result.value.blob, result.value.filename);
    setDone(`Saved ${result.value.filename}${describe(result.value)}.`);
  };

  const exportAll = () =>
    run(
      () => callWorker(services, (api) => api.exportData()),
      (file) =>
        `: ${plural(file.counts.contacts, 'contact', 'contacts')}, ${plural(file.counts.clients, 'client', 'clients')}, ${plural(file.counts.staff, 'staff member', 'staff members')}, ${plural(file.counts.runs, 'run', 'runs')}`,
    );
  const exportList = (list: ListName) =>
    run(
      () => callWorker(services, (api) => api.exportListCsv(list)),
      (file) => ` (${plural(file.rows, 'row', 'rows')})`,
    );
  // The fix-list's CSV is Download Sync Summary's file (U2), offered here too so every list exports.
  const exportFixList = () =>
    run(
      () => callWorker(services, (api) => api.fixListCsv()),
      (file) => ` (${plural(file.rows, 'row', 'rows')})`,
    );

  return (
    <div class="data-export">
      <h4>Export</h4>
      <p>
        Everything this browser keeps — contacts, clients, staff, change history, run history and logs, the fix-list,
        settings and the connection (never its sign-in tokens) — as one JSON file, or each list as a CSV file for a
        spreadsheet.
      </p>
      <div class="actions">
        <button type="button" class="button" disabled={busy()} aria-busy={busy()} onClick={() => void exportAll()}>
          {EXPORT_LABEL}
        </button>
        <For each={LISTS}>
          {(entry) => (
            <button type="button" class="button" disabled={busy()} onClick={() => void exportList(entry.list)}>
              {entry.label}
            </button>
          )}
        </For>
        <button type="button" class="button" disabled={busy()} onClick={() => void exportFixList()}>
          Export the fix-list as CSV
        </button>
      </div>
      <p class="hint" role="status">
        {busy() ? 'Preparing the file…' : done()}
      </p>
      <Show when={error()}>{(e) => <ErrorExplanation error={e()} role="alert" />}</Show>
    </div>
  );
}

function EraseLocalData(): JSX.Element {
  const services = useServices();
  const app = useAppState();
  const announce = useAnnounce();
  const [counts, setCounts] = createSignal<LocalDataCounts | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [erased, setErased] = createSignal(false);
  const [error, setError] = createSignal<WireError | null>(null);
  const practice = () => {
    const connection = app.connection();
    return connection.tenantId === null ? null : (connection.practiceName ?? connection.name);
  };

  const open = async () => {
    setError(null);
    setErased(false);
    setCounts(await localDataCounts(services.db).catch(() => ({ contacts: 0, clients: 0, staff: 0, runs: 0 })));
  };
  const erase = async () => {
    setBusy(true);
    const result = await callWorker(services, (api) => api.eraseLocalData());
    setBusy(false);
    setCounts(null);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setErased(true);
    announce('Local data erased.');
  };

  return (
    <div class="data-erase">
      <h4>Erase local data</h4>
      <p>Deletes everything this app keeps in this browser. XPM is not changed. Your settings stay.</p>
      <button type="button" class="button danger" onClick={() => void open()}>
        {ERASE_LABEL}
      </button>
      <Show when={erased()}>
        <p class="notice" role="status">
          Local data erased. To start again, <A href="/sync">connect to Xero Practice Manager on the Sync page</A>.
        </p>
      </Show>
      <Show when={error()}>{(e) => <ErrorExplanation error={e()} role="alert" />}</Show>
      <Dialog open={counts() !== null} title="Erase all local data?" role="alertdialog" onClose={() => setCounts(null)}>
        <Show when={counts()}>
          {(c) => (
            <>
              <p>This deletes from this browser:</p>
              <ul data-testid="erase-list">
                <li>
                  records: {plural(c().contacts, 'contact', 'contacts')}, {plural(c().clients, 'client', 'clients')} and{' '}
                  {plural(c().staff, 'staff member', 'staff members')} (contacts you made by hand too);
                </li>
                <li>
                  history: {plural(c().runs, 'sync run', 'sync runs')}{' '}
                  {pluralWord(c().runs, 'with its log', 'with their logs')}, the fix-list and the change history of
                  every contact;
                </li>
                <li>
                  connection: {practice() === null ? 'the connection settings' : `the connection to ${practice()}`}, and
                  the hourly schedule;
                </li>
                <li>tokens: the stored Xero sign-in (it is revoked at Xero too).</li>
              </ul>
              <p>It cannot be undone. Use Export first to keep a copy. XPM is not changed, and your settings stay.</p>
            </>
          )}
        </Show>
        <div class="actions">
          <button type="button" class="button" data-autofocus onClick={() => setCounts(null)}>
            Cancel
          </button>
          <button type="button" class="button danger" disabled={busy()} aria-busy={busy()} onClick={() => void erase()}>
            Erase everything
          </button>
        </div>
      </Dialog>
    </div>
  );
}
