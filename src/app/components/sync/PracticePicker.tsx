/**
 * Choosing the practice and naming the connection (C2, C3). Only XPM practices reach this list (the
 * worker keeps tenantType PRACTICEMANAGER); none at all means the Xero user lacks XPM's
 * "Connect third-party add-ons" permission, and the steps to grant it are shown.
 */
import { createSignal, For, Show, type JSX } from 'solid-js';
import type { Practice } from '../../../worker/protocol';
import { XPM_PERMISSION_STEPS } from '../../error-help';
import { ConnectButton } from '../ConnectButton';

export interface PracticePickerProps {
  readonly practices: readonly Practice[];
  readonly busy: boolean;
  readonly onContinue: (practice: Practice, connectionName: string) => void;
}

export function NoPracticeExplanation(): JSX.Element {
  return (
    <section class="panel notice warning" aria-labelledby="no-practice-title">
      <h3 id="no-practice-title">No Xero Practice Manager practice was connected</h3>
      <p>
        Xero did not give this app access to any XPM practice. Either the practice was not ticked on Xero’s consent
        page, or your Xero user does not have the XPM permission “Connect third-party add-ons”. An XPM administrator can
        grant it:
      </p>
      <ol class="steps">
        <For each={XPM_PERMISSION_STEPS}>{(step) => <li>{step}</li>}</For>
      </ol>
      <ConnectButton label="Try again" />
    </section>
  );
}

export function PracticePicker(props: PracticePickerProps): JSX.Element {
  const first = props.practices[0];
  const [selectedId, setSelectedId] = createSignal(
    props.practices.length === 1 && first !== undefined ? first.tenantId : null,
  );
  const [name, setName] = createSignal(props.practices.length === 1 && first !== undefined ? first.name : '');
  // Until the user types a name, the name follows the chosen practice (its default, C3).
  const [nameEdited, setNameEdited] = createSignal(false);
  const selected = () => props.practices.find((practice) => practice.tenantId === selectedId());
  const choose = (practice: Practice) => {
    setSelectedId(practice.tenantId);
    if (!nameEdited()) setName(practice.name);
  };
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const practice = selected();
    // A name left blank is the practice's own (the hint says so), rather than a Continue that stays
    // disabled with nothing saying why.
    if (practice !== undefined) props.onContinue(practice, name().trim() || practice.name);
  };

  return (
    <Show when={props.practices.length > 0} fallback={<NoPracticeExplanation />}>
      <form class="panel" onSubmit={submit} aria-labelledby="choose-practice-title">
        <h3 id="choose-practice-title">Choose your practice</h3>
        <fieldset>
          <legend>Xero Practice Manager practices you allowed access to</legend>
          <For each={props.practices}>
            {(practice) => (
              <label class="choice">
                <input
                  type="radio"
                  name="practice"
                  value={practice.tenantId}
                  checked={selectedId() === practice.tenantId}
                  onChange={() => choose(practice)}
                />
                {practice.name}
              </label>
            )}
          </For>
        </fieldset>
        <label class="field">
          <span>Connection name</span>
          <input
            type="text"
            name="connection-name"
            maxLength={100}
            value={name()}
            onInput={(event) => {
              setNameEdited(true);
              setName(event.currentTarget.value);
            }}
          />
          <span class="hint">Shown in this app only. Defaults to the practice’s name.</span>
        </label>
        <button type="submit" class="button primary" disabled={props.busy || selected() === undefined}>
          Continue
        </button>
      </form>
    </Show>
  );
}
