/**
 * The note a contact XPM now rejects carries in its detail panel (loaded only for such a contact, so
 * the finding wording stays out of the first page's bundle).
 */
import { For, Show, type JSX } from 'solid-js';
import type { ContactRecord } from '../../domain/records';
import { outstandingRejections } from '../../domain/record-actions';
import { explainIssue } from '../../domain/wording/findings';
import { xpmClientLink } from '../../domain/xpm-links';
import { formatDate, formatDateTime } from '../format';
import { reasonHelp } from '../reason-help';
import { useServices } from '../services';

/**
 * A contact XPM now rejects (its email became invalid there, say): the values shown are the last good
 * ones, the contact is not updated until the record is fixed in XPM — what is wrong and what to do,
 * from the same fix-list entry the Sync page lists.
 */
export default function XpmRejectionNote(props: { readonly contact: ContactRecord }): JSX.Element {
  const { config } = useServices();
  const rejections = () => outstandingRejections(props.contact);
  return (
    <Show when={rejections().length > 0}>
      <section class="notice warning xpm-rejection" aria-labelledby="contact-rejection-title">
        <p>
          <strong id="contact-rejection-title">Not updated: XPM’s record of this contact is rejected.</strong> The
          values shown are the last good ones a sync brought ({formatDateTime(props.contact.updatedAt)}). Fix the record
          in XPM and the next sync updates this contact.
        </p>
        <For each={rejections()}>
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
