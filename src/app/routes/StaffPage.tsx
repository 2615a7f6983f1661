/** Staff (R9 mirror): searchable by name and email; filterable by source. */
import { createSignal, Show, type Accessor, type JSX } from 'solid-js';
import { useAppState } from '../app-state';
import { useServices } from '../services';
import { createLiveQuery } from '../primitives/createLiveQuery';
import { usePageTitle } from '../primitives/usePageTitle';
import {
  DEFAULT_STAFF_SORT,
  STAFF_SOURCE_LABEL,
  readStaffRows,
  staffFilter,
  type StaffColumn,
  type StaffRow,
  type StaffSourceFilter,
} from '../lists/staff-rows';
import { createListView } from '../lists/createListView';
import { FilterSelect, ListToolbar } from '../lists/ListToolbar';
import { VirtualGrid, type GridColumn } from '../lists/VirtualGrid';
import { FirstRunAction } from '../components/FirstRunAction';
import { PracticeOf } from '../components/PracticeOf';
import { createPracticeLabels, type PracticeLabel } from '../lists/practice-labels';

const EMPTY: readonly StaffRow[] = [];

const staffColumns = (practice: Accessor<PracticeLabel<StaffRow>>): readonly GridColumn<StaffRow, StaffColumn>[] => [
  { id: 'name', header: 'Name', sortable: true, cell: (row) => row.record.name },
  { id: 'email', header: 'Email', sortable: true, cell: (row) => row.record.email },
  {
    id: 'source',
    header: 'Source',
    sortable: true,
    cell: (row) => (
      <>
        <span class={`badge badge-${row.source}`}>{STAFF_SOURCE_LABEL[row.source]}</span>
        <PracticeOf name={practice()(row)} />
      </>
    ),
  },
];

const SOURCE_OPTIONS: readonly { readonly value: StaffSourceFilter; readonly label: string }[] = [
  { value: 'all', label: 'All sources' },
  { value: 'synced', label: 'Synced' },
  { value: 'disconnected', label: 'Disconnected' },
  { value: 'missing', label: 'Missing in XPM' },
];

export default function StaffPage(): JSX.Element {
  usePageTitle('Staff');
  const { db } = useServices();
  const app = useAppState();
  const full = createLiveQuery(() => readStaffRows(db), EMPTY, { paused: app.runActive });
  const columns = staffColumns(createPracticeLabels(full, app.connection));
  const [source, setSource] = createSignal<StaffSourceFilter>('all');
  const view = createListView({ rows: full, defaultSort: DEFAULT_STAFF_SORT, filter: () => staffFilter(source()) });

  return (
    <section class="page" aria-labelledby="page-title">
      <h2 id="page-title">Staff</h2>
      <ListToolbar
        noun="staff"
        searchHint="Name or email"
        query={view.query()}
        onQuery={view.setQuery}
        shown={view.shown().length}
        total={full().length}
        partial={false}
        waitingForSync={app.runActive()}
      >
        <FilterSelect id="staff-source" label="Source" value={source()} options={SOURCE_OPTIONS} onChange={setSource} />
      </ListToolbar>
      <Show when={full.loaded()} fallback={<p class="hint">Loading staff…</p>}>
        <Show when={full().length === 0}>
          <FirstRunAction noun="staff" />
        </Show>
        <VirtualGrid
          label="Staff"
          idPrefix="staff"
          class="grid-staff"
          columns={columns}
          rows={view.shown()}
          sort={view.sort()}
          onSort={view.toggleSort}
          emptyText={full().length === 0 ? 'No staff yet.' : 'No staff match the search and filters.'}
        />
      </Show>
    </section>
  );
}
