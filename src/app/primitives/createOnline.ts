/**
 * Whether the browser has a network connection (navigator.onLine and its events). "Offline" is
 * reliable; "online" only means some network is up, so a sync can still fail and say why.
 */
import { createSignal, onCleanup, type Accessor } from 'solid-js';

export interface OnlineHost {
  readonly navigator: Pick<Navigator, 'onLine'>;
  addEventListener(type: 'online' | 'offline', listener: () => void): void;
  removeEventListener(type: 'online' | 'offline', listener: () => void): void;
}

export function createOnline(host: OnlineHost): Accessor<boolean> {
  const [online, setOnline] = createSignal(host.navigator.onLine);
  const update = () => setOnline(host.navigator.onLine);
  host.addEventListener('online', update);
  host.addEventListener('offline', update);
  onCleanup(() => {
    host.removeEventListener('online', update);
    host.removeEventListener('offline', update);
  });
  return online;
}
