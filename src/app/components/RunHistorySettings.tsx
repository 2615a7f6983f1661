/**
 * Settings → Run history (bounded growth): how many runs' logs, and for how many days, this device
 * keeps. A value that is not allowed stays in its field with a message saying why; the stored value
 * is kept until a valid one replaces it. Older logs are removed after the next sync.
 */
import { createSignal, Show, type JSX } from 'solid-js';
import {
  checkKeepRunLogDays,
  checkKeepRunLogs,
  RUN_RECORDS_KEPT,
  type RetentionCheck,
  type RetentionSettings,
} from '../../domain/retention';
import { RUN_LOG_FINDINGS_CAP } from '../../domain/run-findings';
import { formatCount } from '../format';

/** A whole-number setting saved when the field is left (or Enter is pressed), only once it is valid. */
function NumberField(props: {
  readonly id: string;
  readonly label: string;
  readonly hint: string;
  readonly stored: number;
  readonly check: (text: string) => RetentionCheck;
  readonly save: (value: number) => Promise<void>;
}): JSX.Element {
  const [draft, setDraft] = createSignal<string | null>(null);
  const [problem, setProblem] = createSignal<string | null>(null);
  const commit = async (text: string) => {
    const checked = props.check(text);
    if (!checked.ok) {
      setProblem(checked.message);
      return;
    }
    setProblem(null);
    if (checked.value !== props.stored) await props.save(checked.value);
    setDraft(null);
  };
  const describedBy = () => [`${props.id}-hint`, ...(problem() === null ? [] : [`${props.id}-error`])].join(' ');
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="text"
        inputmode="numeric"
        value={draft() ?? String(props.stored)}
        aria-invalid={problem() === null ? undefined : 'true'}
        aria-describedby={describedBy()}
        onInput={(event) => setDraft(event.currentTarget.value)}
        onChange={(event) => void commit(event.currentTarget.value)}
      />
      <span id={`${props.id}-hint`} class="hint">
        {props.hint}
      </span>
      <Show when={problem()}>
        {(message) => (
          <span id={`${props.id}-error`} class="field-error" role="alert">
            {message()}
          </span>
        )}
      </Show>
    </div>
  );
}

export function RunHistorySettings(props: {
  readonly settings: RetentionSettings;
  readonly update: (change: Partial<RetentionSettings>) => Promise<void>;
}): JSX.Element {
  return (
    <>
      <h3>Run history</h3>
      <p class="hint">
        Each sync keeps a log of what it could not import (at most {formatCount(RUN_LOG_FINDINGS_CAP)} findings a run;
        beyond that, counts by reason). Older logs are removed after the next sync; the run stays in Monitoring with its
        counts (up to {formatCount(RUN_RECORDS_KEPT)} runs), and Download Sync Summary always lists every record that is
        not imported.
      </p>
      <NumberField
        id="keep-run-logs"
        label="Keep the logs of the last runs"
        hint="How many of the newest runs keep their logs (1 to 200)."
        stored={props.settings.keepRunLogs}
        check={checkKeepRunLogs}
        save={(value) => props.update({ keepRunLogs: value })}
      />
      <NumberField
        id="keep-run-log-days"
        label="Keep logs for (days)"
        hint="Logs older than this are removed, except the latest run’s (1 to 365 days)."
        stored={props.settings.keepRunLogDays}
        check={checkKeepRunLogDays}
        save={(value) => props.update({ keepRunLogDays: value })}
      />
    </>
  );
}
