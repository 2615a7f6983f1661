/**
 * The sandbox's practice data, held the way XPM holds it: clients own links to contacts (a contact
 * can belong to several clients, and IsPrimary/Position belong to the link — xpm-api.md §2.4, §7.6),
 * staff are referenced by UUID with the name copied into the reference.
 *
 * Records are immutable: a change replaces the record object. The XML fragment cache checks the
 * record object, so replacing a record is what invalidates its cached XML.
 *
 * Every client, contact, staff member, group and relationship has two identities, as in XPM: the
 * UUID of v3.1 and the numeric id of v3.0 (`<ID>`, data/xpm-ids.ts). Both are fixed at creation and
 * never change, whichever shape the API answers in.
 */

/** XPM's numeric identifier (`<ID>` in v3.0 answers), e.g. 24097642. */
export type XpmId = number;

export interface StaffRecord {
  readonly uuid: string;
  readonly id: XpmId;
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly mobile: string;
  readonly address: string;
  readonly payrollCode: string;
}

/** `AccountManager`, `JobManager`, `BillingClient`, `RelatedClient`: both identities plus the name shown with it. */
export interface Ref {
  readonly uuid: string;
  readonly id: XpmId;
  readonly name: string;
}

export interface GroupRecord {
  readonly uuid: string;
  readonly id: XpmId;
  readonly name: string;
  readonly taxable: boolean;
}

export interface ContactRecord {
  readonly uuid: string;
  readonly id: XpmId;
  readonly name: string;
  readonly salutation: string;
  readonly addressee: string;
  readonly mobile: string;
  readonly email: string;
  readonly phone: string;
  readonly isDeleted: boolean;
}

/** A contact's link to one client; IsPrimary and Position are per link since the 2023 many-to-many change. */
export interface ContactLink {
  readonly contactUuid: string;
  readonly isPrimary: boolean;
  readonly position: string;
}

export interface NoteRecord {
  readonly title: string;
  readonly text: string;
  readonly folder: string;
  /** `yyyy-MM-ddTHH:mm:ss` */
  readonly date: string;
  readonly createdBy: string;
}

export interface RelationshipRecord {
  readonly uuid: string;
  readonly id: XpmId;
  readonly type: string;
  readonly relatedClient: Ref;
  readonly numberOfShares: string;
  readonly percentage: string;
  readonly startDate: string;
  readonly endDate: string;
}

/** The client's billing type (`<Type>`), not its business structure. */
export interface BillingType {
  readonly name: string;
  readonly costMarkup: string;
  readonly paymentTerm: 'DayOfMonth' | 'WithinDays';
  readonly paymentDay: string;
}

export type TaxJurisdiction = 'AU' | 'NZ' | 'OTHER';

/** The tax block; absent (null) for some clients, as for clients created through the API without tax data. */
export interface TaxDetails {
  readonly jurisdiction: TaxJurisdiction;
  readonly taxNumber: string;
  readonly companyNumber: string;
  readonly businessNumber: string;
  readonly branchNumber: string;
  readonly businessStructure: string;
  readonly balanceMonth: string;
  readonly gstRegistered: boolean;
  readonly prepareGst: boolean;
  readonly gstPeriod: string;
  readonly gstBasis: string;
  readonly provisionalTaxBasis: string;
  readonly provisionalTaxRatio: string;
  /** AU only */
  readonly prepareActivityStatement: boolean;
  readonly prepareTaxReturn: boolean;
  readonly activeAtoClient: boolean;
  /** NZ only */
  readonly signedTaxAuthority: boolean;
  readonly taxAgent: string;
  readonly agencyStatus: string;
  readonly returnType: string;
}

/** The plain-text client fields, by their camelCase names (XML names are the PascalCase forms). */
export const CLIENT_TEXT_FIELDS = [
  'name',
  'title',
  'gender',
  'firstName',
  'lastName',
  'otherName',
  'email',
  'dateOfBirth',
  'address',
  'city',
  'region',
  'postCode',
  'country',
  'postalAddress',
  'postalCity',
  'postalRegion',
  'postalPostCode',
  'postalCountry',
  'phone',
  'fax',
  'website',
  'referralSource',
  'exportCode',
  'clientCode',
] as const;
export type ClientTextField = (typeof CLIENT_TEXT_FIELDS)[number];

export const CLIENT_FLAG_FIELDS = ['isProspect', 'isArchived', 'isDeleted'] as const;
export type ClientFlagField = (typeof CLIENT_FLAG_FIELDS)[number];

export type ClientRecord = { readonly [K in ClientTextField]: string } & {
  readonly [K in ClientFlagField]: boolean;
} & {
  /** Creation order; paged-list cursors use it so a page boundary survives inserts and deletes. */
  readonly seq: number;
  readonly uuid: string;
  readonly id: XpmId;
  readonly accountManager: Ref | null;
  readonly jobManager: Ref | null;
  readonly billingType: BillingType | null;
  readonly billingClient: Ref | null;
  readonly tax: TaxDetails | null;
  readonly contacts: readonly ContactLink[];
  readonly notes: readonly NoteRecord[];
  readonly groupUuids: readonly string[];
  readonly relationships: readonly RelationshipRecord[];
  /** Milliseconds since the epoch on the sandbox clock; what `modifiedsince` compares against. */
  readonly modifiedAt: number;
};

export const CONTACT_TEXT_FIELDS = ['name', 'salutation', 'addressee', 'mobile', 'email', 'phone'] as const;
export type ContactTextField = (typeof CONTACT_TEXT_FIELDS)[number];

export const STAFF_TEXT_FIELDS = ['name', 'email', 'phone', 'mobile', 'address', 'payrollCode'] as const;

/** A whole generated practice, in XPM order (creation order). */
export interface PracticeData {
  readonly staff: readonly StaffRecord[];
  readonly groups: readonly GroupRecord[];
  readonly contacts: readonly ContactRecord[];
  readonly clients: readonly ClientRecord[];
  /** How many records of each kind of mess the generator put in (see data/mess.ts). */
  readonly mess: Readonly<Record<string, number>>;
}
