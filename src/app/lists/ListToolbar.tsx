/** The search box, filters and result count above a list. */
import { Show, type JSX } from 'solid-js';
import { formatCount } from '../format';

export interface ListToolbarProps {
  /** Plural noun: "contacts". */
  readonly noun: string;
  readonly searchHint: string;
  readonly query: string;
  readonly onQuery: (query: string) => void;
  readonly shown: number;
  /** Every record in the store (known before the full list has loaded). */
  readonly total: number;
  /** The full list is still loading: only the first rows are searchable yet. */
  readonly partial: boolean;
  /** A sync is running and this list waits for it to finish before refreshing. */
  readonly waitingForSync: boolean;
  readonly children?: JSX.Element;
}

export function ListToolbar(props: ListToolbarProps): JSX.Element {
  const searchId = `search-${props.noun}`;
  return (
    <div class="list-toolbar">
      <div class="field search">
        <label for={searchId}>Search {props.noun}</label>
        <input
          id={searchId}
          type="search"
          autocomplete="off"
          spellcheck={false}
          aria-describedby={`${searchId}-hint`}
          value={props.query}
          onInput={(event) => props.onQuery(event.currentTarget.value)}
        />
        <span id={`${searchId}-hint`} class="hint">
          {props.searchHint}
        </span>
      </div>
      {props.children}
      <p class="list-count" role="status">
        <Show
          when={!props.partial}
          fallback={`Loading all ${formatCount(props.total)} ${props.noun}… showing the first ${formatCount(props.shown)}.`}
        >
          {formatCount(props.shown)} of {formatCount(props.total)} {props.noun}
        </Show>
        <Show when={props.waitingForSync}>
          <span class="hint"> · A sync is running; this list refreshes when it finishes.</span>
        </Show>
      </p>
    </div>
  );
}

/** A labelled <select> for a list filter. */
export function FilterSelect<V extends string>(props: {
  readonly id: string;
  readonly label: string;
  readonly value: V;
  readonly options: readonly { readonly value: V; readonly label: string }[];
  readonly onChange: (value: V) => void;
}): JSX.Element {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value}
        onChange={(event) => {
          const match = props.options.find((option) => option.value === event.currentTarget.value);
          if (match !== undefined) props.onChange(match.value);
        }}
      >
        {props.options.map((option) => (
          <option value={option.value}>{option.label}</option>
        ))}
      </select>
    </div>
  );
}
