/**
 * Plain-JSON views of a practice for `GET /__sandbox/data` and the mutation results, so tests can
 * compute what the XML should say without parsing it (an independent check of the serializer and of
 * the app's readers). Contacts are shown resolved inside each client, with the link's IsPrimary and
 * Position; modification times are ISO strings. Every record and reference carries both its `uuid`
 * (v3.1) and its numeric `id` (v3.0's `<ID>`).
 */
import type {
  ClientRecord,
  ContactRecord,
  GroupRecord,
  NoteRecord,
  Ref,
  RelationshipRecord,
  StaffRecord,
  TaxDetails,
  BillingType,
} from './model';
import type { PracticeStore } from './practice-store';

export interface ClientContactView extends ContactRecord {
  readonly isPrimary: boolean;
  readonly position: string;
}

export interface ClientView {
  readonly seq: number;
  readonly uuid: string;
  /** XPM's numeric id (`<ID>` in v3.0 answers). */
  readonly id: number;
  readonly name: string;
  readonly title: string;
  readonly gender: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly otherName: string;
  readonly email: string;
  readonly dateOfBirth: string;
  readonly address: string;
  readonly city: string;
  readonly region: string;
  readonly postCode: string;
  readonly country: string;
  readonly postalAddress: string;
  readonly postalCity: string;
  readonly postalRegion: string;
  readonly postalPostCode: string;
  readonly postalCountry: string;
  readonly phone: string;
  readonly fax: string;
  readonly website: string;
  readonly referralSource: string;
  readonly exportCode: string;
  readonly clientCode: string;
  readonly isProspect: boolean;
  readonly isArchived: boolean;
  readonly isDeleted: boolean;
  readonly accountManager: Ref | null;
  readonly jobManager: Ref | null;
  readonly billingType: BillingType | null;
  readonly billingClient: Ref | null;
  /** Convenience copy of `tax.businessStructure`; null when the tax block is absent. */
  readonly businessStructure: string | null;
  readonly tax: TaxDetails | null;
  readonly contacts: readonly ClientContactView[];
  readonly notes: readonly NoteRecord[];
  readonly groups: readonly Ref[];
  readonly relationships: readonly RelationshipRecord[];
  /** `yyyy-MM-ddTHH:mm:ss.sssZ` */
  readonly modifiedAt: string;
}

export interface PracticeView {
  readonly tenantId: string;
  readonly tenantName: string;
  readonly seed: string;
  readonly staff: readonly StaffRecord[];
  readonly groups: readonly GroupRecord[];
  /** Every contact record, linked or not. */
  readonly contacts: readonly ContactRecord[];
  readonly clients: readonly ClientView[];
  /** Counts of each kind of generated mess (generated state; changes made later are not counted). */
  readonly mess: Readonly<Record<string, number>>;
}

export function clientView(client: ClientRecord, store: PracticeStore): ClientView {
  const { seq, uuid, id, contacts, groupUuids, modifiedAt, tax, ...fields } = client;
  return {
    seq,
    uuid,
    id,
    ...fields,
    tax,
    businessStructure: tax?.businessStructure ?? null,
    contacts: contacts.flatMap((link) => {
      const contact = store.getContact(link.contactUuid);
      return contact ? [{ ...contact, isPrimary: link.isPrimary, position: link.position }] : [];
    }),
    groups: groupUuids.flatMap((g) => {
      const group = store.getGroup(g);
      return group ? [{ uuid: group.uuid, id: group.id, name: group.name }] : [];
    }),
    modifiedAt: new Date(modifiedAt).toISOString(),
  };
}

export function practiceView(store: PracticeStore): PracticeView {
  return {
    tenantId: store.tenantId,
    tenantName: store.tenantName,
    seed: store.profile.seed,
    staff: store.listStaff(),
    groups: store.listGroups(),
    contacts: store.listContacts(),
    clients: store.listClients().map((c) => clientView(c, store)),
    mess: store.mess,
  };
}
