import { render } from 'solid-js/web';
import { App } from './app/App';
import { installPreloadRecovery } from './app/preload-recovery';
import { syncApi } from './worker/client';
import './app/styles/app.css';

installPreloadRecovery(window);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// The worker starts now, in parallel with the first render; the page only ever talks to it through this API.
render(() => <App api={syncApi()} />, root);
