import { describe, expect, it } from 'vitest';
import { rowsPerPage, scrollTopToReveal, visibleWindow } from '../../src/app/lists/virtual-window';

describe('visibleWindow', () => {
  it('renders the rows in view plus the overscan, clamped to the list', () => {
    expect(visibleWindow(0, 400, 40, 1000, 5)).toEqual({ start: 0, end: 15 });
    expect(visibleWindow(4000, 400, 40, 1000, 5)).toEqual({ start: 95, end: 115 });
    expect(visibleWindow(39_600, 400, 40, 1000, 5)).toEqual({ start: 985, end: 1000 });
  });

  it('handles an empty list, a tiny list and a scroll position past the end', () => {
    expect(visibleWindow(0, 400, 40, 0, 5)).toEqual({ start: 0, end: 0 });
    expect(visibleWindow(0, 400, 40, 3, 5)).toEqual({ start: 0, end: 3 });
    expect(visibleWindow(1e9, 400, 40, 10, 2)).toEqual({ start: 7, end: 10 });
    expect(visibleWindow(-50, 400, 40, 100, 0)).toEqual({ start: 0, end: 10 });
  });

  it('always renders at least one row for a zero-height viewport', () => {
    expect(visibleWindow(80, 0, 40, 100, 0)).toEqual({ start: 2, end: 3 });
  });

  it('the window never exceeds the viewport plus twice the overscan (plus one partly visible row)', () => {
    for (let scrollTop = 0; scrollTop < 400_000; scrollTop += 9_137) {
      const { start, end } = visibleWindow(scrollTop, 720, 40, 50_000, 8);
      expect(end - start).toBeLessThanOrEqual(720 / 40 + 1 + 16);
      expect(start).toBeGreaterThanOrEqual(0);
      expect(end).toBeLessThanOrEqual(50_000);
    }
  });
});

describe('scrollTopToReveal', () => {
  // viewport 440 px with a 40 px sticky header: 10 rows visible.
  it('leaves the scroll position alone when the row is visible', () => {
    expect(scrollTopToReveal(5, 0, 440, 40, 40)).toBe(0);
    expect(scrollTopToReveal(9, 0, 440, 40, 40)).toBe(0);
  });

  it('scrolls down just enough to show a row below the viewport', () => {
    expect(scrollTopToReveal(10, 0, 440, 40, 40)).toBe(40);
    expect(scrollTopToReveal(99, 0, 440, 40, 40)).toBe(3600);
  });

  it('scrolls up to a row above the viewport (below the sticky header)', () => {
    expect(scrollTopToReveal(3, 400, 440, 40, 40)).toBe(120);
  });

  it('counts whole rows per page', () => {
    expect(rowsPerPage(440, 40, 40)).toBe(10);
    expect(rowsPerPage(10, 40, 40)).toBe(1);
  });
});
