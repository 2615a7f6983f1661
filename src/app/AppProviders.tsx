/** Everything above the router: services, announcements, modal layering and the shared live state. */
import type { JSX } from 'solid-js';
import { ServicesProvider, type AppServices } from './services';
import { AnnouncerProvider } from './primitives/announcer';
import { ModalProvider } from './primitives/modal';
import { AppStateProvider } from './app-state';

export function AppProviders(props: { readonly services: AppServices; readonly children: JSX.Element }): JSX.Element {
  return (
    <ServicesProvider services={props.services}>
      <AnnouncerProvider>
        <ModalProvider>
          <AppStateProvider>{props.children}</AppStateProvider>
        </ModalProvider>
      </AnnouncerProvider>
    </ServicesProvider>
  );
}
