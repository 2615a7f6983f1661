/**
 * Instruments the app's page so every interval is measured inside the page, on the page's own clock,
 * from the user's input event to the first frame that shows the result — never by Playwright's
 * polling and never by sleeping.
 *
 * - An init script (every document of the context) records long tasks (PerformanceObserver
 *   `longtask`), every click (the button's or link's text with the event's time) and every keydown.
 * - A "watch" is armed before an action: a MutationObserver waits for a condition on the DOM (the
 *   Sync page's "Last sync" region showing a new outcome, the list's count changing, the first grid
 *   row), then reports the time of the next frame (requestAnimationFrame, then a task after it: the
 *   frame with the change has been produced).
 *
 * All times are epoch milliseconds (performance.timeOrigin + a page timestamp), so they can be
 * compared with request timings and with each other across reloads.
 */
import type { BrowserContext, Page } from '@playwright/test';

export interface LongTask {
  readonly at: number;
  readonly duration: number;
}

export interface InputEvent {
  readonly label: string;
  readonly at: number;
}

interface ProbeState {
  readonly longTasks: LongTask[];
  readonly clicks: InputEvent[];
  readonly keys: InputEvent[];
  /** performance.now() when the first data row of a grid appeared in this document (Contacts cold load). */
  firstGridRowAt: number | null;
  watch: Promise<WatchResult> | null;
}

export type WatchSpec =
  /**
   * The "Last sync" region's text matches `pattern` and (unless `anyText`) differs from what it
   * showed when armed, so the previous run's summary never satisfies it.
   */
  | { readonly kind: 'last-run'; readonly pattern: string; readonly timeoutMs: number; readonly anyText?: boolean }
  /** The list count ("N of M contacts") changes from what it showed when armed. */
  | { readonly kind: 'list-count'; readonly noun: string; readonly timeoutMs: number }
  /** The grid labelled `label` shows its first data row. */
  | { readonly kind: 'grid-row'; readonly label: string; readonly timeoutMs: number };

export interface WatchResult {
  /** Epoch ms of the first frame after the condition held. */
  readonly at: number;
  /** The watched element's text at that moment. */
  readonly text: string;
}

/** Runs in every document before the app's scripts. Self-contained: Playwright serialises it. */
function installProbe(): void {
  const state: ProbeState = { longTasks: [], clicks: [], keys: [], firstGridRowAt: null, watch: null };
  Object.defineProperty(window, '__bench', { value: state });
  const epoch = (t: number) => performance.timeOrigin + t;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        state.longTasks.push({ at: epoch(entry.startTime), duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No longtask support: the count stays empty and the report says so through the run's notes.
  }
  document.addEventListener(
    'click',
    (event) => {
      const target = event.target instanceof Element ? event.target.closest('button, a') : null;
      state.clicks.push({ label: target?.textContent?.trim() ?? '', at: epoch(event.timeStamp) });
    },
    true,
  );
  document.addEventListener(
    'keydown',
    (event) => state.keys.push({ label: event.key, at: epoch(event.timeStamp) }),
    true,
  );
  // Only where the Contacts grid can appear on load, so no observer runs on the Sync page during a sync.
  if (location.pathname === '/') {
    const observer = new MutationObserver(() => {
      if (document.querySelector('[role="grid"] [role="row"][aria-rowindex="2"]') === null) return;
      observer.disconnect();
      requestAnimationFrame(() => {
        setTimeout(() => {
          state.firstGridRowAt = performance.now();
        }, 0);
      });
    });
    observer.observe(document, { childList: true, subtree: true });
  }
}

/** Installed in the page by `armWatch`. Self-contained: Playwright serialises it. */
function startWatch(spec: WatchSpec): void {
  const state = (window as unknown as { __bench: ProbeState }).__bench;
  const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
  const lastSyncRegion = (): Element | null => {
    for (const section of document.querySelectorAll('section[aria-labelledby]')) {
      const heading = document.getElementById(section.getAttribute('aria-labelledby') ?? '');
      if (squash(heading?.textContent) === 'Last sync') return section;
    }
    return null;
  };
  const listCount = (): Element | null => {
    const pattern = new RegExp(`^[\\d,]+ of [\\d,]+ ${spec.kind === 'list-count' ? spec.noun : ''}`);
    for (const status of document.querySelectorAll('[role="status"]')) {
      if (pattern.test(squash(status.textContent))) return status;
    }
    return null;
  };
  const read = (): { element: Element | null; text: string } => {
    const element =
      spec.kind === 'last-run'
        ? lastSyncRegion()
        : spec.kind === 'list-count'
          ? listCount()
          : document.querySelector(`[role="grid"][aria-label="${spec.label}"] [role="row"][aria-rowindex="2"]`);
    return { element, text: squash(element?.textContent) };
  };
  const baseline = read().text;
  const holds = (): boolean => {
    const { element, text } = read();
    if (element === null) return false;
    if (spec.kind === 'grid-row') return true;
    if (text === baseline && !(spec.kind === 'last-run' && spec.anyText === true)) return false;
    return spec.kind === 'last-run' ? new RegExp(spec.pattern).test(text) : true;
  };
  state.watch = new Promise<WatchResult>((resolve, reject) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      observer.disconnect();
      clearTimeout(timer);
      const { text } = read();
      requestAnimationFrame(() => {
        setTimeout(() => resolve({ at: performance.timeOrigin + performance.now(), text }), 0);
      });
    };
    const observer = new MutationObserver(() => {
      if (holds()) finish();
    });
    const timer = setTimeout(() => {
      done = true;
      observer.disconnect();
      const active = document.activeElement;
      const focus = active instanceof HTMLInputElement ? ` (focus: input “${active.value}”)` : '';
      reject(
        new Error(
          `timed out after ${spec.timeoutMs} ms waiting for ${spec.kind}; it shows: ${read().text.slice(0, 300)}${focus}`,
        ),
      );
    }, spec.timeoutMs);
    observer.observe(document, { childList: true, subtree: true, characterData: true });
    if (holds()) finish();
  });
  // A rejection is read by `awaitWatch`; this only keeps it from being reported as unhandled meanwhile.
  state.watch.catch(() => undefined);
}

/**
 * tsx compiles this file with esbuild's keepNames, which wraps named inner functions in a `__name()`
 * helper that exists only in Node; functions Playwright sends to the page (`page.evaluate`,
 * `addInitScript`) would then throw "__name is not defined". The page gets an identity stand-in,
 * installed (as a string, which nothing rewrites) before any other script of the context.
 */
export async function installNameShim(context: BrowserContext): Promise<void> {
  await context.addInitScript('globalThis.__name ??= (target) => target;');
}

export async function installPageProbe(context: BrowserContext): Promise<void> {
  await installNameShim(context);
  await context.addInitScript(installProbe);
}

/** Arms a watch in the page; call before the action whose effect it waits for. */
export async function armWatch(page: Page, spec: WatchSpec): Promise<void> {
  await page.evaluate(startWatch, spec);
}

/** Waits for the armed watch to fire (the page-side timeout bounds it). */
export async function awaitWatch(page: Page): Promise<WatchResult> {
  return page.evaluate(() => {
    const state = (window as unknown as { __bench: ProbeState }).__bench;
    if (state.watch === null) throw new Error('no watch armed');
    return state.watch;
  });
}

/** The latest click on a button or link with this exact text, at or after `since` (epoch ms). */
export async function clickTime(page: Page, label: string, since: number): Promise<number> {
  const clicks = await page.evaluate(() => (window as unknown as { __bench: ProbeState }).__bench.clicks);
  const click = clicks.filter((c) => c.label === label && c.at >= since).at(-1);
  if (click === undefined) throw new Error(`the page saw no click on “${label}”`);
  return click.at;
}

/** The latest keydown of this key at or after `since`. */
export async function keyTime(page: Page, key: string, since: number): Promise<number> {
  const keys = await page.evaluate(() => (window as unknown as { __bench: ProbeState }).__bench.keys);
  const press = keys.filter((k) => k.label === key && k.at >= since).at(-1);
  if (press === undefined) throw new Error(`the page saw no keydown of “${key}”`);
  return press.at;
}

export async function longTasksBetween(page: Page, from: number, to: number): Promise<LongTask[]> {
  const tasks = await page.evaluate(() => (window as unknown as { __bench: ProbeState }).__bench.longTasks);
  return tasks.filter((task) => task.at >= from && task.at <= to);
}

/** The "Last sync" region's text now (whitespace collapsed), or '' when it is not shown. */
export function lastRunText(page: Page): Promise<string> {
  return page.evaluate(() => {
    for (const section of document.querySelectorAll('section[aria-labelledby]')) {
      const heading = document.getElementById(section.getAttribute('aria-labelledby') ?? '');
      if ((heading?.textContent ?? '').trim() === 'Last sync')
        return (section.textContent ?? '').replace(/\s+/g, ' ').trim();
    }
    return '';
  });
}

/** Epoch ms now, on the page's clock. */
export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.timeOrigin + performance.now());
}

/** Ms from navigation start to the first Contacts row of a cold load, once it has appeared. */
export async function coldFirstRowMs(page: Page, timeoutMs: number): Promise<number> {
  const handle = await page.waitForFunction(
    () => (window as unknown as { __bench: ProbeState }).__bench.firstGridRowAt,
    undefined,
    { timeout: timeoutMs },
  );
  return Number(await handle.jsonValue());
}
