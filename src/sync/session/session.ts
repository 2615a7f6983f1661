/**
 * One run of the engine over evaluated XPM records: staff first (partners need them), then clients
 * in batches, then the finish (R6 sweep for a full pass, the new watermark, the final run record).
 * Each batch is one atomic store transaction that also carries the run's progress (S6, S7). Stored
 * records are found through the key index only (one read path, by id).
 */
import type { XpmClient, XpmStaff } from '../../xero/types';
import type { EvaluationContext } from '../evaluate/evaluation';
import { evaluateClient } from '../evaluate/client';
import { buildEvaluationContext } from '../evaluate/context';
import type { RunCounts, RunLogEntry, RunRecord } from '../../domain/runs';
import type { SyncOptions } from '../../domain/settings';
import type { SyncState } from '../../domain/sync-state';
import type { RecordIssue } from '../../domain/reasons';
import { type LocalClientId, type LocalContactId, localClientIdOf, type RunId } from '../../domain/ids';
import type { Clock, SyncStore } from '../ports';
import { ContactWorkset } from '../reconcile/contact-workset';
import { applyContactCandidate, supersedeClientFallback } from '../reconcile/contacts';
import { LiveKeyIndex } from './key-index';
import { ClientIndex } from './client-index';
import { applyClientEvaluation, type ClientWrite } from './client-records';
import { batchKeys } from './batch-reads';
import { contactWrites } from './contact-changes';
import { SeenInXpm } from './seen-in-xpm';
import { applyStaffList } from './staff';
import { sweepMissing } from './sweep';
import { RunTally } from './tally';

export interface SessionParams {
  readonly runId: RunId;
  /** A complete listing of XPM (Resync All): enables the missing-in-XPM sweep (R6). */
  readonly fullPass: boolean;
  readonly options: SyncOptions;
}

export interface SessionDeps {
  readonly store: SyncStore;
  readonly clock: Clock;
  readonly newId: () => string;
}

/** What the finish writes besides the sweep. */
export interface FinishPlan {
  readonly state: (previous: SyncState) => SyncState;
  readonly run: (counts: RunCounts) => RunRecord;
}

export class SyncSession {
  private readonly tally = new RunTally();
  /** What a full pass saw in XPM (R6). */
  private readonly seen = new SeenInXpm();
  /** Contacts with links to several clients, checked for links XPM dropped (full pass). */
  private readonly multiLinkContacts = new Set<LocalContactId>();
  /** Local client records already linked to an XPM client in this run (R12 guard). */
  private readonly claimedClients = new Set<LocalClientId>();
  private context: EvaluationContext | null = null;
  /** The store's lookup keys, loaded once per run and kept current. */
  private keyIndex: LiveKeyIndex | null = null;
  private logSeq = 0;
  private processed = 0;

  constructor(
    private readonly deps: SessionDeps,
    private readonly params: SessionParams,
  ) {}

  get clientsProcessed(): number {
    return this.processed;
  }

  /** The run's counts so far (distinct records per outcome). */
  counts(): RunCounts {
    return this.tally.counts();
  }

  /** Staff (R9), committed with the run's progress; their list is the partner lookup of every client. */
  async applyStaff(list: readonly XpmStaff[], run: () => RunRecord): Promise<void> {
    const now = this.deps.clock.now();
    const result = await this.deps.store.transact(async (tx) => {
      const applied = await applyStaffList(tx, list, now, this.tally);
      await tx.addLog(this.logEntries(applied.issues, now));
      await tx.putRun(run());
      return applied;
    });
    this.context = buildEvaluationContext(result.valid, this.params.options);
  }

  /** One batch of clients (in XPM order), committed atomically with the run's progress. */
  async applyClients(clients: readonly XpmClient[], run: () => RunRecord): Promise<void> {
    const context = this.context ?? buildEvaluationContext([], this.params.options);
    const evaluations = clients.map((client) => evaluateClient(client, context));
    const keys = batchKeys(evaluations);
    const index = await this.loadedKeyIndex();
    const now = this.deps.clock.now();
    const committed = await this.deps.store.transact(async (tx) => {
      // Exactly the records this batch can touch, by id; none at all when the store has none.
      const [contacts, clientRecords] = await Promise.all([
        tx.contactsByIds(index.contactIds(keys.sourceKeys, keys.identityKeys)),
        // Also by local id: a record relinked earlier (R12) may hold an incoming client's XPM id as its key.
        tx.clientsByIds([
          ...new Set([...index.clientIds(keys.clientIds, keys.codeKeys), ...keys.clientIds.map(localClientIdOf)]),
        ]),
      ]);
      const ws = new ContactWorkset();
      ws.load(contacts);
      const clientIndex = new ClientIndex(clientRecords);
      const issues: RecordIssue[] = [];
      const clientWrites: ClientWrite[] = [];
      const reconcile = { now, newId: this.deps.newId, report: (issue: RecordIssue) => issues.push(issue) };
      const clientContext = { now, newId: this.deps.newId, tally: this.tally, claimed: this.claimedClients };

      for (const evaluation of evaluations) {
        this.processed += 1;
        const write = applyClientEvaluation(evaluation, clientIndex, clientContext);
        if (write) clientWrites.push(write);
        issues.push(...evaluation.issues);
        for (const candidate of evaluation.contacts) applyContactCandidate(ws, candidate, reconcile);
        if (evaluation.hasValidContact && evaluation.key !== null) supersedeClientFallback(ws, evaluation.key, now);
        this.tally.rejected('contact', evaluation.contactsRejected);
        this.tally.skipped('contact', evaluation.contactsSkipped);
        if (this.params.fullPass) this.seen.noteClient(evaluation);
      }

      const touched = ws.touched();
      if (this.params.fullPass) {
        for (const { after } of touched) if (after.links.length > 1) this.multiLinkContacts.add(after.id);
      }
      const { writes, changes } = contactWrites(touched, this.params.runId, now, this.tally);
      await tx.putContacts(writes);
      await tx.putClients(clientWrites.map((w) => w.after));
      await tx.addChanges(changes);
      await tx.addLog(this.logEntries(issues, now));
      await tx.putRun(run());
      return { contacts: touched, clients: clientWrites };
    });
    // Only what actually committed goes into the key index.
    for (const { before, after } of committed.contacts) index.contactWritten(before, after);
    for (const { before, after } of committed.clients) index.clientWritten(before, after);
  }

  private async loadedKeyIndex(): Promise<LiveKeyIndex> {
    this.keyIndex ??= new LiveKeyIndex(await this.deps.store.loadKeyIndex());
    return this.keyIndex;
  }

  /**
   * Ends the run in one transaction: the R6 sweep (full pass only), the new sync state and the final
   * run record, so the watermark moves only together with the data it covers (S7).
   */
  async finish(plan: FinishPlan): Promise<RunCounts> {
    const now = this.deps.clock.now();
    let counts = this.counts();
    const index = this.params.fullPass ? await this.loadedKeyIndex() : null;
    await this.deps.store.transact(async (tx) => {
      if (index) {
        await sweepMissing(tx, index, {
          runId: this.params.runId,
          now,
          seen: this.seen,
          tally: this.tally,
          multiLinkContacts: this.multiLinkContacts,
        });
      }
      counts = this.counts();
      await tx.putState(plan.state(await tx.getState()));
      await tx.putRun(plan.run(counts));
    });
    return counts;
  }

  private logEntries(issues: readonly RecordIssue[], at: number): RunLogEntry[] {
    return issues.map((issue) => ({ ...issue, runId: this.params.runId, seq: this.logSeq++, at }));
  }
}
