/**
 * The import plan (`npm run plan`, PRODUCT.md §6): the engine the worker runs, applied to saved XPM
 * responses against an empty in-memory store. Keys may be added to this shape, never renamed.
 */
import type { XpmClient, XpmStaff } from '../xero/types';
import type { EntityKind, ReasonCode, WarningCode } from '../domain/reasons';
import type { SyncOptions } from '../domain/settings';
import { MemoryStore } from './memory-store';
import { SyncSession } from './session/session';
import { newRunRecord } from './run/run-record';
import type { Clock } from './ports';
import { asRunId } from '../domain/ids';
import { explainIssue } from '../domain/wording/findings';

export interface PlanContact {
  readonly name: string;
  readonly email: string;
  readonly mobile: string | null;
  readonly origin: 'contact' | 'client';
  readonly sources: ReadonlyArray<{ readonly contactId: string | null; readonly clientId: string }>;
  readonly warnings: readonly WarningCode[];
}

export interface PlanClient {
  readonly clientId: string;
  readonly code: string;
  readonly legalName: string;
  readonly partnerEmail: string;
  readonly entityType: string;
  readonly warnings: readonly WarningCode[];
}

export interface PlanStaff {
  readonly staffId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
}

export interface PlanRejection {
  readonly entity: EntityKind;
  readonly clientId: string | null;
  readonly contactId: string | null;
  readonly staffId: string | null;
  readonly name: string | null;
  readonly field: string | null;
  readonly value: string | null;
  readonly reason: ReasonCode;
  readonly suggestion: string;
  readonly message: string;
}

export interface PlanSkip {
  readonly entity: EntityKind;
  readonly clientId: string | null;
  readonly contactId: string | null;
  readonly reason: ReasonCode;
}

export interface Plan {
  readonly contacts: PlanContact[];
  readonly clients: PlanClient[];
  readonly staff: PlanStaff[];
  readonly rejected: PlanRejection[];
  readonly skipped: PlanSkip[];
}

/** Clients applied per store transaction; the same batching the worker uses keeps the plan faithful. */
export const PLAN_BATCH_SIZE = 500;

const PLAN_RUN_ID = asRunId('plan');

/** A clock for the plan: fixed time (the plan has no timestamps) and no waiting. */
const planClock: Clock = { now: () => 0, sleep: async () => undefined };

export async function planImport(
  input: { staff: readonly XpmStaff[]; clients: readonly XpmClient[] },
  options: SyncOptions,
): Promise<Plan> {
  const store = new MemoryStore();
  let nextId = 0;
  const session = new SyncSession(
    { store, clock: planClock, newId: () => `contact-${++nextId}` },
    { runId: PLAN_RUN_ID, fullPass: true, options, startedAt: 0 },
  );
  const run = () => ({
    ...newRunRecord({ id: PLAN_RUN_ID, kind: 'full', trigger: 'manual', now: 0 }),
    counts: session.counts(),
  });
  await session.applyStaff(input.staff, run);
  for (let i = 0; i < input.clients.length; i += PLAN_BATCH_SIZE) {
    await session.applyClients(input.clients.slice(i, i + PLAN_BATCH_SIZE), run);
  }
  await session.finish({ state: (s) => s, run: (counts) => ({ ...run(), status: 'succeeded', counts }) });
  return planFromStore(store);
}

function planFromStore(store: MemoryStore): Plan {
  const contacts: PlanContact[] = [...store.contacts.values()]
    .filter((c) => c.stale === null && c.links.length > 0)
    .map((c) => ({
      name: c.name,
      email: c.email,
      mobile: c.mobile,
      origin: c.origin === 'client' ? 'client' : 'contact',
      sources: c.links.map((l) => ({ contactId: l.contactId, clientId: l.clientId })),
      warnings: [...c.warnings],
    }));
  const clients: PlanClient[] = [...store.clients.values()].map((c) => ({
    clientId: c.xpmId,
    code: c.code,
    legalName: c.legalName,
    partnerEmail: c.partner.email,
    entityType: c.entityType,
    warnings: [...c.warnings],
  }));
  const staff: PlanStaff[] = [...store.staff.values()].map((s) => ({
    staffId: s.id,
    firstName: s.firstName,
    lastName: s.lastName,
    email: s.email,
  }));
  const log = [...store.log].sort((a, b) => a.seq - b.seq);
  const rejected: PlanRejection[] = log
    .filter((e) => e.kind === 'rejection')
    .map((e) => ({
      ...explainIssue(e),
      entity: e.entity,
      clientId: e.clientId,
      contactId: e.contactId,
      staffId: e.staffId,
      name: e.personName ?? e.clientName,
      field: e.field,
      value: e.value,
      reason: e.code,
    }));
  const skipped: PlanSkip[] = log
    .filter((e) => e.kind === 'skip')
    .map((e) => ({ entity: e.entity, clientId: e.clientId, contactId: e.contactId, reason: e.code }));
  return { contacts, clients, staff, rejected, skipped };
}
