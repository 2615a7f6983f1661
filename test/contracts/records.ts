/**
 * Small, complete records for store tests. Every builder returns a valid record; tests override
 * only the fields they are about.
 */
import type { Address, ClientRecord, ContactRecord, FieldChange, StaffRecord } from '../../src/domain/records';
import type { RunLogEntry, RunRecord } from '../../src/domain/runs';
import { emptyCounts } from '../../src/domain/runs';
import type { SourceKey } from '../../src/domain/ids';
import type { IssueWording } from '../../src/domain/findings';
import { lcid, lclid, rid, xcid, xkid, xsid } from '../support/ids';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

export function contact(id: string, overrides: Partial<ContactRecord> = {}): ContactRecord {
  const sourceKeys: readonly SourceKey[] = overrides.sourceKeys ?? [`c:${id}`];
  const name = overrides.name ?? `Contact ${id}`;
  const email = overrides.email ?? `${id}@example.com`;
  return {
    id: lcid(id),
    identityKey: `${name.toLowerCase()}\u0000${email.toLowerCase()}`,
    name,
    email,
    mobile: '+61400000000',
    state: 'synced',
    origin: 'contact',
    forcedManual: false,
    links: sourceKeys.map((sourceKey) => ({
      sourceKey,
      contactId: sourceKey.startsWith('c:') ? xkid(sourceKey.slice(2)) : null,
      clientId: xcid(`client-of-${id}`),
      clientName: `Client of ${id}`,
      isPrimary: true,
      name,
      email,
      mobile: '+61400000000',
      warnings: [],
    })),
    sourceKeys,
    stale: null,
    mergedInto: null,
    missingInXpm: false,
    warnings: [],
    emailChangedAt: null,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

const ADDRESS: Address = {
  line1: '1 George St',
  line2: '',
  line3: '',
  suburb: 'Sydney',
  state: 'NSW',
  postcode: '2000',
  country: 'Australia',
};

export function client(id: string, overrides: Partial<ClientRecord> = {}): ClientRecord {
  const code = overrides.code ?? `CODE-${id}`;
  return {
    id: lclid(id),
    xpmId: xcid(id),
    code,
    codeKey: code.trim().toLowerCase(),
    legalName: `Client ${id} Pty Ltd`,
    title: '',
    email: `accounts@${id}.example.com`,
    phone: '02 9000 0000',
    fax: '',
    partner: { staffId: xsid('staff-1'), name: 'Pat Partner', email: 'pat@practice.example.com' },
    manager: null,
    residential: ADDRESS,
    postal: ADDRESS,
    group: null,
    groups: [],
    abn: '',
    entityType: 'Company',
    firstName: '',
    lastName: '',
    salutation: '',
    archived: false,
    prospect: false,
    state: 'synced',
    missingInXpm: false,
    warnings: [],
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function staff(id: string, overrides: Partial<StaffRecord> = {}): StaffRecord {
  return {
    id: xsid(id),
    name: `Staff ${id}`,
    firstName: 'Staff',
    lastName: id,
    email: `${id}@practice.example.com`,
    state: 'synced',
    missingInXpm: false,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function run(id: string, overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    id: rid(id),
    kind: 'full',
    trigger: 'manual',
    status: 'running',
    phase: 'downloading',
    startedAt: T0,
    finishedAt: null,
    heartbeatAt: T0,
    bytesReceived: 0,
    bytesExpected: null,
    clientsProcessed: 0,
    counts: emptyCounts(),
    apiCalls: 0,
    modifiedSince: null,
    serverDate: null,
    dayLimitRemaining: null,
    error: null,
    ...overrides,
  };
}

export function logEntry(runId: string, seq: number, overrides: Partial<RunLogEntry> = {}): RunLogEntry {
  return {
    runId: rid(runId),
    seq,
    at: T0 + seq,
    kind: 'rejection',
    code: 'email-invalid',
    entity: 'contact',
    clientId: xcid('client-1'),
    contactId: xkid(`contact-${seq}`),
    staffId: null,
    clientName: 'Client 1 Pty Ltd',
    personName: `Person ${seq}`,
    field: 'Email',
    value: 'not-an-email',
    wording: {
      from: 'facts',
      finding: { code: 'email-invalid', problem: 'no-at', addresses: [] },
      place: {
        kind: 'contact',
        client: { name: 'Client 1 Pty Ltd', code: '', id: 'client-1' },
        person: `Person ${seq}`,
        email: 'not-an-email',
      },
    },
    ...overrides,
  };
}

export function change(contactId: string, runId: string, overrides: Partial<FieldChange> = {}): FieldChange {
  return {
    contactId: lcid(contactId),
    runId: rid(runId),
    at: T0,
    field: 'email',
    from: 'old@example.com',
    to: 'new@example.com',
    ...overrides,
  };
}

export const byId = <T extends { readonly id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export const ids = (records: readonly { readonly id: string }[]): string[] => records.map((r) => r.id).sort();

/** The wording of a log entry an older version stored as words (before findings were stored as facts). */
export function storedWords(message: string, suggestion = ''): IssueWording {
  return { from: 'stored-words', message, suggestion };
}
