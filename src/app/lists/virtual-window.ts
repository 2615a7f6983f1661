/**
 * The arithmetic of a fixed-row-height virtual list: which rows to render for a scroll position, and
 * where to scroll so a row is visible. Pure, so it is tested without a DOM; VirtualGrid.tsx uses it.
 */

/** Rows in [start, end) are rendered. */
export interface RowWindow {
  readonly start: number;
  readonly end: number;
}

/**
 * The rows visible in a viewport of `viewportHeight` px scrolled to `scrollTop` (measured from the
 * top of the first row), plus `overscan` rows on each side so fast scrolling does not show blanks.
 */
export function visibleWindow(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  rowCount: number,
  overscan: number,
): RowWindow {
  if (rowCount <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const top = Math.max(0, scrollTop);
  const first = Math.min(rowCount - 1, Math.floor(top / rowHeight));
  const lastVisible = Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight);
  const start = Math.max(0, first - overscan);
  const end = Math.min(rowCount, Math.max(first + 1, lastVisible) + overscan);
  return { start, end };
}

/**
 * The scrollTop (of a container whose first `headerHeight` px are a sticky header over the rows)
 * that brings row `index` fully into view, moving as little as possible; unchanged if it is visible.
 */
export function scrollTopToReveal(
  index: number,
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  headerHeight: number,
): number {
  const rowTop = index * rowHeight; // in scrollTop coordinates: the sticky header covers [scrollTop, scrollTop + headerHeight)
  const rowBottom = rowTop + rowHeight;
  const visibleRows = Math.max(rowHeight, viewportHeight - headerHeight);
  if (rowTop < scrollTop) return rowTop;
  if (rowBottom > scrollTop + visibleRows) return rowBottom - visibleRows;
  return scrollTop;
}

/** How many whole rows fit in the viewport (for Page Up / Page Down); at least one. */
export function rowsPerPage(viewportHeight: number, rowHeight: number, headerHeight: number): number {
  return Math.max(1, Math.floor((viewportHeight - headerHeight) / rowHeight));
}
