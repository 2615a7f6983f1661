import { render } from 'solid-js/web';
import { App } from './app/App';
import { installPreloadRecovery } from './app/preload-recovery';
import { syncApi } from './worker/client';
import { NO_UPDATES } from './app/pwa/updates';
import { registerServiceWorker } from './app/pwa/register';
import { listenForInstallOffer } from './app/pwa/install';
import './app/styles/app.css';

installPreloadRecovery(window);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// The worker starts now, in parallel with the first render; the page only ever talks to it through this API.
// The service worker (offline start, updates) exists in production builds only; dev serves from source.
const updates = import.meta.env.PROD ? registerServiceWorker(window) : NO_UPDATES;
const install = listenForInstallOffer(window);
render(() => <App api={syncApi()} updates={updates} install={install} />, root);
