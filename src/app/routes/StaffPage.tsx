/** Staff (R9 mirror): searchable by name and email; filterable by source. */
import { createEffect, createSignal, on, Show, type Accessor, type JSX } from 'solid-js';
import type { StaffRecord } from '../../domain/records';
import { isRemovableStaff } from '../../domain/record-actions';
import { DetailPanel } from '../components/DetailPanel';
import { StaffRemoveAction } from '../components/RecordActions';
import { BulkRemoveBar, withTickBox } from '../lists/BulkRemove';
import { createSelection, type Selection } from '../lists/createSelection';
import { useAppState } from '../app-state';
import { useServices } from '../services';
import { createLiveQuery } from '../primitives/createLiveQuery';
import { usePageTitle } from '../primitives/usePageTitle';
import { DialogFocusFallback } from '../primitives/modal';
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

function staffColumns(
  ticking: Accessor<Selection<StaffRow> | null>,
  practice: Accessor<PracticeLabel<StaffRow>>,
): readonly GridColumn<StaffRow, StaffColumn>[] {
  return [
    { id: 'name', header: 'Name', sortable: true, cell: (row) => withTickBox(ticking(), row, row.record.name) },
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
}

/** One staff member's detail: what is stored, and Remove when XPM no longer has them (R6). */
function StaffDetail(props: {
  readonly staff: StaffRecord;
  readonly onClose: () => void;
  /** After Remove: closes the panel without moving focus (the closing dialog returns it). */
  readonly onRemoved: () => void;
}): JSX.Element {
  return (
    <DetailPanel kind="staff" title={props.staff.name} onClose={() => props.onClose()}>
      <dl class="facts">
        <div>
          <dt>Email</dt>
          <dd>{props.staff.email}</dd>
        </div>
        <div>
          <dt>State</dt>
          <dd>{STAFF_SOURCE_LABEL[props.staff.missingInXpm ? 'missing' : props.staff.state]}</dd>
        </div>
      </dl>
      <Show when={props.staff.missingInXpm}>
        <p class="notice warning">
          <strong>Missing in XPM.</strong> The last Resync All did not find this staff member in XPM. It is kept until
          you remove it.
        </p>
      </Show>
      <StaffRemoveAction staff={props.staff} onRemoved={() => props.onRemoved()} />
      <p class="hint">Staff are read-only here: edit them in XPM (Business → Settings → Staff).</p>
    </DetailPanel>
  );
}

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
  const practice = createPracticeLabels(full, app.connection);
  const [source, setSource] = createSignal<StaffSourceFilter>('all');
  const view = createListView({ rows: full, defaultSort: DEFAULT_STAFF_SORT, filter: () => staffFilter(source()) });
  // Review (R6): filtered to staff missing in XPM, the list offers Remove selected.
  const selection = createSelection({ rows: view.shown, selectable: (row) => isRemovableStaff(row.record) });
  const reviewing = () => source() === 'missing';
  createEffect(on(source, () => selection.clear(), { defer: true }));
  const columns = staffColumns(() => (reviewing() ? selection : null), practice);
  const [selectedId, setSelectedId] = createSignal<string | null>(null);
  const selected = () => full().find((row) => row.id === selectedId())?.record;
  let listArea: HTMLDivElement | undefined;
  // As on the other lists (RecordListPage): the grid takes focus when the panel closes, and when a
  // dialog opened here closes after its opener went away.
  const grid = () => listArea?.querySelector<HTMLElement>('[role="grid"]');
  const closeDetail = () => {
    setSelectedId(null);
    grid()?.focus();
  };

  return (
    <DialogFocusFallback target={grid}>
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
          <FilterSelect
            id="staff-source"
            label="Source"
            value={source()}
            options={SOURCE_OPTIONS}
            onChange={setSource}
          />
        </ListToolbar>
        <Show when={reviewing()}>
          <BulkRemoveBar
            noun="staff"
            singular="staff member"
            selection={selection}
            request={(ids) => ({ staff: ids })}
          />
        </Show>
        <Show when={full.loaded() && full().length === 0}>
          <FirstRunAction noun="staff" />
        </Show>
        <div class="list-with-detail" classList={{ 'has-detail': selected() !== undefined }}>
          <div class="list-area" ref={listArea}>
            <Show when={full.loaded()} fallback={<p class="hint">Loading staff…</p>}>
              <VirtualGrid
                label="Staff"
                idPrefix="staff"
                class="grid-staff"
                columns={columns}
                rows={view.shown()}
                sort={view.sort()}
                onSort={view.toggleSort}
                selectedId={selectedId()}
                onActivate={(row) => setSelectedId(row.id)}
                emptyText={full().length === 0 ? 'No staff yet.' : 'No staff match the search and filters.'}
              />
            </Show>
          </div>
          <Show when={selected()}>
            {(staff) => <StaffDetail staff={staff()} onClose={closeDetail} onRemoved={() => setSelectedId(null)} />}
          </Show>
        </div>
      </section>
    </DialogFocusFallback>
  );
}
