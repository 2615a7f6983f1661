/**
 * What the user can do by hand to the record a detail panel shows: Edit and Delete a manual contact
 * (R8), Make manual on a synced one (R4), Remove a stale or missing-in-XPM contact, client or staff
 * member (R5, R6). Each consequential action is confirmed first, saying what happens; XPM is never
 * written.
 */
import { createSignal, Show, type JSX } from 'solid-js';
import type { WireError } from '../../domain/errors';
import type { ClientRecord, ContactRecord, StaffRecord } from '../../domain/records';
import {
  canDetach,
  isEditable,
  isRemovableClient,
  isRemovableContact,
  isRemovableStaff,
} from '../../domain/record-actions';
import type { RemovalRequest } from '../../worker/api-records';
import { callWorker, useServices } from '../services';
import { useAnnounce } from '../primitives/announcer';
import { ContactForm } from './ContactForm';
import { Dialog } from './Dialog';
import { ErrorExplanation } from './ErrorExplanation';

/** A button that opens a confirmation; the confirmation's last button runs `act`. */
function Confirmed(props: {
  readonly label: string;
  readonly title: string;
  readonly confirmLabel: string;
  readonly danger?: boolean;
  readonly act: () => Promise<WireError | null>;
  readonly children: JSX.Element;
}): JSX.Element {
  const [open, setOpen] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<WireError | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    const failure = await props.act();
    setBusy(false);
    if (failure === null) setOpen(false);
    else setError(failure);
  };
  return (
    <>
      <button type="button" class="button" onClick={() => setOpen(true)}>
        {props.label}
      </button>
      <Dialog open={open()} title={props.title} role="alertdialog" onClose={() => setOpen(false)}>
        {props.children}
        <Show when={error()}>{(e) => <ErrorExplanation error={e()} role="alert" />}</Show>
        <div class="actions">
          <button type="button" class="button" data-autofocus onClick={() => setOpen(false)}>
            Cancel
          </button>
          <button
            type="button"
            class={props.danger ? 'button danger' : 'button primary'}
            disabled={busy()}
            aria-busy={busy()}
            onClick={() => void run()}
          >
            {props.confirmLabel}
          </button>
        </div>
      </Dialog>
    </>
  );
}

/** Calls the worker's removeRecords and announces the outcome; null when it worked. */
export function useRemove(): (request: RemovalRequest, what: string) => Promise<WireError | null> {
  const services = useServices();
  const announce = useAnnounce();
  return async (request, what) => {
    const result = await callWorker(services, (api) => api.removeRecords(request));
    if (!result.ok) return result.error;
    const { contacts, clients, staff, kept } = result.value;
    const removed = contacts + clients + staff;
    announce(
      removed === 0
        ? `Nothing was removed: ${what} is no longer stale or missing in XPM.`
        : `Removed ${what}.${kept > 0 ? ` ${kept} no longer stale or missing ${kept === 1 ? 'was' : 'were'} kept.` : ''}`,
    );
    return null;
  };
}

const LOCAL_ONLY = 'It is removed from this browser only; nothing is changed in XPM.';

function removalWhy(missing: boolean): string {
  return missing
    ? 'If it appears in XPM again, the next sync brings it back as a new record.'
    : 'Sync no longer updates it, so it does not come back.';
}

export function ContactActions(props: {
  readonly contact: ContactRecord;
  readonly onRemoved: () => void;
}): JSX.Element {
  const services = useServices();
  const announce = useAnnounce();
  const remove = useRemove();
  const [editing, setEditing] = createSignal(false);
  const c = () => props.contact;
  const clients = () => [...new Set(c().links.map((l) => l.clientName))].join(', ');

  return (
    <div class="actions record-actions">
      <Show when={isEditable(c())}>
        <button type="button" class="button" onClick={() => setEditing(true)}>
          Edit
        </button>
        <ContactForm open={editing()} contact={c()} onClose={() => setEditing(false)} />
        <Confirmed
          label="Delete"
          title={`Delete ${c().name}?`}
          confirmLabel="Delete"
          danger
          act={async () => {
            const name = c().name;
            const result = await callWorker(services, (api) => api.deleteManualContact(c().id));
            if (!result.ok) return result.error;
            announce(`Deleted ${name}.`);
            props.onRemoved();
            return null;
          }}
        >
          <p>
            The manual contact {c().name} ({c().email}) is deleted from this browser. Nothing is changed in XPM.
          </p>
        </Confirmed>
      </Show>
      <Show when={canDetach(c())}>
        <Confirmed
          label="Make manual"
          title={`Make ${c().name} manual?`}
          confirmLabel="Make manual"
          act={async () => {
            const result = await callWorker(services, (api) => api.detachContact(c().id));
            if (!result.ok) return result.error;
            announce(`${c().name} is now a manual contact.`);
            return null;
          }}
        >
          <p>{c().name} becomes a manual contact that you can edit here, and sync never updates it again.</p>
          <p>
            <strong>The next sync creates a new synced contact</strong> for {c().name}
            {clients() === '' ? '' : ` (from ${clients()})`}, so the person then appears twice: this manual contact and
            the synced one. To find it, that sync reads every client from XPM once, so it takes as long as a Resync All.
            Nothing is changed in XPM.
          </p>
        </Confirmed>
      </Show>
      {/* A manual contact (also one a disconnect left marked missing) has Delete instead. */}
      <Show when={isRemovableContact(c()) && !isEditable(c())}>
        <Confirmed
          label="Remove"
          title={`Remove ${c().name}?`}
          confirmLabel="Remove"
          danger
          act={async () => {
            const failure = await remove({ contacts: [c().id] }, c().name);
            if (failure === null) props.onRemoved();
            return failure;
          }}
        >
          <p>
            {LOCAL_ONLY} {removalWhy(c().missingInXpm)}
          </p>
        </Confirmed>
      </Show>
    </div>
  );
}

export function ClientRemoveAction(props: {
  readonly client: ClientRecord;
  readonly onRemoved: () => void;
}): JSX.Element {
  const remove = useRemove();
  return (
    <Show when={isRemovableClient(props.client)}>
      <div class="actions record-actions">
        <Confirmed
          label="Remove"
          title={`Remove ${props.client.legalName}?`}
          confirmLabel="Remove"
          danger
          act={async () => {
            const failure = await remove({ clients: [props.client.id] }, props.client.legalName);
            if (failure === null) props.onRemoved();
            return failure;
          }}
        >
          <p>
            {LOCAL_ONLY} {removalWhy(true)} Its contacts are not removed with it.
          </p>
        </Confirmed>
      </div>
    </Show>
  );
}

export function StaffRemoveAction(props: { readonly staff: StaffRecord; readonly onRemoved: () => void }): JSX.Element {
  const remove = useRemove();
  return (
    <Show when={isRemovableStaff(props.staff)}>
      <div class="actions record-actions">
        <Confirmed
          label="Remove"
          title={`Remove ${props.staff.name}?`}
          confirmLabel="Remove"
          danger
          act={async () => {
            const failure = await remove({ staff: [props.staff.id] }, props.staff.name);
            if (failure === null) props.onRemoved();
            return failure;
          }}
        >
          <p>
            {LOCAL_ONLY} {removalWhy(true)}
          </p>
        </Confirmed>
      </div>
    </Show>
  );
}
