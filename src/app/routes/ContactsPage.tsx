/**
 * Contacts (the default route). First paint reads the first rows from the name index (a few ms,
 * whatever the store's size); the full list loads in chunks behind it and then replaces them.
 */
import { createSignal, Show, type JSX } from 'solid-js';
import { contactCount } from '../../storage/queries';
import { useAppState } from '../app-state';
import { useServices } from '../services';
import { usePageTitle } from '../primitives/usePageTitle';
import {
  CONTACT_SOURCE_LABEL,
  DEFAULT_CONTACT_SORT,
  contactFilter,
  readContactRows,
  readFirstContactRows,
  type ContactColumn,
  type ContactRow,
  type ContactSourceFilter,
  type ContactStatusFilter,
} from '../lists/contact-rows';
import { createListView } from '../lists/createListView';
import { createListRows } from '../lists/createListRows';
import { FilterSelect, ListToolbar } from '../lists/ListToolbar';
import { VirtualGrid, type GridColumn } from '../lists/VirtualGrid';
import { ContactDetail } from '../components/ContactDetail';
import { plural } from '../format';

const COLUMNS: readonly GridColumn<ContactRow, ContactColumn>[] = [
  { id: 'name', header: 'Name', sortable: true, cell: (row) => row.record.name },
  { id: 'email', header: 'Email', sortable: true, cell: (row) => row.record.email },
  { id: 'mobile', header: 'Mobile', sortable: true, cell: (row) => row.record.mobile ?? '' },
  { id: 'clients', header: 'Clients', sortable: true, cell: (row) => row.clientsLabel },
  {
    id: 'source',
    header: 'Source',
    sortable: true,
    cell: (row) => <span class={`badge badge-${row.source}`}>{CONTACT_SOURCE_LABEL[row.source]}</span>,
  },
  {
    id: 'warnings',
    header: 'Warnings',
    sortable: true,
    cell: (row) => (row.record.warnings.length === 0 ? '' : plural(row.record.warnings.length, 'warning', 'warnings')),
  },
];

const SOURCE_OPTIONS: readonly { readonly value: ContactSourceFilter; readonly label: string }[] = [
  { value: 'all', label: 'All sources' },
  { value: 'synced', label: 'Synced' },
  { value: 'manual', label: 'Manual' },
  { value: 'stale', label: 'Stale' },
  { value: 'missing', label: 'Missing in XPM' },
];

const STATUS_OPTIONS: readonly { readonly value: ContactStatusFilter; readonly label: string }[] = [
  { value: 'all', label: 'Any' },
  { value: 'warnings', label: 'With warnings' },
  { value: 'no-warnings', label: 'Without warnings' },
];

export default function ContactsPage(): JSX.Element {
  usePageTitle('Contacts');
  const { db } = useServices();
  const app = useAppState();
  const list = createListRows({
    readFirst: () => readFirstContactRows(db),
    readFull: () => readContactRows(db),
    count: () => contactCount(db),
    paused: app.runActive,
  });
  const rows = list.rows;

  const [source, setSource] = createSignal<ContactSourceFilter>('all');
  const [status, setStatus] = createSignal<ContactStatusFilter>('all');
  const view = createListView({ rows, defaultSort: DEFAULT_CONTACT_SORT, filter: () => contactFilter(source(), status()) });
  const [selectedId, setSelectedId] = createSignal<string | null>(null);

  let listArea: HTMLDivElement | undefined;
  const closeDetail = () => {
    setSelectedId(null);
    listArea?.querySelector<HTMLElement>('[role="grid"]')?.focus();
  };

  return (
    <section class="page" aria-labelledby="page-title">
      <h2 id="page-title">Contacts</h2>
      <ListToolbar
        noun="contacts"
        searchHint="Name, email or mobile"
        query={view.query()}
        onQuery={view.setQuery}
        shown={view.shown().length}
        total={list.total()}
        partial={list.partial()}
        waitingForSync={app.runActive()}
      >
        <FilterSelect id="contacts-source" label="Source" value={source()} options={SOURCE_OPTIONS} onChange={setSource} />
        <FilterSelect id="contacts-status" label="Status" value={status()} options={STATUS_OPTIONS} onChange={setStatus} />
      </ListToolbar>
      <Show when={list.failed()}>
        <p class="notice error" role="alert">
          The contacts could not be read from this browser’s storage. Reload the page to try again.
        </p>
      </Show>
      <div class="list-with-detail" classList={{ 'has-detail': selectedId() !== null }}>
        <div class="list-area" ref={listArea}>
          <Show when={!list.loading()} fallback={<p class="hint">Loading contacts…</p>}>
            <VirtualGrid
              label="Contacts"
              idPrefix="contacts"
              class="grid-contacts"
              columns={COLUMNS}
              rows={view.shown()}
              sort={view.sort()}
              onSort={view.toggleSort}
              selectedId={selectedId()}
              onActivate={(row) => setSelectedId(row.id)}
              emptyText={
                rows().length === 0
                  ? 'No contacts yet. Connect to Xero Practice Manager on the Sync page and start a sync.'
                  : 'No contacts match the search and filters.'
              }
            />
          </Show>
        </div>
        <Show when={selectedId()}>{(id) => <ContactDetail contactId={id()} onClose={closeDetail} />}</Show>
      </div>
    </section>
  );
}
