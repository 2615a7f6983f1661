/**
 * The practice guard's confirmation (C4): connecting a practice other than the one whose records this
 * browser holds. It names both practices and what is stored, and offers to keep the old records as
 * manual ones (the default: nothing is lost, and the lists say which practice each came from) or to
 * erase them.
 */
import { createSignal, For, type JSX } from 'solid-js';
import type { OtherPracticeRecords, PracticeSwitch, PracticeSwitchChoice } from '../../../domain/practice';
import { plural } from '../../format';

export interface PracticeSwitchConfirmProps {
  readonly offer: PracticeSwitch;
  readonly busy: boolean;
  readonly onConfirm: (choice: PracticeSwitchChoice) => void;
  readonly onCancel: () => void;
}

/** "Harbourside Accounting" or "Harbourside Accounting and Kauri Partners". */
export function practiceNames(from: readonly OtherPracticeRecords[]): string {
  const names = from.map((entry) => entry.practice.name);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}

function recordCounts(entry: OtherPracticeRecords): string {
  return [
    plural(entry.contacts, 'contact', 'contacts'),
    plural(entry.clients, 'client', 'clients'),
    plural(entry.staff, 'staff member', 'staff members'),
  ].join(', ');
}

export function PracticeSwitchConfirm(props: PracticeSwitchConfirmProps): JSX.Element {
  const [choice, setChoice] = createSignal<PracticeSwitchChoice>('keep');
  const old = () => practiceNames(props.offer.from);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    props.onConfirm(choice());
  };
  return (
    <form class="panel notice warning" aria-labelledby="practice-switch-title" onSubmit={submit}>
      <h3 id="practice-switch-title">
        Connect {props.offer.to.name} instead of {old()}?
      </h3>
      <p>This browser holds records from another practice:</p>
      <ul>
        <For each={props.offer.from}>
          {(entry) => (
            <li>
              <strong>{entry.practice.name}</strong>: {recordCounts(entry)}
            </li>
          )}
        </For>
      </ul>
      <p>They are not mixed with the records of {props.offer.to.name}. Choose what happens to them:</p>
      <fieldset>
        <legend>Records from {old()}</legend>
        <label class="choice">
          <input
            type="radio"
            name="practice-switch"
            value="keep"
            checked={choice() === 'keep'}
            onChange={() => setChoice('keep')}
          />
          Keep them as manual records
          <span class="hint">
            {' '}
            — they stay in the lists, marked with their practice, and are no longer updated by the sync.
          </span>
        </label>
        <label class="choice">
          <input
            type="radio"
            name="practice-switch"
            value="erase"
            checked={choice() === 'erase'}
            onChange={() => setChoice('erase')}
          />
          Erase them
          <span class="hint">
            {' '}
            — their contacts, clients and staff are deleted from this browser (contacts you made by hand stay).
          </span>
        </label>
      </fieldset>
      <div class="actions">
        <button type="submit" class="button primary" disabled={props.busy}>
          Connect {props.offer.to.name}
        </button>
        <button type="button" class="button" disabled={props.busy} onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
