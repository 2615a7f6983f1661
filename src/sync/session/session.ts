/**
 * One run of the engine over XPM records: staff first (partners need them), then clients in batches,
 * then the finish (R6 sweep for a full pass, the new watermark, the final run record). Each batch is
 * one atomic store transaction that also carries the run's progress (S6, S7).
 *
 * A batch is prepared (fingerprinted and evaluated: CPU only, while the previous batch commits) and
 * then committed. A client whose fingerprint equals the stored one is not evaluated or written again;
 * it counts as unchanged and its fix-list entries stay. Stored records are found through the key index
 * only (one read path, by id).
 */
import type { XpmClient, XpmStaff } from '../../xero/types';
import type { ClientEvaluation, EvaluationContext } from '../evaluate/evaluation';
import { evaluateClient } from '../evaluate/client';
import { buildEvaluationContext } from '../evaluate/context';
import type { OutcomeNote, RunBatchOutcome, RunCounts, RunLogEntry, RunRecord } from '../../domain/runs';
import type { SyncOptions } from '../../domain/settings';
import type { SyncState } from '../../domain/sync-state';
import type { RecordIssue } from '../../domain/reasons';
import type { ClientRecord, ContactRecord } from '../../domain/records';
import {
  addOutstanding,
  countByFixReason,
  fixEntryKey,
  type FixEntry,
  type OutstandingCounts,
  type SourceState,
} from '../../domain/fix-list';
import { RUN_LOG_FINDINGS_CAP, type ReasonCounts, ReasonTally } from '../../domain/run-findings';
import { type LocalClientId, localClientIdOf, NUMERIC_ID_PREFIX, type RunId, type XpmClientId } from '../../domain/ids';
import type { Clock, StoreTx, SyncStore } from '../ports';
import { ContactWorkset } from '../reconcile/contact-workset';
import { applyContactCandidate, supersedeClientFallback } from '../reconcile/contacts';
import { LiveKeyIndex } from './key-index';
import { ClientIndex } from './client-index';
import { applyClientEvaluation, type ClientWrite, incomingClientKeys } from './client-records';
import { batchKeys } from './batch-reads';
import { contactWrites } from './contact-changes';
import { previouslyRejected, restampRejections } from './contact-rejections';
import { restampClientRejections } from './client-rejections';
import { clientFingerprint, contextSeed, isSpanHash, spanHash } from './fingerprint';
import { SeenInXpm } from './seen-in-xpm';
import { fixEntries, type ListedPeople, listedPeople, sourceState } from './source-states';
import type { ClientRead, ClientSpanPolicy } from '../../xero/client-list-spans';
import { newClient } from '../../xero/client-fields';
import { applyStaffList } from './staff';
import { sweepMissing } from './sweep';
import { RunTally } from './tally';
import { repeatedClientIssue } from '../evaluate/repeated';

export interface SessionParams {
  readonly runId: RunId;
  /** A complete listing of XPM (Resync All): enables the missing-in-XPM sweep (R6). */
  readonly fullPass: boolean;
  readonly options: SyncOptions;
  /** The run's time, carried by every log and fix-list entry the run writes. */
  readonly startedAt: number;
  /** Set when this continues an interrupted run (S7): what its earlier attempts committed. */
  readonly resume?: SessionResume;
  /** Findings listed in the run's log; beyond it they are counted by reason only (default RUN_LOG_FINDINGS_CAP). */
  readonly logCap?: number;
}

/**
 * What a resumed run takes over from its interrupted attempts. Clients they committed have fresh
 * fingerprints, so they are neither evaluated nor written again; the counts their batches made are
 * replayed, and the log continues where it stopped.
 */
export interface SessionResume {
  /** The committed batches' imports and updates, in commit order. */
  readonly notes: Iterable<OutcomeNote>;
  /** Batches committed so far (the staff batch is always the first). */
  readonly batches: number;
  /** Clients without an identifier whose findings are already in the log (they are evaluated every time). */
  readonly keylessLogged: number;
  /** The next log sequence number. */
  readonly logNext: number;
  /** The committed batches' findings by reason (listed in the log or not). */
  readonly findings?: ReasonCounts;
  /** Clients the earlier attempts committed (M8: what a failed resumed attempt still reports as saved). */
  readonly clients: number;
}

/** A resumed session's starting point from the committed batch outcomes of its run (in commit order). */
export function sessionResume(rows: readonly RunBatchOutcome[]): SessionResume {
  let batches = 0;
  let keylessLogged = 0;
  let logNext = 0;
  const findings = new ReasonTally();
  let clients = 0;
  for (const row of rows) {
    batches = Math.max(batches, row.batch + 1);
    keylessLogged += row.keylessLogged;
    logNext = Math.max(logNext, row.logNext);
    findings.addAll(row.findings);
    clients += row.clients ?? 0;
  }
  return {
    notes: rows.flatMap((row) => row.notes),
    batches,
    keylessLogged,
    logNext,
    findings: findings.toJSON(),
    clients,
  };
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

/** A batch after the CPU work: the clients to write, with fingerprints, and those that did not change. */
export interface PreparedBatch {
  readonly evaluated: ReadonlyArray<{
    readonly evaluation: ClientEvaluation;
    readonly hash: string;
    readonly listed: ListedPeople;
  }>;
  readonly unchanged: readonly XpmClient[];
  /** Clients recognised from their elements' text, not parsed (client-list-spans.ts): unchanged too. */
  readonly known?: readonly XpmClientId[];
  /** Later copies of a client already read from this answer (M8): logged, never processed again. */
  readonly repeated?: readonly XpmClient[];
}

/** What the store holds of the run, as of its last committed transaction (M8: a failed run reports this). */
export interface CommittedProgress {
  /** Clients the run's committed batches processed in this attempt (repeated copies included). */
  readonly clientsProcessed: number;
  /** Clients committed by the run, its interrupted attempts included. */
  readonly clientsCommitted: number;
  readonly counts: RunCounts;
  readonly staffCommitted: boolean;
}

export class SyncSession {
  private readonly tally = new RunTally();
  /** What a full pass saw in XPM (R6). */
  private readonly seen = new SeenInXpm((value) => this.keyIndex?.shared(value) ?? value);
  /** Local client records already linked to an XPM client in this run (R12 guard). */
  private readonly claimedClients = new Set<LocalClientId>();
  private context: EvaluationContext | null = null;
  private seed = 0;
  /** The store's lookup keys, read once per run; the store keeps them current as batches commit. */
  private keyIndex: LiveKeyIndex | null = null;
  /**
   * Findings not about an identified XPM client (staff, and clients XPM sent without an id), one per
   * fix-list key as the fix-list keeps them: a million clients without an id hold a handful of
   * entries here, not millions.
   */
  private readonly unattributed = new Map<string, RecordIssue>();
  /** Every finding of the run by reason (complete), and this batch's (its outcome row keeps them). */
  private readonly findings = new ReasonTally();
  private batchFindings = new ReasonTally();
  private logSeq = 0;
  private processed = 0;
  /** Batches committed by this run, its earlier attempts included (numbers each batch's outcome row). */
  private batches = 0;
  /** Keyless clients at the front of the list whose findings an earlier attempt already logged. */
  private keylessToSkip = 0;
  /** Every client id read from this answer so far: a repeated one is processed once (M8). */
  private readonly readKeys = new Set<XpmClientId>();
  /** Clients the earlier attempts of a resumed run committed. */
  private readonly committedBefore: number = 0;
  /** The run as its last committed transaction wrote it; a transaction that fails changes nothing here. */
  private committed: CommittedProgress;

  constructor(
    private readonly deps: SessionDeps,
    private readonly params: SessionParams,
  ) {
    const resume = params.resume;
    if (resume) {
      this.tally.replay(resume.notes);
      this.batches = resume.batches;
      this.keylessToSkip = resume.keylessLogged;
      this.logSeq = resume.logNext;
      this.findings.addAll(resume.findings);
      this.committedBefore = resume.clients;
    }
    this.committed = {
      clientsProcessed: 0,
      clientsCommitted: this.committedBefore,
      counts: this.tally.counts(),
      staffCommitted: this.batches > 0,
    };
  }

  /** What the store holds of this run: counted only from transactions that committed (M8). */
  committedProgress(): CommittedProgress {
    return this.committed;
  }

  /**
   * Writes the run record closing a transaction and returns the progress it commits, promoted to
   * `committed` once the transaction has (the record's counts are the ones it stores).
   */
  private async closeTransaction(tx: StoreTx, record: RunRecord): Promise<CommittedProgress> {
    await tx.putRun(record);
    return {
      clientsProcessed: this.processed,
      // A resumed attempt reads the list from the start again, so it overtakes the earlier attempts' count.
      clientsCommitted: Math.max(this.committedBefore, this.processed),
      counts: record.counts,
      staffCommitted: true,
    };
  }

  /**
   * The run's findings by reason (complete) and how many of them its log does not list (beyond the
   * cap). The log lists the first `logCap` findings, so listed = min(total, cap) = the next sequence number.
   */
  findingsSummary(): { findingsByReason: ReasonCounts; findingsNotLogged: number } {
    return { findingsByReason: this.findings.toJSON(), findingsNotLogged: this.findings.total() - this.logSeq };
  }

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
    this.keyIndex = new LiveKeyIndex(await this.deps.store.loadKeyIndex());
    // A resumed run's staff findings are in the log already (the staff batch commits first).
    const staffLogged = this.batches > 0;
    const { applied: result, progress } = await this.deps.store.transact(async (tx) => {
      const applied = await applyStaffList(tx, list, now, this.tally);
      if (!staffLogged) await tx.addLog(this.logEntries([...applied.issues, ...applied.repeated]));
      await this.checkpoint(tx, 0, 0);
      return { applied, progress: await this.closeTransaction(tx, run()) };
    });
    this.committed = progress;
    for (const issue of result.issues) this.addUnattributed(issue);
    this.context = buildEvaluationContext(result.valid, this.params.options);
    this.seed = contextSeed(result.valid, this.params.options);
  }

  /**
   * How this run's client list recognises unchanged clients from their elements' text (call it once
   * the staff list is applied: the hashes are seeded with the staff and options). A client is known
   * when its element's hash is the one stored for it and the element names it; each stored hash is
   * used once, so a second copy of the same element is parsed and logged as repeated (M8).
   */
  spanPolicy(): ClientSpanPolicy {
    const index = this.index();
    const byHash = new Map<string, XpmClientId>();
    for (const [id, state] of index.clientStates()) {
      if (state.hash !== null && isSpanHash(state.hash)) byHash.set(state.hash, id);
    }
    return {
      judge: (text) => {
        const hash = spanHash(this.seed, text);
        const key = byHash.get(hash);
        if (key === undefined) return { hash, known: null };
        byHash.delete(hash);
        // A hash match whose element does not even name the client is a collision: parse it.
        const named = text.includes(key.startsWith(NUMERIC_ID_PREFIX) ? key.slice(NUMERIC_ID_PREFIX.length) : key);
        return { hash, known: named && index.clientState(key)?.hash === hash ? key : null };
      },
    };
  }

  /** Fingerprints and evaluates a batch (CPU only): what changed since it was last evaluated. */
  prepareClients(clients: readonly XpmClient[]): PreparedBatch {
    return this.prepareReads(clients.map((client) => ({ client, spanHash: null })));
  }

  /** prepareClients for what a span-reading client list hands out (ClientListSpanReader). */
  prepareReads(reads: readonly ClientRead[]): PreparedBatch {
    const context = this.context ?? buildEvaluationContext([], this.params.options);
    const index = this.index();
    const evaluated: Array<{ evaluation: ClientEvaluation; hash: string; listed: ListedPeople }> = [];
    const unchanged: XpmClient[] = [];
    const known: XpmClientId[] = [];
    const repeated: XpmClient[] = [];
    for (const read of reads) {
      if ('known' in read) {
        if (this.readKeys.has(read.known)) repeated.push(knownCopy(read.known));
        else {
          this.readKeys.add(read.known);
          known.push(read.known);
        }
        continue;
      }
      const client = read.client;
      if (client.key !== null) {
        if (this.readKeys.has(client.key)) {
          repeated.push(client);
          continue;
        }
        this.readKeys.add(index.shared(client.key));
      }
      const hash = read.spanHash ?? clientFingerprint(client, this.seed);
      const stored = client.key === null ? undefined : index.clientState(client.key);
      if (stored !== undefined && stored.hash === hash) unchanged.push(client);
      else {
        const evaluation = evaluateClient(client, context);
        evaluated.push({ evaluation, hash, listed: listedPeople(client, evaluation) });
      }
    }
    return { evaluated, unchanged, known, repeated };
  }

  /** One prepared batch (in XPM order), committed atomically with the run's progress. */
  async commitClients(batch: PreparedBatch, run: () => RunRecord): Promise<void> {
    const index = this.index();
    const now = this.deps.clock.now();
    const evaluations = batch.evaluated.map((e) => e.evaluation);
    const keys = batchKeys(evaluations);
    const clientKeys = evaluations.flatMap((e) => (e.key === null ? [] : [e.key]));
    const repeated = batch.repeated ?? [];
    const known = batch.known ?? [];
    const batchClients = batch.evaluated.length + batch.unchanged.length + known.length + repeated.length;
    this.committed = await this.deps.store.transact(async (tx) => {
      // Exactly the records this batch can touch, by id; none at all when the store has none.
      const [contacts, clientRecords, previous] = await Promise.all([
        tx.contactsByIds(index.contactIds(keys.sourceKeys, keys.identityKeys)),
        // Also by local id: a record relinked earlier (R12) may hold an incoming client's XPM id as its key.
        tx.clientsByIds([
          ...new Set([...index.clientIds(keys.clientIds, keys.codeKeys), ...keys.clientIds.map(localClientIdOf)]),
        ]),
        tx.sourceStates(clientKeys.filter((key) => index.clientState(key) !== undefined)),
      ]);
      const ws = new ContactWorkset();
      ws.load(contacts);
      // Contacts whose source was rejected before and is not read above: their rejections may clear.
      const rejectedBefore = index.contactIdsBySource(previouslyRejected(previous)).filter((id) => !ws.get(id));
      if (rejectedBefore.length > 0) ws.load(await tx.contactsByIds(rejectedBefore));
      const clientIndex = new ClientIndex(clientRecords);
      const previousStates = new Map(previous.map((state) => [state.clientId, state]));
      const log: RecordIssue[] = [];
      const byClient = new Map<XpmClientId, RecordIssue[]>();
      const report = (issue: RecordIssue) => {
        log.push(issue);
        if (issue.clientId === null) this.addUnattributed(issue);
        else {
          const list = byClient.get(issue.clientId);
          if (list) list.push(issue);
          else byClient.set(issue.clientId, [issue]);
        }
      };
      const clientWrites: ClientWrite[] = [];
      let keylessLogged = 0;
      const reconcile = { now, newId: this.deps.newId, report };
      const clientContext = { now, newId: this.deps.newId, tally: this.tally, claimed: this.claimedClients };

      for (const client of batch.unchanged) {
        this.countUnchanged(client.key, index, () => this.seen.noteUnchanged(client));
      }
      for (const key of known) {
        const state = index.clientState(key);
        this.countUnchanged(key, index, () => {
          if (state !== undefined) this.seen.noteKnown(key, state);
        });
      }
      for (const evaluation of evaluations) {
        this.processed += 1;
        const write = applyClientEvaluation(evaluation, clientIndex, clientContext);
        if (write) clientWrites.push(write);
        if (evaluation.key === null && this.keylessToSkip > 0) {
          // Logged by the interrupted attempt: kept for the fix-list, not logged twice.
          this.keylessToSkip -= 1;
          for (const issue of evaluation.issues) this.addUnattributed(issue);
        } else {
          if (evaluation.key === null) keylessLogged += 1;
          for (const issue of evaluation.issues) report(issue);
        }
        for (const candidate of evaluation.contacts) applyContactCandidate(ws, candidate, reconcile);
        if (evaluation.hasValidContact && evaluation.key !== null) supersedeClientFallback(ws, evaluation.key, now);
        this.tally.rejected('contact', evaluation.contactsRejected);
        this.tally.skipped('contact', evaluation.contactsSkipped);
        if (this.params.fullPass) this.seen.noteClient(evaluation);
      }
      for (const copy of repeated) {
        // Only the first copy counts; this one is logged (not a fix-list entry: nothing to fix in XPM).
        this.processed += 1;
        this.tally.skipped('client');
        log.push(repeatedClientIssue(copy));
      }

      const states: SourceState[] = [];
      for (const { evaluation, hash, listed } of batch.evaluated) {
        if (evaluation.key === null) continue;
        states.push(
          sourceState(
            evaluation.key,
            hash,
            evaluation,
            listed,
            byClient.get(evaluation.key) ?? [],
            previousStates.get(evaluation.key),
            this.params.runId,
            this.params.startedAt,
          ),
        );
      }

      const { writes, changes } = contactWrites(ws.touched(), this.params.runId, now, this.tally);
      const restamped = restampRejections(
        states.map((after) => ({ before: previousStates.get(after.clientId), after })),
        (sourceKey) => ws.findBySource(sourceKey),
      );
      await tx.putContacts(withRestamped(writes, restamped));
      // Each evaluated client's record carries its own rejections now (none once imported again or missing).
      const identities = new Map(evaluations.flatMap((e) => (e.key === null ? [] : [[e.key, incomingClientKeys(e)]])));
      const restampedClients = restampClientRejections(states, (clientId) =>
        clientIndex.byXpmId(identities.get(clientId) ?? [clientId]),
      );
      await tx.putClients(
        withRestamped(
          clientWrites.map((w) => w.after),
          restampedClients,
        ),
      );
      await tx.putSourceStates(states);
      await tx.addChanges(changes);
      await tx.addLog(this.logEntries(log));
      await this.checkpoint(tx, keylessLogged, batchClients);
      return this.closeTransaction(tx, run());
    });
  }

  /** prepareClients then commitClients (the command line and tests apply batches one at a time). */
  async applyClients(clients: readonly XpmClient[], run: () => RunRecord): Promise<void> {
    await this.commitClients(this.prepareClients(clients), run);
  }

  /**
   * Ends the run in one transaction: the R6 sweep (full pass only) with the fix-list state of clients
   * XPM no longer lists, the findings about staff, the new sync state and the final run record, so
   * the watermark moves only together with the data it covers (S7).
   */
  async finish(plan: FinishPlan): Promise<RunCounts> {
    const now = this.deps.clock.now();
    const index = this.index();
    let counts = this.counts();
    this.committed = await this.deps.store.transact(async (tx) => {
      let dropped: XpmClientId[] = [];
      if (this.params.fullPass) {
        await sweepMissing(tx, index, { runId: this.params.runId, now, seen: this.seen, tally: this.tally });
        // A completed listing replaces the whole fix-list: clients XPM no longer lists drop out.
        dropped = index.clientStateIds().filter((id) => !this.seen.wasListed(id));
        await tx.deleteSourceStates(dropped);
      }
      const previous = await tx.unattributedFindings();
      const unattributed = fixEntries(
        [...this.unattributed.values()],
        previous,
        this.params.runId,
        this.params.startedAt,
      );
      await tx.replaceUnattributedFindings(unattributed);
      const outstanding = await outstandingAtEnd(tx, index, new Set(dropped), unattributed);
      counts = this.counts();
      await tx.putState(plan.state(await tx.getState()));
      await tx.deleteBatchOutcomes(this.params.runId);
      return this.closeTransaction(tx, { ...plan.run(counts), outstanding });
    });
    return counts;
  }

  /**
   * A client whose fingerprint is unchanged: counted as it was last time, nothing evaluated or written;
   * `noteSeen` notes it for a full pass's sweep.
   */
  private countUnchanged(key: XpmClientId | null, index: LiveKeyIndex, noteSeen: () => void): void {
    this.processed += 1;
    const state = key === null ? undefined : index.clientState(key);
    if (key === null || state === undefined) return;
    for (const id of index.clientIdsByXpmId(incomingClientKeys({ key, numericId: null }))) {
      this.tally.note('client', id, 'unchanged');
      this.claimedClients.add(id); // linked to a live XPM client in this run, as if evaluated (R12 guard)
    }
    for (const id of index.contactIdsBySource(state.imported)) this.tally.note('contact', id, 'unchanged');
    this.tally.rejected('client', state.counts.clientRejected);
    this.tally.skipped('client', state.counts.clientSkipped);
    this.tally.rejected('contact', state.counts.contactsRejected);
    this.tally.skipped('contact', state.counts.contactsSkipped);
    if (this.params.fullPass) noteSeen();
  }

  /** The batch's imports and updates, committed with it, for resuming the run if it is interrupted. */
  private async checkpoint(tx: StoreTx, keylessLogged: number, clients: number): Promise<void> {
    await tx.addBatchOutcome({
      runId: this.params.runId,
      batch: this.batches++,
      notes: this.tally.drainJournal(),
      keylessLogged,
      logNext: this.logSeq,
      findings: this.batchFindings.toJSON(),
      clients,
    });
    this.batchFindings = new ReasonTally();
  }

  /** The first finding per fix-list key is kept, as fixEntries keeps it. */
  private addUnattributed(issue: RecordIssue): void {
    const key = fixEntryKey(issue);
    if (!this.unattributed.has(key)) this.unattributed.set(key, issue);
  }

  private index(): LiveKeyIndex {
    if (this.keyIndex === null) throw new Error('applyStaff must run before clients (it loads the key index).');
    return this.keyIndex;
  }

  /**
   * The log entries for `issues`: every one is counted by reason; only those within the run's log
   * cap are listed (numbered in order), the rest are counted only.
   */
  private logEntries(issues: readonly RecordIssue[]): RunLogEntry[] {
    const cap = this.params.logCap ?? RUN_LOG_FINDINGS_CAP;
    const entries: RunLogEntry[] = [];
    for (const issue of issues) {
      this.findings.add(issue.kind, issue.code);
      this.batchFindings.add(issue.kind, issue.code);
      if (this.logSeq < cap)
        entries.push({ ...issue, runId: this.params.runId, seq: this.logSeq++, at: this.params.startedAt });
    }
    return entries;
  }
}

/**
 * A batch's contact (or client) writes with the records whose XPM rejections changed: one write per record, the
 * restamped one (it was made from the batch's latest copy) in place of the other.
 */
function withRestamped<R extends ContactRecord | ClientRecord>(writes: readonly R[], restamped: readonly R[]): R[] {
  if (restamped.length === 0) return [...writes];
  const byId = new Map(writes.map((record) => [record.id, record]));
  for (const record of restamped) byId.set(record.id, record);
  return [...byId.values()];
}

/**
 * The standing fix-list's size per reason as the finishing transaction leaves it (U3's trend): each
 * client's counts from the key index (kept current by every committed batch), less the clients this
 * finish drops, plus the unattributed entries. Clients whose keys predate the counts are read.
 */
export async function outstandingAtEnd(
  tx: StoreTx,
  index: LiveKeyIndex,
  dropped: ReadonlySet<XpmClientId>,
  unattributed: readonly FixEntry[],
): Promise<OutstandingCounts> {
  const total = countByFixReason(unattributed);
  const unknown: XpmClientId[] = [];
  for (const id of index.clientStateIds()) {
    if (dropped.has(id)) continue;
    const reasons = index.clientState(id)?.reasons;
    if (reasons === undefined) unknown.push(id);
    else addOutstanding(total, reasons);
  }
  for (const state of await tx.sourceStates(unknown)) addOutstanding(total, countByFixReason(state.findings));
  return total;
}

/** Used by type-only consumers (the fix-list CSV). */
export type { FixEntry };

/**
 * A later copy of a client recognised unread, after a parsed copy (M8): all the log can name is its id.
 * Only an answer listing one client twice, once as stored and once changed, comes here — and only
 * while the changed copy's batch has not committed (after it, the stored copy no longer matches and
 * is parsed, and logged by name). The counts are the same either way.
 */
function knownCopy(key: XpmClientId): XpmClient {
  const numeric = key.startsWith(NUMERIC_ID_PREFIX);
  return {
    ...newClient(),
    key,
    uuid: numeric ? '' : key,
    numericId: numeric ? key.slice(NUMERIC_ID_PREFIX.length) : '',
  };
}
