/**
 * The layout the big record lists share (Contacts, Clients): title, search and filters, the
 * virtualised grid, and a detail panel for the selected row that hands focus back to the grid. The
 * grid is also where focus goes when a dialog opened on this page closes and its opener has gone.
 */
import { createSignal, Show, type JSX } from 'solid-js';
import { DialogFocusFallback } from '../primitives/modal';
import type { ListRows } from './createListRows';
import type { ListView } from './createListView';
import { ListToolbar } from './ListToolbar';
import { VirtualGrid, type GridColumn } from './VirtualGrid';

export interface RecordListPageProps<R extends { readonly id: string }, C extends string> {
  /** "Contacts": the heading and the grid's label. */
  readonly title: string;
  /** "contacts": counts, messages and element ids. */
  readonly noun: string;
  readonly searchHint: string;
  readonly list: ListRows<R>;
  readonly view: ListView<C, R>;
  readonly columns: readonly GridColumn<R, C>[];
  readonly waitingForSync: boolean;
  /** The filter controls beside the search box. */
  readonly filters: JSX.Element;
  /** Shown when there are no records at all (not merely none matching). */
  readonly emptyText: string;
  /** Shown below the empty list when there are no records at all: what to do next (first run). */
  readonly emptyAction?: JSX.Element;
  /**
   * The selected record's panel. `close` closes it and puts focus on the grid (its Close button,
   * Escape); `removed` closes it after a confirmed removal, leaving focus to the closing dialog (whose
   * opener went with the panel, so focus goes to the grid by the dialog rule).
   */
  readonly detail: (id: R['id'], close: () => void, removed: () => void) => JSX.Element;
  /** Buttons above the list (New contact, the Remove selected bar). */
  readonly actions?: JSX.Element;
}

export function RecordListPage<R extends { readonly id: string }, C extends string>(
  props: RecordListPageProps<R, C>,
): JSX.Element {
  const [selectedId, setSelectedId] = createSignal<R['id'] | null>(null);
  let listArea: HTMLDivElement | undefined;
  const grid = () => listArea?.querySelector<HTMLElement>('[role="grid"]');
  const closeDetail = () => {
    setSelectedId(null);
    grid()?.focus();
  };
  const removedDetail = () => setSelectedId(null);

  return (
    <DialogFocusFallback target={grid}>
      <section class="page" aria-labelledby="page-title">
        <h2 id="page-title">{props.title}</h2>
        <ListToolbar
          noun={props.noun}
          searchHint={props.searchHint}
          query={props.view.query()}
          onQuery={props.view.setQuery}
          shown={props.view.shown().length}
          total={props.list.total()}
          partial={props.list.partial()}
          waitingForSync={props.waitingForSync}
        >
          {props.filters}
        </ListToolbar>
        {props.actions}
        <Show when={props.list.failed()}>
          <p class="notice error" role="alert">
            The {props.noun} could not be read from this browser’s storage. Reload the page to try again.
          </p>
        </Show>
        <div class="list-with-detail" classList={{ 'has-detail': selectedId() !== null }}>
          <div class="list-area" ref={listArea}>
            <Show when={!props.list.loading()} fallback={<p class="hint">Loading {props.noun}…</p>}>
              {/* Above the grid, so it is in view on the first screen a new user sees. */}
              <Show when={props.list.rows().length === 0}>{props.emptyAction}</Show>
              <VirtualGrid
                label={props.title}
                idPrefix={props.noun}
                class={`grid-${props.noun}`}
                columns={props.columns}
                rows={props.view.shown()}
                sort={props.view.sort()}
                onSort={props.view.toggleSort}
                selectedId={selectedId()}
                onActivate={(row) => setSelectedId(row.id)}
                emptyText={
                  props.list.rows().length === 0 ? props.emptyText : `No ${props.noun} match the search and filters.`
                }
              />
            </Show>
          </div>
          {/* Keyed: opening another row while a panel is open shows that row's record, not the first one's. */}
          <Show when={selectedId()} keyed>
            {(id) => props.detail(id, closeDetail, removedDetail)}
          </Show>
        </div>
      </section>
    </DialogFocusFallback>
  );
}
