/**
 * An error explained in plain words: what went wrong, the specific reason where it is written for
 * people, what to do (with steps where there are some), and the technical detail (code, status, the
 * server's text) behind a "Details" disclosure for whoever supports the app.
 */
import { For, Show, type JSX } from 'solid-js';
import type { WireError } from '../../domain/errors';
import { errorDetailMessage, errorHelp, errorTechnicalDetails } from '../error-help';
import { formatDateTime, formatTime } from '../format';
import { useClock } from '../services';

export interface ErrorExplanationProps {
  readonly error: WireError;
  /** 'alert' when the error appears in response to the user's action (announced at once). */
  readonly role?: 'alert';
  /** Buttons such as "Try again". */
  readonly children?: JSX.Element;
  /** Start of the text, e.g. "The last sync failed: ". */
  readonly lead?: string;
  /** Only the title and the details: the same state is already explained nearby (one sentence per state). */
  readonly compact?: boolean;
  /** What a failed run left in the store (runAppliedText), said before what to do (M8). */
  readonly outcome?: string | null;
  /** Leave out "Syncing resumes after …": it is said beside it (a paused run's status, S8). */
  readonly retryShownNearby?: boolean;
  /**
   * Said once in place of the reason, what to do and when syncing resumes: a rate-limit pause's
   * meaning on the Sync page (S8), where the worker's sentence and the general help said it twice more.
   */
  readonly meaning?: string | undefined;
}

function retryText(retryAt: number | undefined, now: number): string | null {
  if (retryAt === undefined || !Number.isFinite(retryAt)) return null;
  const sameDay = new Date(retryAt).toDateString() === new Date(now).toDateString();
  return `Syncing resumes after ${sameDay ? formatTime(retryAt) : formatDateTime(retryAt)}.`;
}

export function ErrorExplanation(props: ErrorExplanationProps): JSX.Element {
  const help = () => errorHelp(props.error.code);
  const clock = useClock();
  return (
    <div class="error-explanation" role={props.role} data-error-code={props.error.code}>
      <p class="error-title">
        <strong>
          {props.lead ?? ''}
          {help().title}
        </strong>
      </p>
      <Show when={props.outcome}>{(outcome) => <p class="run-outcome">{outcome()}</p>}</Show>
      <Show when={!props.compact && props.meaning}>{(meaning) => <p class="error-meaning">{meaning()}</p>}</Show>
      <Show when={!props.compact && props.meaning === undefined}>
        <Show when={errorDetailMessage(props.error)}>{(message) => <p>{message()}</p>}</Show>
        <p>{help().whatToDo}</p>
        <Show when={help().steps}>
          {(steps) => (
            <ol class="steps">
              <For each={steps()}>{(step) => <li>{step}</li>}</For>
            </ol>
          )}
        </Show>
        <Show when={props.retryShownNearby !== true && retryText(props.error.detail.retryAt, clock.now())}>
          {(text) => <p>{text()}</p>}
        </Show>
      </Show>
      <details class="error-details">
        <summary>Details</summary>
        <dl>
          <For each={errorTechnicalDetails(props.error)}>
            {(line) => (
              <div>
                <dt>{line.label}</dt>
                <dd>
                  <code>{line.value}</code>
                </dd>
              </div>
            )}
          </For>
        </dl>
      </details>
      <Show when={props.children}>
        <div class="actions">{props.children}</div>
      </Show>
    </div>
  );
}
