/**
 * The Xero organisations the sandbox user can connect: two XPM practices and one accounting
 * organisation, so an app that does not filter `/connections` on `tenantType` shows it (PRODUCT.md C2).
 */
import type { Catchment } from './places';
import { createRng } from './prng';

export type TenantType = 'PRACTICEMANAGER' | 'ORGANISATION';

export interface PracticeProfile {
  readonly clients: number;
  readonly seed: string;
  readonly domain: string;
  readonly catchment: Catchment;
}

export interface Organisation {
  readonly tenantId: string;
  readonly tenantName: string;
  readonly tenantType: TenantType;
  /** XPM data, for PRACTICEMANAGER tenants only. */
  readonly practice: PracticeProfile | null;
}

/** The big seeded practice; its size is the `--clients` option. */
export const MAIN_PRACTICE_NAME = 'Harbourside Accounting';
/** A small second practice, so choosing the practice (and the practice guard, C4) can be exercised. */
export const SMALL_PRACTICE_NAME = 'Kauri Partners';
/** An accounting organisation: offered on the consent page but not an XPM tenant. */
export const ACCOUNTING_ORG_NAME = 'Harbourside Accounting Ltd (Xero)';
/** The small practice's size: enough for every kind of mess, small enough to read by eye. */
export const SMALL_PRACTICE_CLIENTS = 25;

/** Same seed → same tenant ids, so a restarted sandbox is the same practice to the app. */
function tenantId(seed: number, name: string): string {
  return createRng(`tenant:${seed}:${name}`).uuid();
}

export function organisations(seed: number, clients: number): readonly Organisation[] {
  return [
    {
      tenantId: tenantId(seed, MAIN_PRACTICE_NAME),
      tenantName: MAIN_PRACTICE_NAME,
      tenantType: 'PRACTICEMANAGER',
      practice: {
        clients,
        seed: String(seed),
        domain: 'harbourside.example',
        catchment: { home: 'AU', crossTasman: 0.05, overseas: 0.02 },
      },
    },
    {
      tenantId: tenantId(seed, SMALL_PRACTICE_NAME),
      tenantName: SMALL_PRACTICE_NAME,
      tenantType: 'PRACTICEMANAGER',
      practice: {
        clients: SMALL_PRACTICE_CLIENTS,
        seed: `${seed}:small`,
        domain: 'kauripartners.example',
        catchment: { home: 'NZ', crossTasman: 0.15, overseas: 0.03 },
      },
    },
    {
      tenantId: tenantId(seed, ACCOUNTING_ORG_NAME),
      tenantName: ACCOUNTING_ORG_NAME,
      tenantType: 'ORGANISATION',
      practice: null,
    },
  ];
}
