/**
 * A setting typed into a field and saved when the field is left (or Enter is pressed), only once it
 * is valid. A value that is not allowed stays in the field with a message saying why, and the stored
 * value is kept until a valid one replaces it.
 */
import { createSignal, Show, type JSX } from 'solid-js';

/** What a field's check answers: the value to store, or what is wrong with the text. */
export type FieldCheckResult<V> =
  | { readonly ok: true; readonly value: V }
  | { readonly ok: false; readonly message: string };

export function ValidatedField<V>(props: {
  readonly id: string;
  readonly label: string;
  readonly hint?: string;
  readonly type?: 'text' | 'email';
  readonly inputMode?: 'numeric';
  readonly autocomplete?: string;
  readonly stored: V;
  /** The stored value as the field shows it. */
  readonly show: (value: V) => string;
  readonly check: (text: string) => FieldCheckResult<V>;
  readonly save: (value: V) => Promise<void>;
}): JSX.Element {
  // What the user typed and has not been stored yet; null shows the stored value.
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
  const describedBy = () => {
    const ids = [
      ...(props.hint === undefined ? [] : [`${props.id}-hint`]),
      ...(problem() === null ? [] : [`${props.id}-error`]),
    ];
    return ids.length === 0 ? undefined : ids.join(' ');
  };
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type={props.type ?? 'text'}
        inputmode={props.inputMode}
        autocomplete={props.autocomplete}
        value={draft() ?? props.show(props.stored)}
        aria-invalid={problem() === null ? undefined : 'true'}
        aria-describedby={describedBy()}
        onInput={(event) => setDraft(event.currentTarget.value)}
        onChange={(event) => void commit(event.currentTarget.value)}
      />
      <Show when={props.hint}>
        {(hint) => (
          <span id={`${props.id}-hint`} class="hint">
            {hint()}
          </span>
        )}
      </Show>
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
