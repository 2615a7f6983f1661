import type { XpmClient } from '../../xero/types';
import type { RunRecord } from '../../domain/runs';
import type { SyncSession } from '../session/session';

/**
 * Collects parsed clients into batches and commits them while the download goes on, with at most
 * one commit in flight: parsing overlaps the previous batch's IndexedDB work (QUALITY.md), and a
 * slow store slows the reader instead of filling memory.
 */
export class BatchCommitter {
  private pending: XpmClient[] = [];
  private inflight: Promise<void> | null = null;
  private failure: unknown = null;

  constructor(
    private readonly session: SyncSession,
    private readonly run: () => RunRecord,
  ) {}

  add(client: XpmClient): void {
    this.pending.push(client);
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

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    await this.inflight;
    this.rethrow();
    this.inflight = this.session.applyClients(batch, this.run).catch((error: unknown) => {
      this.failure ??= error;
    });
  }

  private rethrow(): void {
    if (this.failure !== null) throw this.failure;
  }
}
