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
