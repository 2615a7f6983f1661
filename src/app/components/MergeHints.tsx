/**
 * R6 merge hints: where a client missing in XPM had its contacts moved to another client (XPM merged
 * the two), the missing client's panel and list row, and the moved contacts' panels, say "now under
 * <client>", so the user knows the missing client can be removed.
 */
import { Show, type JSX } from 'solid-js';
import type { ClientRecord, ContactRecord } from '../../domain/records';
import type { XpmClientId } from '../../domain/ids';
import { clientsByXpmIds } from '../../storage/queries';
import { useServices } from '../services';
import { createLiveQuery } from '../primitives/createLiveQuery';

/** "now under Beta Pty Ltd" (or null): the merge hint of a missing client, for its list row. */
export function nowUnderLabel(client: Pick<ClientRecord, 'missingInXpm' | 'contactsNowUnder'>): string | null {
  const under = client.contactsNowUnder ?? [];
  if (!client.missingInXpm || under.length === 0) return null;
  return `now under ${under.map((c) => c.name).join(', ')}`;
}

export function ClientMergeNote(props: { readonly client: ClientRecord }): JSX.Element {
  return (
    <Show when={nowUnderLabel(props.client) !== null}>
      <p class="notice info">
        Its contacts are {nowUnderLabel(props.client)}: XPM probably merged {props.client.legalName} into{' '}
        {(props.client.contactsNowUnder ?? []).map((c) => c.name).join(' or ')}. Nothing of it is left in XPM, so you
        can remove it here.
      </p>
    </Show>
  );
}

/** On a contact XPM moved away from a client that is now missing: where it is now. */
export function ContactMovedNote(props: { readonly contact: ContactRecord }): JSX.Element {
  const { db } = useServices();
  const left = () => props.contact.leftMissingClients ?? [];
  const stillMissing = createLiveQuery(
    async (ids: readonly XpmClientId[]) => (await clientsByXpmIds(db, ids)).filter((c) => c.missingInXpm),
    [],
    { input: () => left().map((c) => c.clientId) },
  );
  const now = () => [...new Set(props.contact.links.map((l) => l.clientName))].join(', ');
  return (
    <Show when={stillMissing().length > 0 && now() !== ''}>
      <p class="notice info">
        This contact was under{' '}
        {stillMissing()
          .map((c) => c.legalName)
          .join(', ')}
        , which is missing in XPM; it is <strong>now under {now()}</strong>. XPM probably merged the clients: you can
        remove{' '}
        {stillMissing()
          .map((c) => c.legalName)
          .join(', ')}{' '}
        on the Clients page.
      </p>
    </Show>
  );
}
