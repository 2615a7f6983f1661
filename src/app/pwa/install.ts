/**
 * The browser's offer to install the app (Chromium's `beforeinstallprompt`), kept so the app can show
 * its own Install button. Listened for from the start (main.tsx): the event fires once, early.
 * Browsers without the event (Safari, Firefox) install from their own menus; the app says so instead.
 */
import { createSignal, type Accessor } from 'solid-js';

/** The part of Chromium's BeforeInstallPromptEvent the app uses (not in TypeScript's DOM library). */
interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ readonly outcome: 'accepted' | 'dismissed' }>;
}

export interface InstallOffer {
  /** The browser offers to install the app now. */
  readonly available: Accessor<boolean>;
  /** The app was installed (in this session). */
  readonly installed: Accessor<boolean>;
  /** Shows the browser's install dialog; resolves with the user's choice. */
  prompt(): Promise<'accepted' | 'dismissed' | 'unavailable'>;
}

export const NO_INSTALL_OFFER: InstallOffer = {
  available: () => false,
  installed: () => false,
  prompt: async () => 'unavailable',
};

function isInstallPrompt(event: Event): event is BeforeInstallPromptEvent {
  return 'prompt' in event && typeof event.prompt === 'function' && 'userChoice' in event;
}

export function listenForInstallOffer(win: Pick<Window, 'addEventListener'>): InstallOffer {
  const [offer, setOffer] = createSignal<BeforeInstallPromptEvent | null>(null);
  const [installed, setInstalled] = createSignal(false);
  win.addEventListener('beforeinstallprompt', (event) => {
    if (!isInstallPrompt(event)) return;
    event.preventDefault(); // the app offers it where it fits (Settings), not as a browser bar
    setOffer(event);
  });
  win.addEventListener('appinstalled', () => {
    setOffer(null);
    setInstalled(true);
  });
  return {
    available: () => offer() !== null,
    installed,
    prompt: async () => {
      const event = offer();
      if (event === null) return 'unavailable';
      setOffer(null); // a prompt can be shown only once
      await event.prompt();
      return (await event.userChoice).outcome;
    },
  };
}
