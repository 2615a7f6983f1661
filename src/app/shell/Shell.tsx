/**
 * The app's frame (the router's root layout): skip link, header with the connection and freshness,
 * navigation, notices, and the current page. Sidebar navigation on wide screens, a top bar on
 * tablets, and on phones a Menu button that opens the list of pages (styles/app.css).
 */
import { createEffect, createSignal, ErrorBoundary, For, on, Suspense, type JSX } from 'solid-js';
import { A, useLocation, type RouteSectionProps } from '@solidjs/router';
import { useModalLayer } from '../primitives/modal';
import { APP_NAME } from '../primitives/usePageTitle';
import { HeaderStatus } from './HeaderStatus';
import { Banners } from './Banners';

export const NAV_ITEMS: readonly { readonly href: string; readonly label: string }[] = [
  { href: '/', label: 'Contacts' },
  { href: '/clients', label: 'Clients' },
  { href: '/staff', label: 'Staff' },
  { href: '/sync', label: 'Sync' },
  { href: '/monitoring', label: 'Monitoring' },
  { href: '/settings', label: 'Settings' },
];

export const MAIN_ID = 'main';

function RouteError(props: { readonly error: unknown; readonly reset: () => void }): JSX.Element {
  return (
    <div class="notice error" role="alert">
      <p>
        <strong>This page could not be shown.</strong> If the app was just updated, reloading loads the new version.
      </p>
      <p class="hint">{props.error instanceof Error ? props.error.message : String(props.error)}</p>
      <div class="actions">
        <button type="button" class="button" onClick={() => window.location.reload()}>
          Reload
        </button>
        <button type="button" class="button" onClick={() => props.reset()}>
          Try again
        </button>
      </div>
    </div>
  );
}

export function Shell(props: RouteSectionProps): JSX.Element {
  const modal = useModalLayer();
  const location = useLocation();
  // Phones only (the button is hidden on wider screens): the navigation opens below the header.
  const [menuOpen, setMenuOpen] = createSignal(false);
  createEffect(
    on(
      () => location.pathname,
      () => setMenuOpen(false),
      { defer: true },
    ),
  );
  let main: HTMLElement | undefined;
  let menuButton: HTMLButtonElement | undefined;
  const skipToContent = (event: MouseEvent) => {
    // Moves focus (not just the scroll position) and keeps the router out of it.
    event.preventDefault();
    main?.focus();
  };
  return (
    <div class="app" ref={modal.background}>
      <a class="skip-link" href={`#${MAIN_ID}`} onClick={skipToContent}>
        Skip to content
      </a>
      <header class="app-header">
        <h1 class="brand">{APP_NAME}</h1>
        <button
          type="button"
          class="button menu-button"
          aria-expanded={menuOpen()}
          aria-controls="app-nav"
          ref={menuButton}
          onClick={() => setMenuOpen((open) => !open)}
        >
          Menu
        </button>
        <HeaderStatus />
      </header>
      <nav
        id="app-nav"
        class="app-nav"
        classList={{ 'is-open': menuOpen() }}
        aria-label="Main"
        onKeyDown={(event) => {
          if (event.key !== 'Escape' || !menuOpen()) return;
          setMenuOpen(false);
          menuButton?.focus(); // the list it was in is hidden now
        }}
      >
        <ul>
          <For each={NAV_ITEMS}>
            {(item) => (
              <li>
                <A href={item.href} end={item.href === '/'} activeClass="is-current" inactiveClass="">
                  {item.label}
                </A>
              </li>
            )}
          </For>
        </ul>
      </nav>
      <main id={MAIN_ID} class="app-main" tabIndex={-1} ref={main}>
        <Banners />
        <ErrorBoundary fallback={(error, reset) => <RouteError error={error} reset={reset} />}>
          <Suspense fallback={<p class="hint">Loading…</p>}>{props.children}</Suspense>
        </ErrorBoundary>
      </main>
    </div>
  );
}
