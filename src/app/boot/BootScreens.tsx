/** What shows before the app can run: loading, a bad configuration, or unusable local storage. */
import type { JSX } from 'solid-js';
import { APP_NAME } from '../primitives/usePageTitle';

function BootFrame(props: { readonly children: JSX.Element }): JSX.Element {
  return (
    <main class="boot" id="main">
      <h1 class="brand">{APP_NAME}</h1>
      {props.children}
    </main>
  );
}

export function LoadingScreen(): JSX.Element {
  return (
    <BootFrame>
      <p role="status">Loading…</p>
    </BootFrame>
  );
}

export function ConfigErrorScreen(props: { readonly message: string }): JSX.Element {
  return (
    <BootFrame>
      <div class="notice error" role="alert">
        <h2>The app is not configured correctly</h2>
        <p>{props.message}</p>
        <p>Whoever deployed this app needs to fix config.json; then reload this page.</p>
      </div>
    </BootFrame>
  );
}

export function StorageErrorScreen(props: { readonly message: string }): JSX.Element {
  return (
    <BootFrame>
      <div class="notice error" role="alert">
        <h2>The local database could not be opened</h2>
        <p>{props.message}</p>
        <p>
          This app keeps its data in this browser’s storage (IndexedDB). Private windows and some privacy settings block
          it. Close other tabs of this app and reload.
        </p>
        <button type="button" class="button" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    </BootFrame>
  );
}
