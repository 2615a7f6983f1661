/**
 * One contact's detail: values, XPM sources with "Edit this in XPM" links, warnings explained, its
 * stale / missing state, and its change history (R7) with changed emails highlighted.
 */
import { createMemo, createSignal, For, lazy, Show, type JSX } from 'solid-js';
import type { ContactLink, ContactRecord, FieldChange } from '../../domain/records';
import { contactChanges } from '../../storage/queries';
import { useServices } from '../services';
import { createLiveQuery } from '../primitives/createLiveQuery';
import { readContact, CONTACT_SOURCE_LABEL, contactSource } from '../lists/contact-rows';
import { formatDate, formatDateTime, formatTime } from '../format';
import { warningHelp } from '../reason-help';
import { outstandingRejections } from '../../domain/record-actions';
import { xpmClientLink } from '../../domain/xpm-links';
import { DetailPanel } from './DetailPanel';
import { MobileNumber } from './MobileNumber';
import { readSettings } from '../../storage/kv';
import { DEFAULT_SETTINGS } from '../../domain/settings';
import { TableRegion } from './TableRegion';
import type { LocalContactId } from '../../domain/ids';
import { ContactActions } from './RecordActions';
import { ContactMovedNote } from './MergeHints';

/** Loaded only for a contact XPM now rejects: the finding wording stays out of the first page's bundle. */
const XpmRejectionNote = lazy(() => import('./XpmRejectionNote'));

const FIELD_LABEL: Readonly<Record<FieldChange['field'], string>> = {
  name: 'Name',
  email: 'Email',
  mobile: 'Mobile',
  source: 'Source',
};

/** A `source` change's values (R4b takeover: a manual contact now synced from XPM). */
const SOURCE_VALUE_LABEL: Readonly<Record<string, string>> = { manual: 'Manual', synced: 'Synced from XPM' };

function sourceDescription(link: ContactLink, stale: ContactRecord['stale']): string {
  // A stale record's notice already says why it stopped being updated; "it has no contact" is no longer true.
  if (link.contactId === null && stale !== null) return 'From the client’s own details';
  if (link.contactId === null) return 'From the client’s own details (it has no contact with a valid name and email)';
  return link.isPrimary ? 'Primary contact of this client' : 'Contact of this client';
}

/** How long "Copied" stays next to the Copy button: long enough to read, short enough not to linger. */
const COPIED_NOTE_MS = 4_000;

/** The mobile as a tel: link in national format, and a button copying its E.164 value. */
function MobileDetail(props: { readonly e164: string; readonly country: string }): JSX.Element {
  const [copied, setCopied] = createSignal<'copied' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.e164);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
    setTimeout(() => setCopied(null), COPIED_NOTE_MS);
  };
  return (
    <>
      <a href={`tel:${props.e164}`}>
        <MobileNumber e164={props.e164} country={props.country} />
      </a>{' '}
      <button type="button" class="link-button" aria-label={`Copy ${props.e164}`} onClick={() => void copy()}>
        Copy
      </button>
      <span class="hint" role="status">
        {copied() === 'copied'
          ? ` Copied ${props.e164}`
          : copied() === 'failed'
            ? ' The browser did not allow copying.'
            : ''}
      </span>
    </>
  );
}

function StateNotes(props: { readonly contact: ContactRecord }): JSX.Element {
  return (
    <>
      <Show when={props.contact.stale === 'superseded'}>
        <p class="notice warning">
          <strong>Stale — superseded by a contact record.</strong> This contact was made from the client’s own details.
          The client now has a valid contact, which has its own record, so this one is no longer updated. You can remove
          it once you no longer need it.
        </p>
      </Show>
      <Show when={props.contact.stale === 'merged'}>
        <p class="notice warning">
          <strong>Stale — merged.</strong> Its XPM source now belongs to another contact, so this one is no longer
          updated.
        </p>
      </Show>
      <Show when={props.contact.missingInXpm}>
        <p class="notice warning">
          <strong>Missing in XPM.</strong> The last Resync All did not find this contact’s source in XPM (it was deleted
          or merged there). It is kept until you remove it.
        </p>
      </Show>
      <Show when={props.contact.state === 'manual' && props.contact.links.length > 0 && !props.contact.forcedManual}>
        <p class="notice">
          Manual contact that keeps its XPM link (left by a disconnect). Connecting the same practice again relinks it.
        </p>
      </Show>
      <Show when={props.contact.forcedManual}>
        <p class="notice">Detached from XPM: sync never updates this contact.</p>
      </Show>
    </>
  );
}

export function ContactDetail(props: {
  readonly contactId: LocalContactId;
  readonly onClose: () => void;
  /** After Delete or Remove: closes the panel without moving focus (the closing dialog returns it). */
  readonly onRemoved: () => void;
}): JSX.Element {
  const { db, config } = useServices();
  const contact = createLiveQuery((id: LocalContactId) => readContact(db, id), undefined, {
    input: () => props.contactId,
  });
  const changes = createLiveQuery((id: LocalContactId) => contactChanges(db, id), [], { input: () => props.contactId });
  const settings = createLiveQuery(() => readSettings(db), DEFAULT_SETTINGS);
  const country = () => settings().defaultCountry;
  const changeValue = (field: FieldChange['field'], value: string | null): JSX.Element => {
    if (value === null) return '—';
    if (field === 'source') return SOURCE_VALUE_LABEL[value] ?? value;
    return field === 'mobile' ? <MobileNumber e164={value} country={country()} /> : value;
  };
  const clients = createMemo(() => {
    const seen = new Map<string, ContactLink[]>();
    for (const link of contact()?.links ?? []) seen.set(link.clientId, [...(seen.get(link.clientId) ?? []), link]);
    return [...seen.values()];
  });

  return (
    <DetailPanel
      kind="contact"
      title={contact()?.name ?? (contact.loaded() ? 'Contact not found' : 'Loading…')}
      onClose={() => props.onClose()}
    >
      <Show when={contact()}>
        {(c) => (
          <>
            <Show when={c().emailChangedAt}>
              {(at) => (
                <p class="notice highlight">
                  <strong>Email changed in XPM on {formatDate(at())}.</strong>
                </p>
              )}
            </Show>
            <dl class="facts">
              <div>
                <dt>Email</dt>
                <dd>{c().email}</dd>
              </div>
              <div>
                <dt>Mobile</dt>
                <dd>
                  <Show when={c().mobile} fallback="None">
                    {(mobile) => <MobileDetail e164={mobile()} country={country()} />}
                  </Show>
                </dd>
              </div>
              <div>
                <dt>State</dt>
                <dd>{CONTACT_SOURCE_LABEL[contactSource(c())]}</dd>
              </div>
              <div>
                <dt>Last updated</dt>
                <dd>{formatDateTime(c().updatedAt)}</dd>
              </div>
            </dl>
            <Show when={outstandingRejections(c()).length > 0}>
              <XpmRejectionNote noun="contact" rejections={outstandingRejections(c())} updatedAt={c().updatedAt} />
            </Show>
            <StateNotes contact={c()} />
            <ContactMovedNote contact={c()} />
            <ContactActions contact={c()} onRemoved={() => props.onRemoved()} />
            <Show when={c().state === 'synced'}>
              <p class="hint">
                Synced contacts are read-only here: edit this in XPM and the next sync brings the change.
              </p>
            </Show>

            <h4>XPM sources</h4>
            <Show when={clients().length > 0} fallback={<p>None: this contact was created here.</p>}>
              <ul class="sources">
                <For each={clients()}>
                  {(links) => {
                    const first = links[0];
                    return (
                      <Show when={first}>
                        {(link) => (
                          <li>
                            <strong>{link().clientName}</strong>
                            <ul>
                              <For each={links}>{(l) => <li>{sourceDescription(l, c().stale)}</li>}</For>
                            </ul>
                            <Show
                              when={xpmClientLink(config.xpmWebUrl, {
                                xpmId: link().clientId,
                                xpmNumericId: link().clientNumericId ?? null,
                              })}
                            >
                              {(href) => (
                                <a href={href()} target="_blank" rel="noopener noreferrer">
                                  Edit this in XPM
                                  <span class="visually-hidden"> ({link().clientName}, opens in a new tab)</span>
                                </a>
                              )}
                            </Show>
                          </li>
                        )}
                      </Show>
                    );
                  }}
                </For>
              </ul>
            </Show>

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

            <h4>Change history</h4>
            <Show when={changes().length > 0} fallback={<p>No changes recorded from XPM yet.</p>}>
              <TableRegion labelledBy="contact-changes-caption">
                <table class="compact changes">
                  <caption id="contact-changes-caption" class="visually-hidden">
                    Changes made by syncs, newest first
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">Field</th>
                      <th scope="col">Before</th>
                      <th scope="col">After</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={changes()}>
                      {(change) => (
                        <tr classList={{ highlight: change.field === 'email' }}>
                          <td class="when">
                            <span>{formatDate(change.at)},</span> <span>{formatTime(change.at)}</span>
                          </td>
                          <td>{FIELD_LABEL[change.field]}</td>
                          <td>{changeValue(change.field, change.from)}</td>
                          <td>{changeValue(change.field, change.to)}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </TableRegion>
            </Show>
          </>
        )}
      </Show>
    </DetailPanel>
  );
}
