/**
 * XPM records as read from the XML API, v3.1 or v3.0 (xpm-api.md §2.5, §3).
 *
 * Every value is the exact string XPM sent (never a number, never trimmed); a missing element is ''.
 * Only the flags are interpreted: `Yes` (any case, surrounding white space ignored) is true.
 * Readers copy only these known fields into fresh objects; unknown elements are ignored.
 *
 * Identity (`key`): the UUID when it looks like one, else `id:<ID>` when XPM sent only its integer id
 * (contacts and staff in XPM 3.0), else null — decided by the reader when the record closes, so no
 * record can reach the engine with a shared or empty key.
 */
import type { TenantId, XpmClientId, XpmContactId, XpmStaffId } from '../domain/ids';

/** A reference to another XPM object (a group, a billing client). */
export interface XpmRef {
  readonly uuid: string;
  /** `<ID>`, XPM's integer id (3.0 responses). */
  readonly numericId: string;
  readonly name: string;
}

/** A reference to a staff member (a client's partner or manager), with the identity the reader derived. */
export interface XpmStaffRef extends XpmRef {
  readonly key: XpmStaffId | null;
}

/** `Contacts/Contact` inside a client. */
export interface XpmContact {
  readonly key: XpmContactId | null;
  readonly uuid: string;
  /** `<ID>`, XPM's integer id (the only id of a contact in 3.0 responses). */
  readonly numericId: string;
  readonly name: string;
  readonly salutation: string;
  readonly addressee: string;
  readonly mobile: string;
  readonly email: string;
  readonly phone: string;
  readonly position: string;
  readonly isPrimary: boolean;
  readonly isDeleted: boolean;
}

/** `Clients/Client` from `client.api/list` (detailed or not) or `client.api/get/{uuid}`. */
export interface XpmClient {
  readonly key: XpmClientId | null;
  readonly uuid: string;
  /** `<ID>`, XPM's integer id (3.0 responses carry it beside the UUID). */
  readonly numericId: string;
  readonly name: string;
  readonly title: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly phone: string;
  readonly fax: string;
  readonly website: string;
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
  readonly clientCode: string;
  readonly exportCode: string;
  readonly businessNumber: string;
  readonly businessStructure: string;
  readonly isArchived: boolean;
  readonly isDeleted: boolean;
  readonly isProspect: boolean;
  /** The client's partner in XPM's UI ("AccountManager" in the API); null when not set. */
  readonly accountManager: XpmStaffRef | null;
  /** The client's manager ("JobManager"); null when not set. */
  readonly jobManager: XpmStaffRef | null;
  /** `Groups/Group` (detailed only); [] when absent. */
  readonly groups: readonly XpmRef[];
  /** `Contacts/Contact` in XPM order; [] when absent. */
  readonly contacts: readonly XpmContact[];
}

/** `StaffList/Staff` from `staff.api/list`. */
export interface XpmStaff {
  readonly key: XpmStaffId | null;
  readonly uuid: string;
  /** `<ID>`, XPM's integer id (the only id of a staff member in 3.0 responses). */
  readonly numericId: string;
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly mobile: string;
}

/** A Xero connection from `GET /connections` (xpm-api.md §6.4). */
export interface XeroConnection {
  readonly id: string;
  readonly tenantId: TenantId;
  readonly tenantType: string;
  readonly tenantName: string;
  readonly createdDateUtc: string;
  readonly updatedDateUtc: string;
}
