/**
 * Remove selected (R5, R6) on a list filtered to stale or missing-in-XPM records: a tick column, a
 * "Select all" box for the rows shown, and a confirmation that states how many records go. Removal is
 * local only; XPM is never written.
 */
import { createSignal, Show, type JSX } from 'solid-js';
import type { WireError } from '../../domain/errors';
import type { RemovalRequest } from '../../worker/api-records';
import { Dialog } from '../components/Dialog';
import { ErrorExplanation } from '../components/ErrorExplanation';
import { useRemove } from '../components/RecordActions';
import { formatCount } from '../format';
import type { Selection } from './createSelection';

/**
 * The name cell with a tick box in front while the list offers Remove selected (in the first cell, so
 * the grid keeps its columns and the name stays the sticky first column on phones).
 */
export function withTickBox<R extends { readonly id: string }>(
  selection: Selection<R> | null,
  row: R,
  name: string,
): JSX.Element {
  if (selection === null) return name;
  return (
    <>
      <input
        type="checkbox"
        class="row-select"
        aria-label={`Select ${name}`}
        checked={selection.isSelected(row.id)}
        // The row opens its detail on click; ticking must not.
        onClick={(event) => event.stopPropagation()}
        onChange={() => selection.toggle(row.id)}
      />
      <span title={name}>{name}</span>
    </>
  );
}

export function BulkRemoveBar<R extends { readonly id: string }>(props: {
  /** "contacts" */
  readonly noun: string;
  /** "contact" */
  readonly singular: string;
  readonly selection: Selection<R>;
  readonly request: (ids: readonly R['id'][]) => RemovalRequest;
}): JSX.Element {
  const remove = useRemove();
  const [open, setOpen] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<WireError | null>(null);
  const count = () => props.selection.selected().length;
  const what = () => `${formatCount(count())} ${count() === 1 ? props.singular : props.noun}`;
  const run = async () => {
    setBusy(true);
    setError(null);
    const failure = await remove(props.request(props.selection.selected().map((row) => row.id)), what());
    setBusy(false);
    if (failure !== null) {
      setError(failure);
      return;
    }
    props.selection.clear();
    setOpen(false);
  };
  return (
    <div class="actions bulk-actions">
      <label class="field checkbox">
        <input
          type="checkbox"
          checked={props.selection.allSelected()}
          disabled={props.selection.candidates().length === 0}
          onChange={(event) => props.selection.setAll(event.currentTarget.checked)}
        />
        Select all {formatCount(props.selection.candidates().length)} shown
      </label>
      <button type="button" class="button" disabled={count() === 0} onClick={() => setOpen(true)}>
        Remove selected
      </button>
      <span class="hint" role="status">
        {count() === 0 ? '' : `${what()} selected`}
      </span>
      <Dialog open={open()} title={`Remove ${what()}?`} role="alertdialog" onClose={() => setOpen(false)}>
        <p>
          {what()} {count() === 1 ? 'is' : 'are'} removed from this browser only; nothing is changed in XPM. A record
          that appears in XPM again comes back with the next sync.
        </p>
        <Show when={error()}>{(e) => <ErrorExplanation error={e()} role="alert" />}</Show>
        <div class="actions">
          <button type="button" class="button" data-autofocus onClick={() => setOpen(false)}>
            Cancel
          </button>
          <button type="button" class="button danger" disabled={busy()} aria-busy={busy()} onClick={() => void run()}>
            Remove {what()}
          </button>
        </div>
      </Dialog>
    </div>
  );
}
