/**
 * One XPM practice's live data: the generated practice plus every change made through the test
 * controls. Changes replace records (see data/model.ts) and set the client's modification time to
 * the sandbox clock, which is what `client.api/list?modifiedsince=` reads.
 *
 * Sandbox rules where XPM's are unknown (xpm-api.md §10, README "Assumptions"):
 * - adding, editing, deleting, linking or unlinking a contact bumps every client it is linked to;
 * - renaming a staff member updates the name in client references without bumping the clients;
 * - delete sets IsDeleted=Yes and archive IsArchived=Yes (both stay in `list`); purge and the merge
 *   source remove the client entirely;
 * - a record keeps its UUID and numeric id through every change (a merge keeps the target's).
 */
import type { SandboxClock } from '../clock';
import type {
  ClientRecord,
  ContactLink,
  ContactRecord,
  GroupRecord,
  PracticeData,
  Ref,
  StaffRecord,
  TaxDetails,
} from './model';
import { generatePractice } from './generator';
import type { Organisation, PracticeProfile } from './tenants';
import type { Rng } from './prng';
import { createRng } from './prng';
import type { XpmIdKind, XpmIds } from './xpm-ids';
import { continuedIds } from './xpm-ids';

/** A change the store refused (unknown UUID, contact already linked, …); the control answers 400. */
export class MutationError extends Error {
  override readonly name = 'MutationError';
}

export type ClientPatch = Partial<Omit<ClientRecord, 'seq' | 'uuid' | 'id' | 'modifiedAt'>>;
export type ContactPatch = Partial<Omit<ContactRecord, 'uuid' | 'id'>>;
export type StaffPatch = Partial<Omit<StaffRecord, 'uuid' | 'id'>>;

/** What one change touched, by UUID. */
export interface ChangeSet {
  readonly clients: string[];
  readonly contacts: string[];
  readonly staff: string[];
  /** Clients that vanished (purge, merge source). */
  readonly removedClients: string[];
}

export function emptyChangeSet(): ChangeSet {
  return { clients: [], contacts: [], staff: [], removedClients: [] };
}

export class PracticeStore {
  readonly tenantId: string;
  readonly tenantName: string;
  readonly profile: PracticeProfile;
  private clients = new Map<string, ClientRecord>();
  private contacts = new Map<string, ContactRecord>();
  private staff = new Map<string, StaffRecord>();
  private groups = new Map<string, GroupRecord>();
  /** Client UUID by numeric id: v3.0's `get/{id}` and the `/Client/{id}/Detail` page address clients by id. */
  private clientUuidById = new Map<number, string>();
  private nextSeq = 1;
  private rng: Rng;
  private ids: XpmIds;
  private generated: PracticeData;
  /** The generated practice's highest id of each kind: added records continue above them. */
  private readonly generatedHighestIds: Readonly<Record<XpmIdKind, number | null>>;
  /** Bumped on every change, so callers can tell whether anything changed. */
  version = 0;

  constructor(
    organisation: Organisation & { readonly practice: PracticeProfile },
    private readonly clock: SandboxClock,
    /** The instant generated modification times are placed before. */
    private readonly anchor: number,
  ) {
    this.tenantId = organisation.tenantId;
    this.tenantName = organisation.tenantName;
    this.profile = organisation.practice;
    this.generated = this.generate();
    this.generatedHighestIds = highestIds(this.generated);
    this.rng = createRng('');
    this.ids = continuedIds('', this.generatedHighestIds);
    this.load();
  }

  private generate(): PracticeData {
    return generatePractice({
      seed: this.profile.seed,
      clients: this.profile.clients,
      anchor: this.anchor,
      practiceName: this.tenantName,
      practiceDomain: this.profile.domain,
      catchment: this.profile.catchment,
    });
  }

  private load(): void {
    const data = this.generated;
    this.clients = new Map(data.clients.map((c) => [c.uuid, c]));
    this.contacts = new Map(data.contacts.map((c) => [c.uuid, c]));
    this.staff = new Map(data.staff.map((s) => [s.uuid, s]));
    this.groups = new Map(data.groups.map((g) => [g.uuid, g]));
    this.clientUuidById = new Map(data.clients.map((c) => [c.id, c.uuid]));
    this.nextSeq = data.clients.reduce((max, c) => Math.max(max, c.seq), 0) + 1;
    // Mutations draw UUIDs and ids from their own seeded streams, so a test's sequence of changes is repeatable.
    this.rng = createRng(`mutations:${this.profile.seed}:${this.tenantName}`);
    this.ids = continuedIds(`${this.profile.seed}:${this.tenantName}`, this.generatedHighestIds);
    this.version += 1;
  }

  /** Back to the generated state. The generated data is immutable, so it is reused, not regenerated. */
  reset(): void {
    this.load();
  }

  /** The kinds of mess in the generated practice, with counts. */
  get mess(): Readonly<Record<string, number>> {
    return this.generated.mess;
  }

  // ---- reads ----

  /** Every client in creation order (a fresh array: a response streams from a stable snapshot). */
  listClients(): ClientRecord[] {
    return Array.from(this.clients.values());
  }

  getClient(uuid: string): ClientRecord | undefined {
    return this.clients.get(uuid);
  }

  /** A client by its numeric XPM id. */
  getClientById(id: number): ClientRecord | undefined {
    const uuid = this.clientUuidById.get(id);
    return uuid === undefined ? undefined : this.clients.get(uuid);
  }

  getContact(uuid: string): ContactRecord | undefined {
    return this.contacts.get(uuid);
  }

  getGroup(uuid: string): GroupRecord | undefined {
    return this.groups.get(uuid);
  }

  listStaff(): StaffRecord[] {
    return Array.from(this.staff.values());
  }

  listGroups(): GroupRecord[] {
    return Array.from(this.groups.values());
  }

  listContacts(): ContactRecord[] {
    return Array.from(this.contacts.values());
  }

  /** The staff member as a reference, or a MutationError naming the unknown UUID. */
  staffRef(uuid: string): Ref {
    const member = this.staff.get(uuid);
    if (!member) throw new MutationError(`No staff member ${uuid}.`);
    return { uuid: member.uuid, id: member.id, name: member.name };
  }

  /** A group by name, created when new (group names are how a person edits groups in XPM). */
  groupNamed(name: string): GroupRecord {
    for (const group of this.groups.values()) if (group.name === name) return group;
    const group = { uuid: this.rng.uuid(), id: this.ids.group(), name, taxable: false };
    this.groups.set(group.uuid, group);
    return group;
  }

  // ---- writes ----

  private requireClient(uuid: string): ClientRecord {
    const client = this.clients.get(uuid);
    if (!client) throw new MutationError(`No client ${uuid}.`);
    return client;
  }

  private requireContact(uuid: string): ContactRecord {
    const contact = this.contacts.get(uuid);
    if (!contact) throw new MutationError(`No contact ${uuid}.`);
    return contact;
  }

  /** Replaces a client; `bump` sets its modification time to now. Replacing is what invalidates cached XML. */
  private replaceClient(client: ClientRecord, patch: ClientPatch, bump: boolean): ClientRecord {
    const next: ClientRecord = { ...client, ...patch, modifiedAt: bump ? this.clock.now() : client.modifiedAt };
    this.clients.set(client.uuid, next);
    this.version += 1;
    return next;
  }

  /** Clients a contact is linked to. */
  clientsOfContact(contactUuid: string): ClientRecord[] {
    return this.listClients().filter((c) => c.contacts.some((l) => l.contactUuid === contactUuid));
  }

  addClient(patch: ClientPatch, uuid?: string): ClientRecord {
    const id = uuid ?? this.rng.uuid();
    if (this.clients.has(id)) throw new MutationError(`Client ${id} already exists.`);
    const seq = this.nextSeq++;
    const partner = this.listStaff().find((s) => s.email !== '');
    const client: ClientRecord = {
      seq,
      uuid: id,
      id: this.ids.client(),
      name: `New Client ${seq}`,
      title: '',
      gender: '',
      firstName: '',
      lastName: '',
      otherName: '',
      email: '',
      dateOfBirth: '',
      address: '',
      city: '',
      region: '',
      postCode: '',
      country: '',
      postalAddress: '',
      postalCity: '',
      postalRegion: '',
      postalPostCode: '',
      postalCountry: '',
      phone: '',
      fax: '',
      website: '',
      referralSource: '',
      exportCode: '',
      clientCode: `NEW${String(seq).padStart(5, '0')}`,
      isProspect: false,
      isArchived: false,
      isDeleted: false,
      accountManager: partner ? { uuid: partner.uuid, id: partner.id, name: partner.name } : null,
      jobManager: null,
      billingType: null,
      billingClient: null,
      tax: defaultTax('Company'),
      contacts: [],
      notes: [],
      groupUuids: [],
      relationships: [],
      ...patch,
      modifiedAt: this.clock.now(),
    };
    this.clients.set(id, client);
    this.clientUuidById.set(client.id, id);
    this.version += 1;
    return client;
  }

  editClient(uuid: string, patch: ClientPatch): ClientRecord {
    return this.replaceClient(this.requireClient(uuid), patch, true);
  }

  /** Bumps modification times without changing anything else (a "touch" for incremental-sync tests). */
  touchClient(uuid: string): ClientRecord {
    return this.replaceClient(this.requireClient(uuid), {}, true);
  }

  /** Removes a client entirely; its contacts stay wherever else they are linked. */
  purgeClient(uuid: string): ClientRecord {
    const client = this.requireClient(uuid);
    this.clients.delete(uuid);
    this.clientUuidById.delete(client.id);
    this.version += 1;
    return client;
  }

  /** XPM's merge: the source vanishes, its contacts, notes and groups move to the target. */
  mergeClients(sourceUuid: string, targetUuid: string): ClientRecord {
    if (sourceUuid === targetUuid) throw new MutationError('A client cannot be merged into itself.');
    const source = this.requireClient(sourceUuid);
    const target = this.requireClient(targetUuid);
    const contacts: ContactLink[] = [...target.contacts];
    const hasPrimary = contacts.some((l) => l.isPrimary);
    for (const link of source.contacts) {
      if (contacts.some((l) => l.contactUuid === link.contactUuid)) continue;
      contacts.push({ ...link, isPrimary: link.isPrimary && !hasPrimary });
    }
    this.clients.delete(sourceUuid);
    this.clientUuidById.delete(source.id);
    return this.replaceClient(
      target,
      {
        contacts,
        notes: [...target.notes, ...source.notes],
        groupUuids: [...new Set([...target.groupUuids, ...source.groupUuids])],
      },
      true,
    );
  }

  /** Creates a contact and links it to a client; a new primary contact replaces the old primary. */
  addContact(
    clientUuid: string,
    patch: ContactPatch,
    link: { isPrimary: boolean; position: string },
    uuid?: string,
  ): ContactRecord {
    const client = this.requireClient(clientUuid);
    const id = uuid ?? this.rng.uuid();
    if (this.contacts.has(id)) throw new MutationError(`Contact ${id} already exists.`);
    const contact: ContactRecord = {
      uuid: id,
      id: this.ids.contact(),
      name: '',
      salutation: '',
      addressee: '',
      mobile: '',
      email: '',
      phone: '',
      isDeleted: false,
      ...patch,
    };
    this.contacts.set(id, contact);
    this.linkInto(client, id, link);
    return contact;
  }

  private linkInto(
    client: ClientRecord,
    contactUuid: string,
    link: { isPrimary: boolean; position: string },
  ): ClientRecord {
    const others = link.isPrimary
      ? client.contacts.map((l) => (l.isPrimary ? { ...l, isPrimary: false } : l))
      : client.contacts;
    return this.replaceClient(client, { contacts: [...others, { contactUuid, ...link }] }, true);
  }

  /** Changes a contact; every client it is linked to counts as modified. */
  editContact(uuid: string, patch: ContactPatch): { contact: ContactRecord; clients: ClientRecord[] } {
    const contact: ContactRecord = { ...this.requireContact(uuid), ...patch, uuid };
    this.contacts.set(uuid, contact);
    const clients = this.clientsOfContact(uuid).map((c) => this.replaceClient(c, {}, true));
    this.version += 1;
    return { contact, clients };
  }

  linkContact(contactUuid: string, clientUuid: string, link: { isPrimary: boolean; position: string }): ClientRecord {
    this.requireContact(contactUuid);
    const client = this.requireClient(clientUuid);
    if (client.contacts.some((l) => l.contactUuid === contactUuid)) {
      throw new MutationError(`Contact ${contactUuid} is already linked to client ${clientUuid}.`);
    }
    return this.linkInto(client, contactUuid, link);
  }

  unlinkContact(contactUuid: string, clientUuid: string): ClientRecord {
    const client = this.requireClient(clientUuid);
    if (!client.contacts.some((l) => l.contactUuid === contactUuid)) {
      throw new MutationError(`Contact ${contactUuid} is not linked to client ${clientUuid}.`);
    }
    return this.replaceClient(client, { contacts: client.contacts.filter((l) => l.contactUuid !== contactUuid) }, true);
  }

  addStaff(patch: StaffPatch, uuid?: string): StaffRecord {
    const id = uuid ?? this.rng.uuid();
    if (this.staff.has(id)) throw new MutationError(`Staff member ${id} already exists.`);
    const member: StaffRecord = {
      uuid: id,
      id: this.ids.staff(),
      name: 'New Staff',
      email: '',
      phone: '',
      mobile: '',
      address: '',
      payrollCode: '',
      ...patch,
    };
    this.staff.set(id, member);
    this.version += 1;
    return member;
  }

  /** Changes a staff member; a new name is copied into client references (clients are not bumped). */
  editStaff(uuid: string, patch: StaffPatch): { staff: StaffRecord; clients: ClientRecord[] } {
    const before = this.staff.get(uuid);
    if (!before) throw new MutationError(`No staff member ${uuid}.`);
    const member: StaffRecord = { ...before, ...patch, uuid };
    this.staff.set(uuid, member);
    this.version += 1;
    const clients: ClientRecord[] = [];
    if (member.name !== before.name) {
      const rename = (r: Ref | null): Ref | null => (r && r.uuid === uuid ? { ...r, name: member.name } : r);
      for (const client of this.listClients()) {
        if (client.accountManager?.uuid === uuid || client.jobManager?.uuid === uuid) {
          clients.push(
            this.replaceClient(
              client,
              { accountManager: rename(client.accountManager), jobManager: rename(client.jobManager) },
              false,
            ),
          );
        }
      }
    }
    return { staff: member, clients };
  }
}

/** The highest numeric id of each kind in a practice (null when it has none), so added records continue above. */
function highestIds(data: PracticeData): Record<XpmIdKind, number | null> {
  const out: Record<XpmIdKind, number | null> = {
    client: null,
    contact: null,
    staff: null,
    group: null,
    relationship: null,
  };
  const see = (kind: XpmIdKind, id: number): void => {
    const max = out[kind];
    if (max === null || id > max) out[kind] = id;
  };
  for (const s of data.staff) see('staff', s.id);
  for (const g of data.groups) see('group', g.id);
  for (const c of data.contacts) see('contact', c.id);
  for (const c of data.clients) {
    see('client', c.id);
    // Former staff still named on clients keep their ids too: a new staff member must not reuse one.
    if (c.accountManager) see('staff', c.accountManager.id);
    if (c.jobManager) see('staff', c.jobManager.id);
    for (const r of c.relationships) see('relationship', r.id);
  }
  return out;
}

/** A minimal Australian tax block for a client created through a control. */
export function defaultTax(businessStructure: string): TaxDetails {
  return {
    jurisdiction: 'AU',
    taxNumber: '',
    companyNumber: '',
    businessNumber: '',
    branchNumber: '',
    businessStructure,
    balanceMonth: '6',
    gstRegistered: false,
    prepareGst: false,
    gstPeriod: '',
    gstBasis: '',
    provisionalTaxBasis: '',
    provisionalTaxRatio: '',
    prepareActivityStatement: false,
    prepareTaxReturn: true,
    activeAtoClient: true,
    signedTaxAuthority: false,
    taxAgent: '',
    agencyStatus: '',
    returnType: '',
  };
}
