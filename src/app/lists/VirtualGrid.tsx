/**
 * A virtualised, keyboard-operable data grid with fixed row heights: only the rows in view (plus a
 * few either side) exist in the DOM, so 50,000 rows cost the same to render as 50.
 *
 * Accessibility: role="grid" with aria-rowcount/aria-rowindex (so assistive technology knows the
 * real size), sortable column headers with aria-sort, and one tab stop: the grid itself is focused
 * and the active row is exposed through aria-activedescendant. Arrow keys, Page Up/Down, Home/End
 * move; Enter or Space opens the row.
 */
import { createEffect, createMemo, createSignal, For, Index, onCleanup, onMount, Show, type JSX } from 'solid-js';
import type { SortState } from './sort';
import { rowsPerPage, scrollTopToReveal, visibleWindow } from './virtual-window';

/** Every row (and the header) is this tall; the CSS reads it from --row-height so the two never disagree. */
export const ROW_HEIGHT_PX = 40;
/**
 * Rows rendered above and below the viewport: enough to cover a fast wheel flick between two scroll
 * events, few enough that a scroll re-renders only a handful of cells.
 */
export const OVERSCAN_ROWS = 8;
/**
 * Assumed viewport height before the grid is measured (first render, or jsdom which has no layout):
 * about a laptop screen, so the first paint already shows a full screen of rows.
 */
export const FALLBACK_VIEWPORT_PX = 720;

export interface GridColumn<R, C extends string> {
  readonly id: C;
  readonly header: string;
  /** The cell's content; called reactively, so it may read signals. */
  readonly cell: (row: R) => JSX.Element;
  readonly sortable?: boolean;
}

export interface VirtualGridProps<R extends { readonly id: string }, C extends string> {
  /** Accessible name of the grid, e.g. "Contacts". */
  readonly label: string;
  /** Prefix for row element ids (aria-activedescendant), unique on the page. */
  readonly idPrefix: string;
  /** Class setting the column layout (grid-template-columns) for this list. */
  readonly class: string;
  readonly columns: readonly GridColumn<R, C>[];
  readonly rows: readonly R[];
  readonly sort?: SortState<C>;
  readonly onSort?: (column: C) => void;
  /** The row whose detail is open (aria-selected). */
  readonly selectedId?: string | null;
  readonly onActivate?: (row: R) => void;
  /** Shown instead of rows when there are none. */
  readonly emptyText: string;
}

/** A cell's hover title: its text, when the content is plain text. */
function textTitle(content: JSX.Element): string | undefined {
  return typeof content === 'string' && content !== '' ? content : undefined;
}

export function VirtualGrid<R extends { readonly id: string }, C extends string>(
  props: VirtualGridProps<R, C>,
): JSX.Element {
  let scroller: HTMLDivElement | undefined;
  const [scrollTop, setScrollTop] = createSignal(0);
  const [viewport, setViewport] = createSignal(FALLBACK_VIEWPORT_PX);
  const [active, setActive] = createSignal(0);

  const count = () => props.rows.length;
  const range = createMemo(() =>
    visibleWindow(scrollTop(), viewport() - ROW_HEIGHT_PX, ROW_HEIGHT_PX, count(), OVERSCAN_ROWS),
  );
  const windowRows = createMemo(() => props.rows.slice(range().start, range().end));
  const rowId = (id: string) => `${props.idPrefix}-row-${id}`;

  // Keep the active row inside the list when it shrinks (e.g. a search narrows it).
  createEffect(() => {
    const n = count();
    if (active() >= n) setActive(Math.max(0, n - 1));
  });

  const activeDescendant = () => {
    const index = active();
    const { start, end } = range();
    const row = props.rows[index];
    return row !== undefined && index >= start && index < end ? rowId(row.id) : undefined;
  };

  const measure = () => {
    if (scroller === undefined) return;
    const height = scroller.clientHeight;
    setViewport(height > 0 ? height : FALLBACK_VIEWPORT_PX);
  };

  onMount(() => {
    // Through the CSSOM, not a style attribute: the compiler would inline a constant style into
    // the template's HTML, which the production CSP (style-src 'self') blocks.
    scroller?.style.setProperty('--row-height', `${ROW_HEIGHT_PX}px`);
    measure();
    if (typeof ResizeObserver === 'undefined' || scroller === undefined) return;
    const observer = new ResizeObserver(measure);
    observer.observe(scroller);
    onCleanup(() => observer.disconnect());
  });

  const moveTo = (index: number) => {
    const n = count();
    if (n === 0) return;
    const next = Math.min(n - 1, Math.max(0, index));
    setActive(next);
    if (scroller === undefined) return;
    const target = scrollTopToReveal(next, scroller.scrollTop, viewport(), ROW_HEIGHT_PX, ROW_HEIGHT_PX);
    if (target !== scroller.scrollTop) {
      scroller.scrollTop = target;
      setScrollTop(target);
    }
  };

  const activate = (index: number) => {
    const row = props.rows[index];
    if (row !== undefined) props.onActivate?.(row);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.target !== scroller) return; // keys on the header's sort buttons keep their own meaning
    const page = rowsPerPage(viewport(), ROW_HEIGHT_PX, ROW_HEIGHT_PX);
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(active() + 1),
      ArrowUp: () => moveTo(active() - 1),
      PageDown: () => moveTo(active() + page),
      PageUp: () => moveTo(active() - page),
      Home: () => moveTo(0),
      End: () => moveTo(count() - 1),
      Enter: () => activate(active()),
      ' ': () => activate(active()),
    };
    const action = keys[event.key];
    if (action === undefined) return;
    event.preventDefault();
    action();
  };

  const ariaSort = (column: GridColumn<R, C>): 'ascending' | 'descending' | 'none' | undefined => {
    if (!column.sortable) return undefined;
    return props.sort?.column === column.id ? props.sort.direction : 'none';
  };

  return (
    <>
      <div
        ref={scroller}
        class={`vgrid ${props.class}`}
        role="grid"
        aria-label={props.label}
        aria-rowcount={count() + 1}
        aria-colcount={props.columns.length}
        aria-activedescendant={activeDescendant()}
        aria-readonly="true"
        tabIndex={0}
        onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
        onKeyDown={onKeyDown}
      >
        <div role="rowgroup" class="vgrid-head">
          <div role="row" class="vrow" aria-rowindex={1}>
            <For each={props.columns}>
              {(column) => (
                <div role="columnheader" class="vcell" aria-sort={ariaSort(column)}>
                  <Show when={column.sortable && props.onSort} fallback={column.header}>
                    <button type="button" class="sort-button" onClick={() => props.onSort?.(column.id)}>
                      {column.header}
                    </button>
                  </Show>
                </div>
              )}
            </For>
          </div>
        </div>
        <div role="rowgroup" class="vgrid-body" style={{ height: `${count() * ROW_HEIGHT_PX}px` }}>
          <div class="vgrid-window" style={{ transform: `translateY(${range().start * ROW_HEIGHT_PX}px)` }}>
            <Index each={windowRows()}>
              {(row, offset) => {
                const index = () => range().start + offset;
                return (
                  <div
                    role="row"
                    id={rowId(row().id)}
                    class="vrow"
                    classList={{ 'is-active': index() === active(), 'is-selected': row().id === props.selectedId }}
                    aria-rowindex={index() + 2}
                    aria-selected={row().id === props.selectedId}
                    onClick={() => {
                      setActive(index());
                      activate(index());
                    }}
                  >
                    <For each={props.columns}>
                      {(column) => {
                        const content = createMemo(() => column.cell(row()));
                        // Cells are one line and cut long text with an ellipsis: the full text is the
                        // hover title (components such as MobileNumber carry their own).
                        return (
                          <div role="gridcell" class="vcell" title={textTitle(content())}>
                            {content()}
                          </div>
                        );
                      }}
                    </For>
                  </div>
                );
              }}
            </Index>
          </div>
        </div>
      </div>
      <Show when={count() === 0}>
        <p class="vgrid-empty">{props.emptyText}</p>
      </Show>
    </>
  );
}
