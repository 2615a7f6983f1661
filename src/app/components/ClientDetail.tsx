/**
 * One client's detail: the mapped XPM fields (R10), its partner, warnings, state (and, when XPM now
 * rejects its record, why and what to fix) and a link to edit it in XPM.
 */
import { clientById } from '../../storage/queries';
import { For, lazy, Show, type JSX } from 'solid-js';
import type { Address, ClientRecord } from '../../domain/records';
import { useServices } from '../services';
import { createLiveQuery } from '../primitives/createLiveQuery';
import { CLIENT_SOURCE_LABEL, clientSource, clientStatusLabel } from '../lists/client-rows';
import { warningHelp } from '../reason-help';
import { xpmClientLink } from '../../domain/xpm-links';
import { DetailPanel } from './DetailPanel';
import type { LocalClientId } from '../../domain/ids';
import { ClientRemoveAction } from './RecordActions';
import { ClientMergeNote } from './MergeHints';
import { outstandingClientRejections } from '../../domain/record-actions';

/** Loaded only for a client XPM now rejects: the finding wording stays out of the first page's bundle. */
const XpmRejectionNote = lazy(() => import('./XpmRejectionNote'));

function addressText(address: Address): string {
  return [address.line1, address.line2, address.line3, address.suburb, address.state, address.postcode, address.country]
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(', ');
}

function Fact(props: { readonly label: string; readonly value: string | null | undefined }): JSX.Element {
  return (
    <Show when={props.value !== null && props.value !== undefined && props.value.trim() !== ''}>
      <div>
        <dt>{props.label}</dt>
        <dd>{props.value}</dd>
      </div>
    </Show>
  );
}

export function ClientDetail(props: {
  readonly clientId: LocalClientId;
  readonly onClose: () => void;
  /** After Remove: closes the panel without moving focus (the closing dialog returns it). */
  readonly onRemoved: () => void;
}): JSX.Element {
  const { db, config } = useServices();
  const client = createLiveQuery(
    (id: LocalClientId): Promise<ClientRecord | undefined> => clientById(db, id),
    undefined,
    {
      input: () => props.clientId,
    },
  );
  return (
    <DetailPanel
      kind="client"
      title={client()?.legalName ?? (client.loaded() ? 'Client not found' : 'Loading…')}
      onClose={() => props.onClose()}
    >
      <Show when={client()}>
        {(c) => (
          <>
            <dl class="facts">
              <Fact label="Code" value={c().code} />
              <Fact label="State" value={CLIENT_SOURCE_LABEL[clientSource(c())]} />
              <Fact label="Status" value={clientStatusLabel(c())} />
              <Fact label="Entity type" value={c().entityType} />
              <Fact label="Partner" value={`${c().partner.name} (${c().partner.email})`} />
              <Fact label="Manager" value={c().manager?.name} />
              <Fact label="Email" value={c().email} />
              <Fact label="Phone" value={c().phone} />
              <Fact label="Fax" value={c().fax} />
              <Fact label="Title" value={c().title} />
              <Fact label="First name" value={c().firstName} />
              <Fact label="Last name" value={c().lastName} />
              <Fact label="Salutation" value={c().salutation} />
              <Fact label="ABN" value={c().abn} />
              <Fact label="Group" value={c().groups.join(', ')} />
              <Fact label="Residential address" value={addressText(c().residential)} />
              <Fact label="Postal address" value={addressText(c().postal)} />
            </dl>
            <Show when={outstandingClientRejections(c()).length > 0}>
              <XpmRejectionNote noun="client" rejections={outstandingClientRejections(c())} updatedAt={c().updatedAt} />
            </Show>
            <Show when={c().missingInXpm}>
              <p class="notice warning">
                <strong>Missing in XPM.</strong> The last Resync All did not find this client in XPM. It is kept until
                you remove it.
              </p>
            </Show>
            <ClientMergeNote client={c()} />
            <ClientRemoveAction client={c()} onRemoved={() => props.onRemoved()} />
            <Show when={c().warnings.length > 0}>
              <h4>Warnings</h4>
              <ul class="warnings">
                <For each={c().warnings}>
                  {(code) => (
                    <li>
                      <strong>{warningHelp(code).label}.</strong> {warningHelp(code).explanation}
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <p class="hint">Clients are read-only here.</p>
            <Show when={xpmClientLink(config.xpmWebUrl, c())}>
              {(href) => (
                <a href={href()} target="_blank" rel="noopener noreferrer">
                  Edit this in XPM<span class="visually-hidden"> (opens in a new tab)</span>
                </a>
              )}
            </Show>
          </>
        )}
      </Show>
    </DetailPanel>
  );
}
