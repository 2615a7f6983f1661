/** The sandbox's test controls (only served because the e2e stack starts it with --test-controls). */
import { expect } from '@playwright/test';
import { E2E_PORTS } from './ports';
import type { PracticeData } from './expected';

async function call<T>(baseUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/__sandbox/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(
    response.ok,
    `sandbox control ${method} ${path}: HTTP ${response.status} ${await response.clone().text()}`,
  ).toBe(true);
  return (await response.json()) as T;
}

export interface RequestReport {
  readonly counts: Record<string, number>;
  readonly totals: { xpm: number; identity: number; all: number };
}

/** The test controls of the sandbox at baseUrl (a spec that starts its own stack has its own sandbox). */
export function sandboxAt(baseUrl: string) {
  return {
    reset: () => call(baseUrl, 'POST', 'reset'),
    data: () =>
      call<
        PracticeData & {
          clients: Array<PracticeData['clients'][number] & { contacts: Array<{ uuid: string; isPrimary: boolean }> }>;
        }
      >(baseUrl, 'GET', 'data'),
    mutate: (op: unknown) => call(baseUrl, 'POST', 'mutate', op),
    fault: (spec: unknown) => call(baseUrl, 'POST', 'faults', spec),
    requests: () => call<RequestReport>(baseUrl, 'GET', 'requests'),
    clearRequests: () => call(baseUrl, 'DELETE', 'requests'),
    /** The XPM API shape /practicemanager/3.1/ answers in (3.0: integer ids, no UUIDs on contacts and staff). */
    apiShape: (shape: '3.0' | '3.1') => call(baseUrl, 'POST', 'api-shape', { shape }),
  };
}

/** The shared e2e stack's sandbox. */
export const sandbox = sandboxAt(E2E_PORTS.sandboxUrl);

/** Mutations per control request (the sandbox's JSON bodies are capped at 1 MiB). */
const OPS_PER_REQUEST = 450;

/** The uuid of bulk client `i` (from addBulkClients), for later edits of it. */
export function bulkClientUuid(i: number): string {
  return `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
}

/** Adds `count` simple clients (one primary contact each) to the sandbox's practice. */
export async function addBulkClients(count: number): Promise<void> {
  const data = await sandbox.data();
  const partner = data.staff[0]?.uuid ?? null;
  const ops = Array.from({ length: count }, (_, i) => ({
    op: 'addClient',
    uuid: bulkClientUuid(i),
    client: {
      name: `Bulk Client ${i}`,
      clientCode: `BULK${i}`,
      businessStructure: 'Company',
      accountManager: partner,
    },
    contacts: [
      {
        contact: { name: `Bulk Person ${i}`, email: `bulk${i}@bulk.example`, mobile: '0412 345 678' },
        isPrimary: true,
      },
    ],
  }));
  for (let i = 0; i < ops.length; i += OPS_PER_REQUEST)
    await sandbox.mutate({ ops: ops.slice(i, i + OPS_PER_REQUEST) });
}
