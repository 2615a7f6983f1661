/**
 * A Dexie DBCore middleware for tests: counts the reads and writes that reach IndexedDB and can make
 * the k-th write fail the way browsers report a full disk.
 */
import type { DBCore, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie';
import { AppDB } from '../../../src/storage/db';
import { APP_DB_OPTIONS } from '../../../src/storage/open';

/**
 * How the injected failure shows up:
 * - 'reject': the write request itself fails with the error (Dexie wraps it, keeping `.inner`).
 * - 'abort-transaction': the write succeeds, then IndexedDB aborts the whole transaction with the
 *   error, as browsers do when the quota check fails at commit. Dexie then reports an AbortError
 *   with `.inner`, or a follow-on error from the next request if `fn` carries on.
 */
export type FaultMode = 'reject' | 'abort-transaction';

export interface Fault {
  /** 1-based count of writes (DBCore mutate calls) across all tables since the fault was armed. */
  readonly atWrite: number;
  readonly mode: FaultMode;
  /** Restricts the count to one table. */
  readonly table?: string;
  readonly error: () => DOMException;
}

export class StorageProbe {
  reads = 0;
  writes = 0;
  private fault: Fault | null = null;
  private armedWrites = 0;

  /** Arms one failure; it fires once. */
  failWrite(fault: Fault): void {
    this.fault = fault;
    this.armedWrites = 0;
  }

  reset(): void {
    this.reads = 0;
    this.writes = 0;
  }

  /** @internal the fault to apply to this write, if it is the k-th one. */
  takeFault(table: string): Fault | null {
    const fault = this.fault;
    if (!fault || (fault.table !== undefined && fault.table !== table)) return null;
    this.armedWrites += 1;
    if (this.armedWrites !== fault.atWrite) return null;
    this.fault = null;
    return fault;
  }

  middleware(): Middleware<DBCore> {
    return {
      stack: 'dbcore',
      name: 'test-probe',
      create: (down) => ({
        ...down,
        table: (name) => this.wrap(down.table(name)),
      }),
    };
  }

  private wrap(table: DBCoreTable): DBCoreTable {
    const count = <T>(result: Promise<T>): Promise<T> => {
      this.reads += 1;
      return result;
    };
    return {
      ...table,
      get: (req) => count(table.get(req)),
      getMany: (req) => count(table.getMany(req)),
      query: (req) => count(table.query(req)),
      openCursor: (req) => count(table.openCursor(req)),
      count: (req) => count(table.count(req)),
      mutate: async (req) => {
        this.writes += 1;
        const fault = this.takeFault(table.name);
        if (fault?.mode === 'reject') throw fault.error();
        const result = await table.mutate(req);
        if (fault?.mode === 'abort-transaction') abortWith(req.trans, fault.error().name);
        return result;
      },
    };
  }
}

/**
 * fake-indexeddb's internal "abort a transaction" step (FDBTransaction._abort), which sets
 * `transaction.error` to a DOMException of that name and fires `abort`, exactly as a browser does
 * for a commit-time QuotaExceededError. The public abort() cannot set an error.
 */
function abortWith(trans: DBCoreTransaction, errorName: string): void {
  const fake = trans as unknown as { _abort?: (name: string) => void };
  if (typeof fake._abort !== 'function') throw new Error('abort-transaction faults need fake-indexeddb');
  fake._abort(errorName);
}

/** A database with the app's options and a probe installed (middleware must be added before open). */
export async function openProbedDB(name: string): Promise<{ db: AppDB; probe: StorageProbe }> {
  const db = new AppDB(name, APP_DB_OPTIONS);
  const probe = new StorageProbe();
  db.use(probe.middleware());
  await db.open();
  probe.reset();
  return { db, probe };
}

export const quotaError = (): DOMException => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
