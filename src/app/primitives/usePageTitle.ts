/** Sets the document title for the current page ("Contacts · XPM Contact Sync"), so tabs and history say where you are. */
import { onMount } from 'solid-js';

export const APP_NAME = 'XPM Contact Sync';

export function usePageTitle(title: string): void {
  onMount(() => {
    document.title = `${title} · ${APP_NAME}`;
  });
}
