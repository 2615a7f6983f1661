/**
 * XPM records as read from the v3.1 XML API (xpm-api.md §2.5, §3).
 *
 * Every value is the exact string XPM sent (never a number, never trimmed); a missing element is ''.
 * Only the flags are interpreted: `Yes` (any case, surrounding white space ignored) is true.
 * Readers copy only these known fields into fresh objects; unknown elements are ignored.
 */

/** A reference to another XPM object (staff member, group, billing client). */
export interface XpmRef {
  readonly uuid: string;
  readonly name: string;
}

/** `Contacts/Contact` inside a client. */
export interface XpmContact {
  readonly uuid: string;
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
  readonly uuid: string;
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
  readonly accountManager: XpmRef | null;
  /** The client's manager ("JobManager"); null when not set. */
  readonly jobManager: XpmRef | null;
  /** `Groups/Group` (detailed only); [] when absent. */
  readonly groups: readonly XpmRef[];
  /** `Contacts/Contact` in XPM order; [] when absent. */
  readonly contacts: readonly XpmContact[];
}

/** `StaffList/Staff` from `staff.api/list`. */
export interface XpmStaff {
  readonly uuid: string;
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly mobile: string;
}

/** A Xero connection from `GET /connections` (xpm-api.md §6.4). */
export interface XeroConnection {
  readonly id: string;
  readonly tenantId: string;
  readonly tenantType: string;
  readonly tenantName: string;
  readonly createdDateUtc: string;
  readonly updatedDateUtc: string;
}
