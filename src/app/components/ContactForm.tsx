/**
 * The New contact / Edit form of a manual contact (R8) in a dialog. The worker checks it with the
 * sync's own rules and the default country from Settings; each refused field shows what to fix beside
 * it, and what was typed is kept until it saves.
 */
import { createSignal, For, Show, type JSX } from 'solid-js';
import type { ContactRecord } from '../../domain/records';
import type { WireError } from '../../domain/errors';
import type { ManualField, ManualProblem } from '../../worker/api-records';
import { callWorker, useServices } from '../services';
import { useAnnounce } from '../primitives/announcer';
import { Dialog } from './Dialog';
import { ErrorExplanation } from './ErrorExplanation';

const FIELDS: readonly {
  readonly field: ManualField;
  readonly label: string;
  readonly type: string;
  readonly hint: string;
}[] = [
  { field: 'name', label: 'Name', type: 'text', hint: 'The person’s full name.' },
  { field: 'email', label: 'Email', type: 'email', hint: 'One email address.' },
  {
    field: 'mobile',
    label: 'Mobile',
    type: 'tel',
    hint: 'Optional. Numbers without + are read in the default country from Settings.',
  },
];

export function ContactForm(props: {
  readonly open: boolean;
  /** The manual contact being edited; absent for New contact. */
  readonly contact?: ContactRecord;
  readonly onClose: () => void;
  readonly onSaved?: (contact: ContactRecord) => void;
}): JSX.Element {
  return (
    <Dialog
      open={props.open}
      title={props.contact ? `Edit ${props.contact.name}` : 'New contact'}
      onClose={props.onClose}
    >
      <ContactFormBody {...props} />
    </Dialog>
  );
}

function ContactFormBody(props: {
  readonly contact?: ContactRecord;
  readonly onClose: () => void;
  readonly onSaved?: (contact: ContactRecord) => void;
}): JSX.Element {
  const services = useServices();
  const announce = useAnnounce();
  const initial = props.contact;
  const [values, setValues] = createSignal<Record<ManualField, string>>({
    name: initial?.name ?? '',
    email: initial?.email ?? '',
    mobile: initial?.mobile ?? '',
  });
  const [problems, setProblems] = createSignal<readonly ManualProblem[]>([]);
  const [error, setError] = createSignal<WireError | null>(null);
  const [busy, setBusy] = createSignal(false);
  let form: HTMLFormElement | undefined;

  const problemOf = (field: ManualField) => problems().find((p) => p.field === field);

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    setBusy(true);
    setError(null);
    const v = values();
    const result = await callWorker(services, (api) =>
      api.saveManualContact({
        name: v.name,
        email: v.email,
        mobile: v.mobile,
        ...(initial === undefined ? {} : { id: initial.id }),
      }),
    );
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    const outcome = result.value;
    if (outcome.kind === 'invalid') {
      setProblems(outcome.problems);
      const first = outcome.problems[0];
      if (first) form?.querySelector<HTMLInputElement>(`#contact-form-${first.field}`)?.focus();
      return;
    }
    setProblems([]);
    announce(initial ? `Saved ${outcome.contact.name}.` : `Created ${outcome.contact.name}.`);
    props.onSaved?.(outcome.contact);
    props.onClose();
  };

  return (
    <form ref={form} novalidate onSubmit={(event) => void save(event)}>
      <Show when={problems().length > 1}>
        <p class="notice error" role="alert">
          {problems().length} fields need fixing before the contact can be saved.
        </p>
      </Show>
      <For each={FIELDS}>
        {(f) => {
          const id = `contact-form-${f.field}`;
          return (
            <div class="field">
              <label for={id}>{f.label}</label>
              <input
                id={id}
                name={f.field}
                type={f.type}
                autocomplete="off"
                value={values()[f.field]}
                aria-invalid={problemOf(f.field) ? 'true' : undefined}
                aria-describedby={`${id}-hint${problemOf(f.field) ? ` ${id}-error` : ''}`}
                data-autofocus={f.field === 'name' ? true : undefined}
                onInput={(event) => {
                  const value = event.currentTarget.value;
                  setValues((current) => ({ ...current, [f.field]: value }));
                }}
              />
              <span id={`${id}-hint`} class="hint">
                {f.hint}
              </span>
              <Show when={problemOf(f.field)}>
                {(p) => (
                  <p id={`${id}-error`} class="field-error" role={problems().length === 1 ? 'alert' : undefined}>
                    {p().message}
                  </p>
                )}
              </Show>
            </div>
          );
        }}
      </For>
      <Show when={error()}>{(e) => <ErrorExplanation error={e()} role="alert" />}</Show>
      <div class="actions">
        <button type="button" class="button" onClick={() => props.onClose()}>
          Cancel
        </button>
        <button type="submit" class="button primary" disabled={busy()} aria-busy={busy()}>
          Save
        </button>
      </div>
    </form>
  );
}
