/**
 * Settings → Run history (bounded growth): how many runs' logs, and for how many days, this device
 * keeps. A value that is not allowed stays in its field with a message saying why; the stored value
 * is kept until a valid one replaces it. Older logs are removed after the next sync.
 */
import type { JSX } from 'solid-js';
import {
  checkKeepRunLogDays,
  checkKeepRunLogs,
  RUN_RECORDS_KEPT,
  type RetentionSettings,
} from '../../domain/retention';
import { RUN_LOG_FINDINGS_CAP } from '../../domain/run-findings';
import { formatCount } from '../format';
import { ValidatedField } from './settings/ValidatedField';

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
      <ValidatedField
        id="keep-run-logs"
        inputMode="numeric"
        show={String}
        label="Keep the logs of the last runs"
        hint="How many of the newest runs keep their logs (1 to 200)."
        stored={props.settings.keepRunLogs}
        check={checkKeepRunLogs}
        save={(value) => props.update({ keepRunLogs: value })}
      />
      <ValidatedField
        id="keep-run-log-days"
        inputMode="numeric"
        show={String}
        label="Keep logs for (days)"
        hint="Logs older than this are removed, except the latest run’s (1 to 365 days)."
        stored={props.settings.keepRunLogDays}
        check={checkKeepRunLogDays}
        save={(value) => props.update({ keepRunLogDays: value })}
      />
    </>
  );
}
