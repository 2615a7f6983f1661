/**
 * The note a contact or client XPM now rejects carries in its detail panel (loaded only for such a
 * record, so the finding wording stays out of the first page's bundle).
 */
import { For, Show, type JSX } from 'solid-js';
import type { ContactRejection } from '../../domain/records';
import { explainIssue } from '../../domain/wording/findings';
import { xpmClientLink } from '../../domain/xpm-links';
import { formatDate, formatDateTime } from '../format';
import { reasonHelp } from '../reason-help';
import { useServices } from '../services';

/**
 * A contact or client XPM now rejects (its email became invalid there, its partner was removed): the
 * values shown are the last good ones, the record is not updated until it is fixed in XPM — what is
 * wrong and what to do, from the same fix-list entries the Sync page lists (`rejections`: the record's
 * outstanding ones, from outstandingRejections or outstandingClientRejections).
 */
export default function XpmRejectionNote(props: {
  readonly noun: 'contact' | 'client';
  readonly rejections: readonly ContactRejection[];
  /** When a sync last changed the record: its values are from then. */
  readonly updatedAt: number;
}): JSX.Element {
  const { config } = useServices();
  const titleId = () => `${props.noun}-rejection-title`;
  return (
    <Show when={props.rejections.length > 0}>
      <section class="notice warning xpm-rejection" aria-labelledby={titleId()}>
        <p>
          <strong id={titleId()}>Not updated: XPM’s record of this {props.noun} is rejected.</strong> The values shown
          are the last good ones a sync brought ({formatDateTime(props.updatedAt)}). Fix the record in XPM and the next
          sync updates this {props.noun}.
        </p>
        <For each={props.rejections}>
          {(rejection) => {
            const words = explainIssue(rejection);
            const href =
              rejection.clientId === null
                ? null
                : xpmClientLink(config.xpmWebUrl, {
                    xpmId: rejection.clientId,
                    xpmNumericId: rejection.clientNumericId ?? null,
                  });
            return (
              <div class="rejection">
                <p>
                  <strong>{reasonHelp(rejection.code, rejection.kind).label}</strong>
                  <Show when={rejection.field}>
                    {(field) => (
                      <>
                        {' '}
                        · {field()}: <code>{rejection.value ?? ''}</code>
                      </>
                    )}
                  </Show>{' '}
                  · found {formatDate(rejection.firstSeenAt)}
                </p>
                <p>{words.message}</p>
                <p class="suggestion">
                  <span class="label">What to do: </span>
                  {words.suggestion}{' '}
                  <Show when={href}>
                    {(link) => (
                      <a href={link()} target="_blank" rel="noopener noreferrer">
                        Open in XPM
                        <span class="visually-hidden"> ({rejection.clientName ?? 'client'}, opens in a new tab)</span>
                      </a>
                    )}
                  </Show>
                </p>
              </div>
            );
          }}
        </For>
      </section>
    </Show>
  );
}
