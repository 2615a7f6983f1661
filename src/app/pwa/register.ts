/**
 * Registers the service worker in production builds (main.tsx). Loaded as its own chunk after the
 * first render; the registration runs from this bundled module because the CSP allows no inline script.
 */
/// <reference types="vite-plugin-pwa/vanillajs" />
import { CONFIG_URL } from '../../domain/config';
import { createAppUpdates, type AppUpdates } from './updates';

export function registerServiceWorker(win: Window): AppUpdates {
  const container = 'serviceWorker' in win.navigator ? win.navigator.serviceWorker : null;
  return createAppUpdates({
    load: () => import('virtual:pwa-register').then((module) => module.registerSW),
    host: {
      setInterval: (handler, ms) => win.setInterval(handler, ms),
      onControllerChange: (handler) => container?.addEventListener('controllerchange', handler),
    },
    warmCache: () => win.fetch(CONFIG_URL, { cache: 'no-cache' }),
    reload: () => win.location.reload(),
    onError: (cause) => console.warn('The offline copy of the app could not be installed:', cause),
  });
}
