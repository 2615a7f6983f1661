/**
 * `POST /__sandbox/mutate`: changes a practice between syncs. Each operation is a JSON object with an
 * `op` name; a body may also hold `{ "ops": [...] }`. Every operation answers with what it changed.
 * See README "Test controls" for each operation's fields.
 */
import type { ClientRecord, ContactRecord, Ref, StaffRecord } from '../data/model';
import { CLIENT_FLAG_FIELDS, CLIENT_TEXT_FIELDS, CONTACT_TEXT_FIELDS, STAFF_TEXT_FIELDS } from '../data/model';
import type { ChangeSet, ClientPatch, ContactPatch, PracticeStore, StaffPatch } from '../data/practice-store';
import { defaultTax, emptyChangeSet } from '../data/practice-store';
import type { ClientView } from '../data/views';
import { clientView } from '../data/views';
import type { JsonObject } from './json-input';
import {
  InputError,
  asObject,
  onlyKeys,
  optBoolean,
  optInteger,
  optString,
  optStringArray,
  reqString,
} from './json-input';

export const MUTATION_OPS = [
  'addClient',
  'editClient',
  'deleteClient',
  'archiveClient',
  'purgeClient',
  'mergeClients',
  'touchClients',
  'addContact',
  'editContact',
  'deleteContact',
  'linkContact',
  'unlinkContact',
  'addStaff',
  'editStaff',
] as const;
export type MutationOp = (typeof MUTATION_OPS)[number];

export interface MutationResult {
  readonly op: MutationOp;
  readonly changed: ChangeSet;
  readonly client?: ClientView;
  readonly contact?: ContactRecord;
  readonly staff?: StaffRecord;
}

/** touchClients' upper bound: more than any practice the sandbox generates. */
const MAX_TOUCH = 1_000_000;

const CLIENT_REF_FIELDS = ['accountManager', 'jobManager', 'billingClient', 'businessStructure', 'groups'] as const;
export const CLIENT_EDIT_FIELDS: readonly string[] = [
  ...CLIENT_TEXT_FIELDS,
  ...CLIENT_FLAG_FIELDS,
  ...CLIENT_REF_FIELDS,
];
const CONTACT_EDIT_FIELDS: readonly string[] = [...CONTACT_TEXT_FIELDS, 'isDeleted'];

function nullableString(o: JsonObject, key: string): string | null | undefined {
  return o[key] === null ? null : optString(o, key);
}

/** Client fields as given in a control body → a patch; references are given by UUID, groups by name. */
function clientPatch(store: PracticeStore, value: unknown, base: ClientRecord | null): ClientPatch {
  const o = asObject(value ?? {}, 'Client fields');
  onlyKeys(o, CLIENT_EDIT_FIELDS, 'Client fields');
  const patch: { -readonly [K in keyof ClientPatch]: ClientPatch[K] } = {};
  for (const field of CLIENT_TEXT_FIELDS) {
    const v = optString(o, field);
    if (v !== undefined) patch[field] = v;
  }
  for (const field of CLIENT_FLAG_FIELDS) {
    const v = optBoolean(o, field);
    if (v !== undefined) patch[field] = v;
  }
  const staffRef = (key: string): Ref | null | undefined => {
    const uuid = nullableString(o, key);
    return uuid === undefined ? undefined : uuid === null ? null : store.staffRef(uuid);
  };
  const accountManager = staffRef('accountManager');
  if (accountManager !== undefined) patch.accountManager = accountManager;
  const jobManager = staffRef('jobManager');
  if (jobManager !== undefined) patch.jobManager = jobManager;
  const billing = nullableString(o, 'billingClient');
  if (billing !== undefined) {
    const target = billing === null ? undefined : store.getClient(billing);
    if (billing !== null && !target) throw new InputError(`No client ${billing}.`);
    patch.billingClient = target ? { uuid: target.uuid, id: target.id, name: target.name } : null;
  }
  const structure = nullableString(o, 'businessStructure');
  if (structure !== undefined) {
    patch.tax =
      structure === null ? null : base?.tax ? { ...base.tax, businessStructure: structure } : defaultTax(structure);
  }
  const groups = optStringArray(o, 'groups');
  if (groups !== undefined) patch.groupUuids = groups.map((name) => store.groupNamed(name).uuid);
  return patch;
}

function contactPatch(value: unknown): ContactPatch {
  const o = asObject(value ?? {}, 'Contact fields');
  onlyKeys(o, CONTACT_EDIT_FIELDS, 'Contact fields');
  const patch: { -readonly [K in keyof ContactPatch]: ContactPatch[K] } = {};
  for (const field of CONTACT_TEXT_FIELDS) {
    const v = optString(o, field);
    if (v !== undefined) patch[field] = v;
  }
  const deleted = optBoolean(o, 'isDeleted');
  if (deleted !== undefined) patch.isDeleted = deleted;
  return patch;
}

function staffPatch(value: unknown): StaffPatch {
  const o = asObject(value ?? {}, 'Staff fields');
  onlyKeys(o, STAFF_TEXT_FIELDS, 'Staff fields');
  const patch: { -readonly [K in keyof StaffPatch]: StaffPatch[K] } = {};
  for (const field of STAFF_TEXT_FIELDS) {
    const v = optString(o, field);
    if (v !== undefined) patch[field] = v;
  }
  return patch;
}

function linkOf(o: JsonObject): { isPrimary: boolean; position: string } {
  return { isPrimary: optBoolean(o, 'isPrimary') ?? false, position: optString(o, 'position') ?? '' };
}

const KEYS: Readonly<Record<MutationOp, readonly string[]>> = {
  addClient: ['uuid', 'client', 'contacts'],
  editClient: ['uuid', 'fields'],
  deleteClient: ['uuid'],
  archiveClient: ['uuid', 'archived'],
  purgeClient: ['uuid'],
  mergeClients: ['source', 'target'],
  touchClients: ['uuids', 'count'],
  addContact: ['client', 'contact', 'isPrimary', 'position', 'uuid'],
  editContact: ['uuid', 'fields'],
  deleteContact: ['uuid'],
  linkContact: ['contact', 'client', 'isPrimary', 'position'],
  unlinkContact: ['contact', 'client'],
  addStaff: ['uuid', 'staff'],
  editStaff: ['uuid', 'fields'],
};

/** Applies one operation to a practice. Throws InputError or MutationError (both answered with 400). */
export function applyMutation(store: PracticeStore, spec: unknown): MutationResult {
  const o = asObject(spec, 'A mutation');
  const opName = reqString(o, 'op');
  const op = MUTATION_OPS.find((m) => m === opName);
  if (!op) throw new InputError(`Unknown op "${opName}"; one of ${MUTATION_OPS.join(', ')}.`);
  onlyKeys(o, ['op', 'tenant', ...KEYS[op]], op);
  const changed = emptyChangeSet();
  const withClient = (client: ClientRecord): MutationResult => {
    changed.clients.push(client.uuid);
    return { op, changed, client: clientView(client, store) };
  };
  switch (op) {
    case 'addClient': {
      const client = store.addClient(clientPatch(store, o.client, null), optString(o, 'uuid'));
      const contacts = o.contacts === undefined ? [] : o.contacts;
      if (!Array.isArray(contacts)) throw new InputError('"contacts" must be a list.');
      for (const item of contacts) {
        const c = asObject(item, 'A contact');
        onlyKeys(c, ['contact', 'isPrimary', 'position', 'uuid'], 'A contact');
        changed.contacts.push(
          store.addContact(client.uuid, contactPatch(c.contact), linkOf(c), optString(c, 'uuid')).uuid,
        );
      }
      return withClient(store.getClient(client.uuid) ?? client);
    }
    case 'editClient': {
      const uuid = reqString(o, 'uuid');
      return withClient(store.editClient(uuid, clientPatch(store, o.fields, store.getClient(uuid) ?? null)));
    }
    case 'deleteClient':
      return withClient(store.editClient(reqString(o, 'uuid'), { isDeleted: true }));
    case 'archiveClient':
      return withClient(store.editClient(reqString(o, 'uuid'), { isArchived: optBoolean(o, 'archived') ?? true }));
    case 'purgeClient':
      changed.removedClients.push(store.purgeClient(reqString(o, 'uuid')).uuid);
      return { op, changed };
    case 'mergeClients': {
      const source = reqString(o, 'source');
      const target = store.mergeClients(source, reqString(o, 'target'));
      changed.removedClients.push(source);
      return withClient(target);
    }
    case 'touchClients': {
      const uuids = optStringArray(o, 'uuids');
      const count = optInteger(o, 'count', 1, MAX_TOUCH);
      if ((uuids === undefined) === (count === undefined))
        throw new InputError('touchClients needs exactly one of "uuids" or "count".');
      const targets =
        uuids ??
        store
          .listClients()
          .filter((c) => !c.isDeleted && !c.isArchived)
          .slice(0, count)
          .map((c) => c.uuid);
      for (const uuid of targets) changed.clients.push(store.touchClient(uuid).uuid);
      return { op, changed };
    }
    case 'addContact': {
      const clientUuid = reqString(o, 'client');
      const contact = store.addContact(clientUuid, contactPatch(o.contact), linkOf(o), optString(o, 'uuid'));
      changed.contacts.push(contact.uuid);
      changed.clients.push(clientUuid);
      return { op, changed, contact };
    }
    case 'editContact':
    case 'deleteContact': {
      const uuid = reqString(o, 'uuid');
      const { contact, clients } = store.editContact(
        uuid,
        op === 'deleteContact' ? { isDeleted: true } : contactPatch(o.fields),
      );
      changed.contacts.push(uuid);
      changed.clients.push(...clients.map((c) => c.uuid));
      return { op, changed, contact };
    }
    case 'linkContact':
      changed.contacts.push(reqString(o, 'contact'));
      return withClient(store.linkContact(reqString(o, 'contact'), reqString(o, 'client'), linkOf(o)));
    case 'unlinkContact':
      changed.contacts.push(reqString(o, 'contact'));
      return withClient(store.unlinkContact(reqString(o, 'contact'), reqString(o, 'client')));
    case 'addStaff': {
      const staff = store.addStaff(staffPatch(o.staff), optString(o, 'uuid'));
      changed.staff.push(staff.uuid);
      return { op, changed, staff };
    }
    case 'editStaff': {
      const { staff, clients } = store.editStaff(reqString(o, 'uuid'), staffPatch(o.fields));
      changed.staff.push(staff.uuid);
      changed.clients.push(...clients.map((c) => c.uuid));
      return { op, changed, staff };
    }
  }
}
