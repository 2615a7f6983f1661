import type { ClientRead } from '../../xero/client-list-spans';
import type { RunRecord } from '../../domain/runs';
import type { SyncSession } from '../session/session';

/**
 * Collects parsed clients into batches and commits them while the download goes on. A full batch is
 * prepared (fingerprinted and evaluated) at once, while the previous batch may still be committing, so
 * the CPU work overlaps IndexedDB's (QUALITY.md: the reader must not sit idle while a batch commits);
 * then it waits for that commit, so at most one commit is in flight and one prepared batch waits, and a
 * slow store slows the reader instead of filling memory.
 */
export class BatchCommitter {
  private pending: ClientRead[] = [];
  private inflight: Promise<void> | null = null;
  private failure: unknown = null;

  constructor(
    private readonly session: SyncSession,
    private readonly run: () => RunRecord,
  ) {}

  add(read: ClientRead): void {
    this.pending.push(read);
  }

  async flushIfFull(batchSize: number): Promise<void> {
    if (this.pending.length >= batchSize) await this.flush();
    this.rethrow();
  }

  async flushAll(): Promise<void> {
    if (this.pending.length > 0) await this.flush();
    await this.inflight;
    this.rethrow();
  }

  /**
   * Waits for the commit in flight, if any, and drops what was not committed: after a failure, so the
   * run is recorded as what the store really holds (M8), and no batch lands after its failure record.
   */
  async settle(): Promise<void> {
    this.pending = [];
    await this.inflight;
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    const prepared = this.session.prepareReads(batch);
    await this.inflight;
    this.rethrow();
    this.inflight = this.session.commitClients(prepared, this.run).catch((error: unknown) => {
      this.failure ??= error;
    });
  }

  private rethrow(): void {
    if (this.failure !== null) throw this.failure;
  }
}
