/**
 * What every screen needs from outside Solid: the sync worker's API, the database, the runtime
 * configuration. Provided once by the app root (or by a test with a fake API) through a context, so
 * components never reach for module-level singletons.
 */
import { createContext, useContext, type Accessor, type JSX } from 'solid-js';
import type { AppConfig, SyncApi } from '../worker/protocol';
import type { AppDB } from '../storage/db';
import type { Result } from '../domain/result';
import type { WireError } from '../domain/errors';
import type { AppUpdates } from './pwa/updates';
import type { InstallOffer } from './pwa/install';
import { APP_SYSTEM_CLOCK, type AppClock } from './app-clock';

/** A database event that needs the user: another tab upgraded the schema, or ours waits on an old tab. */
export type StorageNotice = 'version-changed' | 'blocked';

export interface AppServices {
  readonly api: SyncApi;
  readonly db: AppDB;
  readonly config: AppConfig;
  /** The app's one clock (app-clock.ts); the system clock when absent (component tests). */
  readonly clock?: AppClock;
  /** api.configure(config)'s answer; every call to the worker waits for it first. */
  readonly configured: Promise<Result<void>>;
  readonly storageNotice: Accessor<StorageNotice | null>;
  /** New versions of the app (service worker); absent in development and most tests. */
  readonly updates?: AppUpdates;
  /** The browser's offer to install the app, where it makes one. */
  readonly install?: InstallOffer;
}

const ServicesContext = createContext<AppServices>();

export function ServicesProvider(props: {
  readonly services: AppServices;
  readonly children: JSX.Element;
}): JSX.Element {
  return <ServicesContext.Provider value={props.services}>{props.children}</ServicesContext.Provider>;
}

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (services === undefined) throw new Error('useServices() used outside <ServicesProvider>');
  return services;
}

/** The app's clock: the services' one, or the system clock outside the providers (boot screens, tests). */
export function useClock(): AppClock {
  return useContext(ServicesContext)?.clock ?? APP_SYSTEM_CLOCK;
}

/** The worker stopped answering or threw instead of returning a Result (a bug or a crashed worker). */
export function workerFailure(cause: unknown): WireError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return {
    code: 'internal',
    message: 'The background sync worker did not answer. Reload the page to restart it.',
    retryable: false,
    detail: { upstream: detail.slice(0, 200) },
  };
}

/**
 * Calls the worker once it is configured. Never rejects: a rejected call (crashed worker, a
 * structured-clone failure) becomes an 'internal' error so the UI always has something to explain.
 */
export async function callWorker<T>(
  services: AppServices,
  call: (api: SyncApi) => Promise<Result<T>>,
): Promise<Result<T>> {
  try {
    const configured = await services.configured;
    if (!configured.ok) return configured;
    return await call(services.api);
  } catch (cause) {
    return { ok: false, error: workerFailure(cause) };
  }
}
