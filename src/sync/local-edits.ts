/**
 * Writes outside a sync run (a disconnect, a manual contact, a detach, a removal). A run skips a client
 * whose XPM content has not changed since it was last evaluated (session/fingerprint.ts), trusting that
 * its stored records are what that evaluation left. So every local write clears the fingerprints of the
 * XPM clients its records link to: the next run evaluates those clients again and repairs or relinks.
 */
import type { ClientRecord, ContactRecord } from '../domain/records';
import type { XpmClientId } from '../domain/ids';
import type { StoreTx } from './ports';

/** The XPM clients whose stored state a change to these records may contradict. */
export function clientsTouchedBy(
  contacts: readonly Pick<ContactRecord, 'links'>[],
  clients: readonly Pick<ClientRecord, 'xpmId'>[],
): XpmClientId[] {
  const ids = new Set<XpmClientId>();
  for (const contact of contacts) for (const link of contact.links) ids.add(link.clientId);
  for (const client of clients) ids.add(client.xpmId);
  return [...ids];
}

/** Clears the fingerprints of these clients (their fix-list entries stay until the next run). */
export async function forgetFingerprints(tx: StoreTx, clientIds: readonly XpmClientId[]): Promise<void> {
  const states = await tx.sourceStates(clientIds);
  await tx.putSourceStates(states.filter((state) => state.hash !== null).map((state) => ({ ...state, hash: null })));
}

/** Writes records changed locally and clears the fingerprints of the clients they link to (before and after). */
export async function writeLocalEdit(
  tx: StoreTx,
  edit: {
    readonly contacts?: readonly ContactRecord[];
    readonly clients?: readonly ClientRecord[];
    /** The records as they were, whose links count too (a detach empties sourceKeys, not links). */
    readonly before?: { readonly contacts?: readonly ContactRecord[]; readonly clients?: readonly ClientRecord[] };
  },
): Promise<void> {
  const contacts = edit.contacts ?? [];
  const clients = edit.clients ?? [];
  await tx.putContacts(contacts);
  await tx.putClients(clients);
  await forgetFingerprints(
    tx,
    clientsTouchedBy([...contacts, ...(edit.before?.contacts ?? [])], [...clients, ...(edit.before?.clients ?? [])]),
  );
}
