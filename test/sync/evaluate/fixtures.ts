/** Builders of XPM records and evaluation contexts for the evaluation tests (all values raw strings). */
import type { XpmClient, XpmContact, XpmStaff, XpmStaffRef } from '../../../src/xero/types';
import type { XpmClientId, XpmContactId, XpmStaffId } from '../../../src/domain/ids';
import { fixtureKey, testUuid, xsid } from '../../support/ids';
import type { EvaluationContext, StaffFields } from '../../../src/sync/evaluate/evaluation';
import { buildEvaluationContext } from '../../../src/sync/evaluate/context';
import { DEFAULT_SYNC_OPTIONS, type SyncOptions } from '../../../src/domain/settings';

export const PARTNER: StaffFields = {
  id: xsid(testUuid('staff-1')),
  name: 'Jo Bloggs',
  firstName: 'Jo',
  lastName: 'Bloggs',
  email: 'jo@practice.example',
};

export const MANAGER: StaffFields = {
  id: xsid(testUuid('staff-2')),
  name: 'John Smith',
  firstName: 'John',
  lastName: 'Smith',
  email: 'john@practice.example',
};

/** A staff reference as the reader gives it (its key derived from uuid and numericId). */
export function staffRef(uuid: string, name: string, numericId = ''): XpmStaffRef {
  return { uuid, numericId, name, key: fixtureKey<XpmStaffId>(uuid, numericId) };
}

export function xpmContact(overrides: Partial<XpmContact> = {}): XpmContact {
  const uuid = overrides.uuid ?? 'contact-1';
  const numericId = overrides.numericId ?? '';
  return {
    key: fixtureKey<XpmContactId>(uuid, numericId),
    uuid,
    numericId,
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
  const uuid = overrides.uuid ?? 'client-1';
  const numericId = overrides.numericId ?? '';
  return {
    key: fixtureKey<XpmClientId>(uuid, numericId),
    uuid,
    numericId,
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
    accountManager: staffRef(PARTNER.id, PARTNER.name),
    jobManager: staffRef(MANAGER.id, MANAGER.name),
    groups: [{ uuid: 'group-1', numericId: '', name: 'Acme Group' }],
    contacts: [xpmContact()],
    ...overrides,
  };
}

export function xpmStaff(overrides: Partial<XpmStaff> = {}): XpmStaff {
  const uuid = overrides.uuid ?? 'staff-9';
  const numericId = overrides.numericId ?? '';
  return {
    key: fixtureKey<XpmStaffId>(uuid, numericId),
    uuid,
    numericId,
    name: 'Sam Jones',
    email: 'sam@practice.example',
    phone: '',
    mobile: '',
    ...overrides,
  };
}

export function context(
  options: Partial<SyncOptions> = {},
  staff: readonly StaffFields[] = [PARTNER, MANAGER],
): EvaluationContext {
  return buildEvaluationContext(staff, { ...DEFAULT_SYNC_OPTIONS, ...options });
}
