/**
 * "Download Sync Summary" (U2): the standing fix-list; with a run id, "Download this run's summary"
 * (Monitoring). The worker builds the CSV; the page saves the Blob under the worker's filename.
 */
import { createSignal, Show, type JSX } from 'solid-js';
import type { WireError } from '../../../domain/errors';
import { saveBlob } from '../../download';
import { plural } from '../../format';
import { callWorker, useServices } from '../../services';
import { ErrorExplanation } from '../ErrorExplanation';
import type { RunId } from '../../../domain/ids';

export const DOWNLOAD_SUMMARY_LABEL = 'Download Sync Summary';

export function DownloadSummaryButton(props: { readonly runId?: RunId; readonly label?: string }): JSX.Element {
  const services = useServices();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<WireError | null>(null);
  const [done, setDone] = createSignal<string | null>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    const runId = props.runId;
    const result = await callWorker(services, (api) =>
      runId === undefined ? api.fixListCsv() : api.summaryCsv(runId),
    );
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    saveBlob(result.value.blob, result.value.filename);
    setDone(
      result.value.rows === 0
        ? `Saved ${result.value.filename}: every record was imported, so it has no rows.`
        : props.runId === undefined
          ? `Saved ${result.value.filename} (${plural(result.value.rows, 'problem', 'problems')} to fix in XPM).`
          : `Saved ${result.value.filename} (${plural(result.value.rows, 'problem', 'problems')} found by this sync).`,
    );
  };
  return (
    <div class="download">
      <button type="button" class="button" disabled={busy()} aria-busy={busy()} onClick={() => void download()}>
        {props.label ?? DOWNLOAD_SUMMARY_LABEL}
      </button>
      <p class="hint" role="status">
        {busy() ? 'Preparing the file…' : (done() ?? '')}
      </p>
      <Show when={error()}>{(e) => <ErrorExplanation error={e()} role="alert" />}</Show>
    </div>
  );
}
