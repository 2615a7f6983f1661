/** Builders of XPM records and evaluation contexts for the evaluation tests (all values raw strings). */
import type { XpmClient, XpmContact, XpmStaff } from '../../src/xero/types';
import type { EvaluationContext, StaffFields } from '../../src/sync/evaluation';
import { buildEvaluationContext } from '../../src/sync/evaluation-context';
import { DEFAULT_SYNC_OPTIONS, type SyncOptions } from '../../src/sync/model';

export const PARTNER: StaffFields = {
  id: 'staff-1',
  name: 'Jo Bloggs',
  firstName: 'Jo',
  lastName: 'Bloggs',
  email: 'jo@practice.example',
};

export const MANAGER: StaffFields = {
  id: 'staff-2',
  name: 'John Smith',
  firstName: 'John',
  lastName: 'Smith',
  email: 'john@practice.example',
};

export function xpmContact(overrides: Partial<XpmContact> = {}): XpmContact {
  return {
    uuid: 'contact-1',
    name: 'Leanne Smith',
    salutation: 'Leanne',
    addressee: 'Ms L Smith',
    mobile: '0412 345 678',
    email: 'leanne@acme.example',
    phone: '',
    position: 'Director',
    isPrimary: true,
    isDeleted: false,
    ...overrides,
  };
}

export function xpmClient(overrides: Partial<XpmClient> = {}): XpmClient {
  return {
    uuid: 'client-1',
    name: 'Acme Pty Ltd',
    title: '',
    firstName: '',
    lastName: '',
    email: 'accounts@acme.example',
    phone: '(02) 9876 5432',
    fax: '',
    website: '',
    address: '12 Quay Street',
    city: 'Sydney',
    region: 'NSW',
    postCode: '2000',
    country: 'Australia',
    postalAddress: 'PO Box 100',
    postalCity: 'Sydney',
    postalRegion: 'NSW',
    postalPostCode: '2001',
    postalCountry: 'Australia',
    clientCode: 'ACME01',
    exportCode: '',
    businessNumber: '12 345 678 901',
    businessStructure: 'Company',
    isArchived: false,
    isDeleted: false,
    isProspect: false,
    accountManager: { uuid: PARTNER.id, name: PARTNER.name },
    jobManager: { uuid: MANAGER.id, name: MANAGER.name },
    groups: [{ uuid: 'group-1', name: 'Acme Group' }],
    contacts: [xpmContact()],
    ...overrides,
  };
}

export function xpmStaff(overrides: Partial<XpmStaff> = {}): XpmStaff {
  return { uuid: 'staff-9', name: 'Sam Jones', email: 'sam@practice.example', phone: '', mobile: '', ...overrides };
}

export function context(
  options: Partial<SyncOptions> = {},
  staff: readonly StaffFields[] = [PARTNER, MANAGER],
): EvaluationContext {
  return buildEvaluationContext(staff, { ...DEFAULT_SYNC_OPTIONS, ...options });
}
