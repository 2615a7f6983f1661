/**
 * The Default partner setting (R11, U4). Each option says itself whether it is selected: the staff
 * list loads after the settings, and a `<select value>` set before its option exists falls back to
 * the first option ("None") and is not applied again when the options arrive. Until the staff list
 * has loaded, a saved partner is not called "not among the synced staff".
 */
import { createMemo, For, Show, type JSX } from 'solid-js';
import type { StaffRecord } from '../../../domain/records';
import type { LiveQuery } from '../../primitives/createLiveQuery';

export function DefaultPartnerField(props: {
  readonly value: string | null;
  readonly staff: LiveQuery<readonly StaffRecord[]>;
  readonly onChange: (email: string | null) => void;
}): JSX.Element {
  const partners = createMemo(() =>
    props.staff().filter((member) => member.state === 'synced' && !member.missingInXpm && member.email !== ''),
  );
  const same = (a: string, b: string | null) => b !== null && a.toLowerCase() === b.toLowerCase();
  const partnerMissing = () => {
    const email = props.value;
    return email !== null && props.staff.loaded() && !partners().some((member) => same(member.email, email));
  };
  // Before the staff list is there, the saved value still needs an option to be shown selected.
  const placeholder = () => props.value !== null && !props.staff.loaded();
  return (
    <div class="field">
      <label for="default-partner">Default partner</label>
      <select
        id="default-partner"
        aria-describedby="default-partner-hint"
        onChange={(event) => props.onChange(event.currentTarget.value === '' ? null : event.currentTarget.value)}
      >
        <option value="" selected={props.value === null}>
          None
        </option>
        <Show when={partnerMissing() || placeholder()}>
          <option value={props.value ?? ''} selected>
            {partnerMissing() ? `${props.value} (not among the synced staff)` : props.value}
          </option>
        </Show>
        <For each={partners()}>
          {(member) => (
            <option value={member.email} selected={same(member.email, props.value)}>
              {member.name} ({member.email})
            </option>
          )}
        </For>
      </select>
      <span id="default-partner-hint" class="hint">
        Used for clients that have no partner in XPM. With “None”, such clients are not imported (“Partner missing”).
      </span>
    </div>
  );
}
