/**
 * The route table. Contacts (the default page) is in the main bundle so it paints without another
 * request; every other page is a lazy chunk, loaded when first visited.
 */
import { lazy, type JSX } from 'solid-js';
import { Route } from '@solidjs/router';
import ContactsPage from './ContactsPage';

const ClientsPage = lazy(() => import('./ClientsPage'));
const StaffPage = lazy(() => import('./StaffPage'));
const SyncPage = lazy(() => import('./SyncPage'));
const CallbackPage = lazy(() => import('./CallbackPage'));
const MonitoringPage = lazy(() => import('./MonitoringPage'));
const SettingsPage = lazy(() => import('./SettingsPage'));

function NotFound(): JSX.Element {
  return (
    <section class="page" aria-labelledby="page-title">
      <h2 id="page-title">Page not found</h2>
      <p>
        There is no page at this address. <a href="/">Go to Contacts</a>.
      </p>
    </section>
  );
}

export function AppRoutes(): JSX.Element {
  return (
    <>
      <Route path="/" component={ContactsPage} />
      <Route path="/clients" component={ClientsPage} />
      <Route path="/staff" component={StaffPage} />
      <Route path="/sync" component={SyncPage} />
      <Route path="/callback" component={CallbackPage} />
      <Route path="/monitoring" component={MonitoringPage} />
      <Route path="/settings" component={SettingsPage} />
      <Route path="*404" component={NotFound} />
    </>
  );
}
