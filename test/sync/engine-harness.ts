/** Runs the engine's session directly (no HTTP) over in-memory stores, for reconcile tests. */
import type { XpmClient, XpmStaff } from '../../src/xero/types';
import { MemoryStore, type MemoryStoreHooks } from '../../src/sync/memory-store';
import { SyncSession } from '../../src/sync/session/session';
import { newRunRecord } from '../../src/sync/run/run-record';
import { DEFAULT_SYNC_OPTIONS, type SyncOptions } from '../../src/domain/settings';
import type { ContactRecord } from '../../src/domain/records';
import type { RunCounts } from '../../src/domain/runs';
import type { Clock } from '../../src/sync/ports';
import { xpmStaff, PARTNER, MANAGER } from './evaluate/fixtures';
import { rid } from '../support/ids';

export const STAFF: XpmStaff[] = [
  xpmStaff({ uuid: PARTNER.id, name: PARTNER.name, email: PARTNER.email }),
  xpmStaff({ uuid: MANAGER.id, name: MANAGER.name, email: MANAGER.email }),
];

export class Harness {
  readonly store: MemoryStore;
  private time = 1_000_000;
  private ids = 0;
  private runs = 0;
  readonly clock: Clock = { now: () => this.time, sleep: async () => undefined };

  constructor(hooks: MemoryStoreHooks = {}) {
    this.store = new MemoryStore(hooks);
  }

  advance(ms: number): void {
    this.time += ms;
  }

  async sync(
    clients: readonly XpmClient[],
    opts: { full?: boolean; staff?: readonly XpmStaff[]; options?: Partial<SyncOptions>; batchSize?: number } = {},
  ): Promise<RunCounts> {
    const runId = rid(`run-${++this.runs}`);
    const session = new SyncSession(
      { store: this.store, clock: this.clock, newId: () => `id-${++this.ids}` },
      {
        runId,
        fullPass: opts.full ?? true,
        options: { ...DEFAULT_SYNC_OPTIONS, ...opts.options },
        startedAt: this.time,
      },
    );
    const run = () => ({
      ...newRunRecord({
        id: runId,
        kind: opts.full === false ? 'incremental' : 'full',
        trigger: 'manual',
        now: this.time,
      }),
      counts: session.counts(),
    });
    await session.applyStaff(opts.staff ?? STAFF, run);
    const size = opts.batchSize ?? 500;
    for (let i = 0; i < clients.length; i += size) await session.applyClients(clients.slice(i, i + size), run);
    const counts = await session.finish({
      state: (s) => ({ ...s, lastRunId: runId }),
      run: (c) => ({ ...run(), status: 'succeeded', counts: c }),
    });
    this.advance(60_000);
    return counts;
  }

  contacts(): ContactRecord[] {
    return [...this.store.contacts.values()];
  }

  live(): ContactRecord[] {
    return this.contacts().filter((c) => c.stale === null && !c.missingInXpm);
  }

  byEmail(email: string): ContactRecord[] {
    return this.contacts().filter((c) => c.email.toLowerCase() === email.toLowerCase());
  }

  logOf(runNumber: number) {
    return this.store.log.filter((e) => e.runId === `run-${runNumber}`);
  }
}

/** Contacts without local ids or timestamps, in a canonical order: for "same store" comparisons. */
export function canonicalContacts(contacts: readonly ContactRecord[]) {
  return contacts
    .map(({ id: _id, mergedInto: _m, createdAt: _c, updatedAt: _u, emailChangedAt: _e, ...rest }) => rest)
    .sort((a, b) => (a.identityKey + a.sourceKeys.join() < b.identityKey + b.sourceKeys.join() ? -1 : 1));
}
