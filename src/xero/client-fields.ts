/**
 * Where each XpmClient / XpmContact field comes from (element names, xpm-api.md §2.5) and the blank
 * records a reader fills in: every field present, '' / false / null / [] until its element is read.
 */
import type { XpmClient, XpmContact, XpmRef } from './types';
import type { Draft, FlagKey, TextKey } from './record-fields';

export type ClientDraft = Omit<Draft<XpmClient>, 'contacts' | 'groups'> & { contacts: XpmContact[]; groups: XpmRef[] };

export const CLIENT_TEXT: ReadonlyMap<string, TextKey<XpmClient>> = new Map<string, TextKey<XpmClient>>([
  ['UUID', 'uuid'],
  ['ID', 'numericId'],
  ['Name', 'name'],
  ['Title', 'title'],
  ['FirstName', 'firstName'],
  ['LastName', 'lastName'],
  ['Email', 'email'],
  ['Phone', 'phone'],
  ['Fax', 'fax'],
  ['Website', 'website'],
  ['Address', 'address'],
  ['City', 'city'],
  ['Region', 'region'],
  ['PostCode', 'postCode'],
  ['Country', 'country'],
  ['PostalAddress', 'postalAddress'],
  ['PostalCity', 'postalCity'],
  ['PostalRegion', 'postalRegion'],
  ['PostalPostCode', 'postalPostCode'],
  ['PostalCountry', 'postalCountry'],
  ['ClientCode', 'clientCode'],
  ['ExportCode', 'exportCode'],
  ['BusinessNumber', 'businessNumber'],
  ['BusinessStructure', 'businessStructure'],
]);

export const CLIENT_FLAGS: ReadonlyMap<string, FlagKey<XpmClient>> = new Map<string, FlagKey<XpmClient>>([
  ['IsArchived', 'isArchived'],
  ['IsDeleted', 'isDeleted'],
  ['IsProspect', 'isProspect'],
]);

export const CONTACT_TEXT: ReadonlyMap<string, TextKey<XpmContact>> = new Map<string, TextKey<XpmContact>>([
  ['UUID', 'uuid'],
  ['ID', 'numericId'],
  ['Name', 'name'],
  ['Salutation', 'salutation'],
  ['Addressee', 'addressee'],
  ['Mobile', 'mobile'],
  ['Email', 'email'],
  ['Phone', 'phone'],
  ['Position', 'position'],
]);

export const CONTACT_FLAGS: ReadonlyMap<string, FlagKey<XpmContact>> = new Map<string, FlagKey<XpmContact>>([
  ['IsPrimary', 'isPrimary'],
  ['IsDeleted', 'isDeleted'],
]);

export function newClient(): ClientDraft {
  return {
    key: null,
    uuid: '',
    numericId: '',
    name: '',
    title: '',
    firstName: '',
    lastName: '',
    email: '',
    phone: '',
    fax: '',
    website: '',
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
    clientCode: '',
    exportCode: '',
    businessNumber: '',
    businessStructure: '',
    isArchived: false,
    isDeleted: false,
    isProspect: false,
    accountManager: null,
    jobManager: null,
    groups: [],
    contacts: [],
  };
}

export function newContact(): Draft<XpmContact> {
  return {
    key: null,
    uuid: '',
    numericId: '',
    name: '',
    salutation: '',
    addressee: '',
    mobile: '',
    email: '',
    phone: '',
    position: '',
    isPrimary: false,
    isDeleted: false,
  };
}

export function newRef(): Draft<XpmRef> {
  return { uuid: '', numericId: '', name: '' };
}
