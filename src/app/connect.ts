/**
 * Starting the Xero sign-in (C1): the worker makes the PKCE verifier, state and authorize URL; the
 * page keeps the pending authorization in this tab's sessionStorage and leaves for Xero.
 */
import type { Result } from '../domain/result';
import { savePendingAuthorization } from './pending-authorization';
import { callWorker, type AppServices } from './services';

export const CALLBACK_PATH = '/callback';

export interface BrowserNavigation {
  readonly origin: string;
  readonly storage: Storage;
  readonly assign: (url: string) => void;
}

export function browserNavigation(): BrowserNavigation {
  return {
    origin: window.location.origin,
    storage: window.sessionStorage,
    assign: (url) => window.location.assign(url),
  };
}

/** Leaves for Xero's sign-in page; only returns (with the error) when that could not start. */
export async function beginConnect(
  services: AppServices,
  nav: BrowserNavigation = browserNavigation(),
): Promise<Result<void>> {
  const result = await callWorker(services, (api) => api.beginAuthorization(nav.origin + CALLBACK_PATH));
  if (!result.ok) return result;
  savePendingAuthorization(nav.storage, result.value.pending);
  nav.assign(result.value.url);
  return { ok: true, value: undefined };
}
