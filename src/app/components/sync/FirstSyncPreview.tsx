/** Before the first sync (C3): what it would import, then Start sync or Later. */
import type { JSX } from 'solid-js';
import type { PreviewCounts } from '../../../worker/protocol';
import { formatCount } from '../../format';

export const START_SYNC_LABEL = 'Start sync';
export const LATER_LABEL = 'Later';

export interface FirstSyncPreviewProps {
  readonly practiceName: string;
  readonly counts: PreviewCounts;
  readonly busy: boolean;
  readonly onStart: () => void;
  readonly onLater: () => void;
}

export function FirstSyncPreview(props: FirstSyncPreviewProps): JSX.Element {
  return (
    <section class="panel" aria-labelledby="preview-title">
      <h3 id="preview-title">Ready to start the sync?</h3>
      <p>The first sync from {props.practiceName} would import:</p>
      <table class="compact">
        <caption class="visually-hidden">What the first sync would import</caption>
        <tbody>
          <tr>
            <th scope="row">Contacts</th>
            <td class="num">{formatCount(props.counts.contacts)}</td>
          </tr>
          <tr>
            <th scope="row">Clients</th>
            <td class="num">{formatCount(props.counts.clients)}</td>
          </tr>
          <tr>
            <th scope="row">Staff</th>
            <td class="num">{formatCount(props.counts.staff)}</td>
          </tr>
          <tr>
            <th scope="row">Records that cannot be imported</th>
            <td class="num">{formatCount(props.counts.rejections)}</td>
          </tr>
          <tr>
            <th scope="row">Skipped (deleted or archived in XPM)</th>
            <td class="num">{formatCount(props.counts.skipped)}</td>
          </tr>
        </tbody>
      </table>
      <p class="hint">
        After the sync, “Download Sync Summary” on the Sync page lists every record that could not be imported and how
        to fix it in XPM.
      </p>
      <div class="actions">
        <button type="button" class="button primary" disabled={props.busy} onClick={() => props.onStart()}>
          {START_SYNC_LABEL}
        </button>
        <button type="button" class="button" disabled={props.busy} onClick={() => props.onLater()}>
          {LATER_LABEL}
        </button>
      </div>
      <p class="hint">
        Later keeps the connection; a “Start sync” button on the Sync page starts it when you are ready.
      </p>
    </section>
  );
}
