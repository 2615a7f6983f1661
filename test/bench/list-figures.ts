/**
 * The list figures on a synced store (U1): the Contacts page's first rows after navigating to it, on
 * a cold load too, and search as you type.
 *
 * Search keystrokes alternate a letter and Backspace (`a`, ⌫, `e`, ⌫ …): every keystroke then changes
 * the result count — the one signal that the filtered rows are on screen whether the app filters
 * synchronously, debounced or in a worker — and each letter filters the whole list, the heaviest
 * keystroke of a search.
 */
import type { Page } from '@playwright/test';
import { UI_TIMEOUT_MS } from './app-steps';
import { armWatch, awaitWatch, clickTime, coldFirstRowMs, keyTime, pageNow } from './page-probe';

/** QUALITY.md: p95 over 20 keystrokes. */
export const SEARCH_KEYSTROKES = 20;
/**
 * Letters common in names and emails but not in every contact: not c, o or m, which every address
 * ending .com or .co.nz has (a keystroke that changes nothing could not be timed; it fails the run).
 */
const SEARCH_LETTERS = ['a', 'e', 'n', 'r', 'i', 'l', 's', 't', 'h', 'd'] as const;
/** A keystroke's result shows in milliseconds; this long means the keystroke did not change the count. */
const SEARCH_TIMEOUT_MS = 15_000;
/** Reading every contact into memory for search; 50,000 rows take a few seconds here. */
const FULL_LIST_TIMEOUT_MS = 120_000;

export interface ListFigures {
  readonly firstRowsMs: number;
  readonly coldFirstRowsMs: number;
  readonly contacts: number;
  readonly searchP95Ms: number;
  readonly searchMedianMs: number;
  readonly searchMs: readonly number[];
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** Waits until the whole list is loaded ("N of M contacts", not "Loading all …") and returns M. */
async function fullListTotal(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      for (const status of document.querySelectorAll('[role="status"]')) {
        const match = /^([\d,]+) of ([\d,]+) contacts/.exec((status.textContent ?? '').trim());
        if (match) return Number((match[2] ?? '').replace(/,/g, ''));
      }
      return false;
    },
    undefined,
    { timeout: FULL_LIST_TIMEOUT_MS },
  );
  return Number(await handle.jsonValue());
}

/** From any page of the app other than Contacts. */
export async function measureLists(page: Page, appUrl: string): Promise<ListFigures> {
  // Navigation inside the app: the "Contacts" link → the first data row on screen.
  await armWatch(page, { kind: 'grid-row', label: 'Contacts', timeoutMs: UI_TIMEOUT_MS });
  const since = await pageNow(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts', exact: true }).click();
  const clickAt = await clickTime(page, 'Contacts', since);
  const firstRowsMs = Math.round((await awaitWatch(page)).at - clickAt);
  const contacts = await fullListTotal(page);

  // A cold load of the Contacts page: navigation start → the first data row on screen.
  await page.goto(`${appUrl}/`);
  const coldFirstRowsMs = Math.round(await coldFirstRowMs(page, UI_TIMEOUT_MS));
  await fullListTotal(page);

  const search = page.getByLabel('Search contacts');
  await search.focus();
  const searchMs: number[] = [];
  for (let i = 0; i < SEARCH_KEYSTROKES; i++) {
    const key = i % 2 === 1 ? 'Backspace' : (SEARCH_LETTERS[(i / 2) % SEARCH_LETTERS.length] ?? 'a');
    await armWatch(page, { kind: 'list-count', noun: 'contacts', timeoutMs: SEARCH_TIMEOUT_MS });
    const before = await pageNow(page);
    await page.keyboard.press(key);
    const shown = await awaitWatch(page);
    searchMs.push(Math.round(shown.at - (await keyTime(page, key, before))));
  }
  return {
    firstRowsMs,
    coldFirstRowsMs,
    contacts,
    searchP95Ms: percentile(searchMs, 95),
    searchMedianMs: percentile(searchMs, 50),
    searchMs,
  };
}
