/**
 * The app root: loads the runtime configuration and opens the local database (in parallel), hands
 * the configuration to the sync worker once, then renders the router. The worker API is passed in
 * (main.tsx gives the real Comlink remote; tests give a fake).
 */
import { createResource, createSignal, Match, Switch, type JSX } from 'solid-js';
import { Router } from '@solidjs/router';
import type { SyncApi } from '../worker/protocol';
import type { AppDB } from '../storage/db';
import { openAppDB, type OpenAppDBHandlers } from '../storage/open';
import { type ConfigResult, describeConfigProblem } from '../domain/config';
import { loadConfig } from './boot/config';
import { ConfigErrorScreen, LoadingScreen, StorageErrorScreen } from './boot/BootScreens';
import { AppProviders } from './AppProviders';
import { Shell } from './shell/Shell';
import { AppRoutes } from './routes';
import type { AppServices, StorageNotice } from './services';
import { callWorkerConfigure, withTestClock } from './worker-configure';
import { createAppClock } from './app-clock';
import type { AppUpdates } from './pwa/updates';
import type { InstallOffer } from './pwa/install';

export interface AppProps {
  readonly api: SyncApi;
  readonly loadConfig?: () => Promise<ConfigResult>;
  readonly openDatabase?: (handlers: OpenAppDBHandlers) => Promise<AppDB>;
  /** The service worker's update state (production builds). */
  readonly updates?: AppUpdates;
  readonly install?: InstallOffer;
}

type Boot =
  | { readonly kind: 'ready'; readonly services: AppServices }
  | { readonly kind: 'config-error'; readonly message: string }
  | { readonly kind: 'storage-error'; readonly message: string };

export function App(props: AppProps): JSX.Element {
  const [storageNotice, setStorageNotice] = createSignal<StorageNotice | null>(null);
  const handlers: OpenAppDBHandlers = {
    onVersionChange: () => setStorageNotice('version-changed'),
    onBlocked: () => setStorageNotice('blocked'),
  };

  const [boot] = createResource(async (): Promise<Boot> => {
    const [configResult, dbResult] = await Promise.allSettled([
      (props.loadConfig ?? loadConfig)(),
      (props.openDatabase ?? ((h: OpenAppDBHandlers) => openAppDB(undefined, h)))(handlers),
    ]);
    if (configResult.status === 'rejected') {
      return {
        kind: 'config-error',
        message: `The app’s configuration could not be loaded (${String(configResult.reason)}).`,
      };
    }
    const loaded = configResult.value;
    if (!loaded.ok) return { kind: 'config-error', message: describeConfigProblem(loaded.problem) };
    if (dbResult.status === 'rejected') {
      const reason: unknown = dbResult.reason;
      return { kind: 'storage-error', message: reason instanceof Error ? reason.message : String(reason) };
    }
    const config = loaded.config;
    const api = props.api;
    const configuring = callWorkerConfigure(api, config);
    const clock = createAppClock(
      config,
      { storage: window.localStorage, addEventListener: (type, listener) => window.addEventListener(type, listener) },
      window as unknown as Record<string, unknown>,
      async (offsetMs) => {
        const configured = await configuring;
        const moved = configured.ok ? await api.setTestClockOffset(offsetMs) : configured;
        if (!moved.ok) throw new Error(moved.error.message);
      },
    );
    return {
      kind: 'ready',
      services: {
        api,
        db: dbResult.value,
        config,
        clock,
        // On a test stack the worker starts on the page's (possibly moved) clock before any call.
        configured: config.testClock === true ? configuring.then((r) => withTestClock(api, r, clock)) : configuring,
        storageNotice,
        ...(props.updates === undefined ? {} : { updates: props.updates }),
        ...(props.install === undefined ? {} : { install: props.install }),
      },
    };
  });

  const bootAs = <K extends Boot['kind']>(kind: K): Extract<Boot, { kind: K }> | false => {
    const current = boot();
    return current?.kind === kind ? (current as Extract<Boot, { kind: K }>) : false;
  };

  return (
    <Switch fallback={<LoadingScreen />}>
      <Match when={boot.error !== undefined}>
        <StorageErrorScreen message={String(boot.error)} />
      </Match>
      <Match when={bootAs('config-error')}>{(b) => <ConfigErrorScreen message={b().message} />}</Match>
      <Match when={bootAs('storage-error')}>{(b) => <StorageErrorScreen message={b().message} />}</Match>
      <Match when={bootAs('ready')}>
        {(b) => (
          <AppProviders services={b().services}>
            <Router root={Shell}>
              <AppRoutes />
            </Router>
          </AppProviders>
        )}
      </Match>
    </Switch>
  );
}
