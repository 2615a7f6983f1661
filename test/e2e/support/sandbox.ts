/** The sandbox's test controls (only served because the e2e stack starts it with --test-controls). */
import { expect } from '@playwright/test';
import { E2E_PORTS } from './ports';
import type { PracticeData } from './expected';

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${E2E_PORTS.sandboxUrl}/__sandbox/${path}`, {
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

export const sandbox = {
  reset: () => call('POST', 'reset'),
  data: () =>
    call<
      PracticeData & {
        clients: Array<PracticeData['clients'][number] & { contacts: Array<{ uuid: string; isPrimary: boolean }> }>;
      }
    >('GET', 'data'),
  mutate: (op: unknown) => call('POST', 'mutate', op),
  fault: (spec: unknown) => call('POST', 'faults', spec),
  requests: () => call<RequestReport>('GET', 'requests'),
  clearRequests: () => call('DELETE', 'requests'),
  /** The XPM API shape /practicemanager/3.1/ answers in (3.0: integer ids, no UUIDs on contacts and staff). */
  apiShape: (shape: '3.0' | '3.1') => call('POST', 'api-shape', { shape }),
};
