/**
 * One run of the engine over evaluated XPM records: staff first (partners need them), then clients
 * in batches, then the finish (R6 sweep for a full pass, the new watermark, the final run record).
 * Each batch is one atomic store transaction that also carries the run's progress (S6, S7).
 */
import type { XpmClient, XpmStaff } from '../xero/types';
import type { ClientEvaluation, EvaluationContext, StaffFields } from './evaluation';
import type {
  ClientRecord,
  ContactLink,
  ContactRecord,
  FieldChange,
  RunCounts,
  RunLogEntry,
  RunRecord,
  StaffRecord,
  SyncOptions,
  SyncState,
} from './model';
import { emptyCounts } from './model';
import type { RecordIssue } from './reasons';
import type { Clock, StoreTx, SyncStore } from './ports';
import { ContactWorkset } from './contact-workset';
import { LiveKeyIndex } from './key-index';
import { clientSourceKey } from './source-keys';
import { applyContactCandidate, sameContact, supersedeClientFallback, withLinks } from './reconcile-contacts';
import { clientRecordFrom, sameClient } from './reconcile-clients';
import { evaluateClient } from './evaluate-client';
import { evaluateStaff } from './evaluate-staff';
import { buildEvaluationContext } from './evaluation-context';

type Outcome = 'imported' | 'updated' | 'unchanged';
/** A client record written by a batch, with the stored record it replaces (for the key index). */
interface ClientWrite {
  readonly before: ClientRecord | undefined;
  readonly after: ClientRecord;
}
const OUTCOME_RANK: Record<Outcome, number> = { unchanged: 0, updated: 1, imported: 2 };

export interface SessionParams {
  readonly runId: string;
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
  private readonly contactOutcomes = new Map<string, Outcome>();
  private readonly clientOutcomes = new Map<string, Outcome>();
  private readonly staffOutcomes = new Map<string, Outcome>();
  private readonly tallies = emptyCounts();
  /** Sources XPM still has, by `sourceKey` and by `sourceKey|clientId` (full pass only). */
  private readonly seenSources = new Set<string>();
  private readonly seenLinks = new Set<string>();
  private readonly seenClients = new Set<string>();
  /** Contacts with links to several clients, checked for links XPM dropped (full pass). */
  private readonly multiLinkContacts = new Set<string>();
  /** Local client records already linked to an XPM client in this run (R12 guard). */
  private readonly claimedClients = new Set<string>();
  private context: EvaluationContext | null = null;
  /** Full passes only: the store's lookup keys, loaded once and kept current. */
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
    const counts = emptyCounts();
    const add = (target: RunCounts[keyof RunCounts], outcomes: Map<string, Outcome>) => {
      for (const outcome of outcomes.values()) target[outcome] += 1;
    };
    add(counts.contact, this.contactOutcomes);
    add(counts.client, this.clientOutcomes);
    add(counts.staff, this.staffOutcomes);
    for (const entity of ['contact', 'client', 'staff'] as const) {
      counts[entity].rejected = this.tallies[entity].rejected;
      counts[entity].skipped = this.tallies[entity].skipped;
      counts[entity].missing = this.tallies[entity].missing;
    }
    return counts;
  }

  /**
   * Staff (R9). The staff list is always complete, so staff no longer listed are marked missing
   * on every run, not only on Resync All.
   */
  async applyStaff(list: readonly XpmStaff[], run: () => RunRecord): Promise<void> {
    const now = this.deps.clock.now();
    const evaluations = list.map((staff) => evaluateStaff(staff));
    const valid: StaffFields[] = [];
    const listed = new Set(list.map((s) => s.uuid));
    await this.deps.store.transact(async (tx) => {
      const existing = new Map((await tx.allStaff()).map((s) => [s.id, s]));
      const writes: StaffRecord[] = [];
      const issues: RecordIssue[] = [];
      const done = new Set<string>();
      for (const evaluation of evaluations) {
        issues.push(...evaluation.issues);
        const fields = evaluation.fields;
        if (!fields) {
          this.tallies.staff.rejected += 1;
          continue;
        }
        if (done.has(fields.id)) continue; // a repeated UUID: XPM order, first wins
        done.add(fields.id);
        valid.push(fields);
        const previous = existing.get(fields.id);
        const record: StaffRecord = {
          ...fields,
          state: 'synced',
          missingInXpm: false,
          createdAt: previous?.createdAt ?? now,
          updatedAt: now,
        };
        const outcome: Outcome = !previous ? 'imported' : sameStaff(previous, record) ? 'unchanged' : 'updated';
        this.noteOutcome(this.staffOutcomes, fields.id, outcome);
        if (outcome !== 'unchanged') writes.push(record);
      }
      for (const previous of existing.values()) {
        if (previous.state === 'synced' && !previous.missingInXpm && !listed.has(previous.id)) {
          writes.push({ ...previous, missingInXpm: true, updatedAt: now });
          this.tallies.staff.missing += 1;
        }
      }
      await tx.putStaff(writes);
      await tx.addLog(this.logEntries(issues, now));
      await tx.putRun(run());
    });
    this.context = buildEvaluationContext(valid, this.params.options);
  }

  /** One batch of clients (in XPM order), committed atomically with the run's progress. */
  async applyClients(clients: readonly XpmClient[], run: () => RunRecord): Promise<void> {
    const context = this.context ?? buildEvaluationContext([], this.params.options);
    const evaluations = clients.map((client) => evaluateClient(client, context));
    const keys = lookupKeys(evaluations);
    const index = this.params.fullPass ? await this.loadedKeyIndex() : null;
    const now = this.deps.clock.now();
    const committed = await this.deps.store.transact(async (tx) => {
      const ws = new ContactWorkset();
      let clients: ClientIndex;
      if (index) {
        // Exactly the records this batch can touch, by id; none at all when the store has none.
        const [contacts, clientRecords] = await Promise.all([
          tx.contactsByIds(index.contactIds(keys.sourceKeys, keys.identityKeys)),
          tx.clientsByIds([...new Set([...index.clientIds(keys.clientIds, keys.codeKeys), ...keys.clientIds])]),
        ]);
        ws.load(contacts);
        clients = new ClientIndex(clientRecords, []);
      } else {
        const [bySource, byIdentity, clientsByXpm, clientsByCode, clientsById] = await Promise.all([
          tx.contactsBySourceKeys(keys.sourceKeys),
          tx.contactsByIdentityKeys(keys.identityKeys),
          tx.clientsByXpmIds(keys.clientIds),
          tx.clientsByCodeKeys(keys.codeKeys),
          tx.clientsByIds(keys.clientIds),
        ]);
        ws.load(bySource);
        ws.load(byIdentity);
        clients = new ClientIndex(clientsByXpm, [...clientsByCode, ...clientsById]);
      }
      const issues: RecordIssue[] = [];
      const clientWrites: ClientWrite[] = [];
      const reconcile = { now, newId: this.deps.newId, report: (issue: RecordIssue) => issues.push(issue) };

      for (const evaluation of evaluations) {
        this.processed += 1;
        const write = this.applyClientEvaluation(evaluation, clients, now);
        if (write) clientWrites.push(write);
        issues.push(...evaluation.issues);
        for (const candidate of evaluation.contacts) applyContactCandidate(ws, candidate, reconcile);
        if (evaluation.hasValidContact) supersedeClientFallback(ws, evaluation.client.uuid, now);
        this.tallies.contact.rejected += evaluation.contactsRejected;
        this.tallies.contact.skipped += evaluation.contactsSkipped;
        if (this.params.fullPass) this.noteSeen(evaluation);
      }

      const { writes, changes } = this.collectContactChanges(ws, now);
      await tx.putContacts(writes);
      await tx.putClients(clientWrites.map((w) => w.after));
      await tx.addChanges(changes);
      await tx.addLog(this.logEntries(issues, now));
      await tx.putRun(run());
      return { contacts: ws.touched(), clients: clientWrites };
    });
    // Only what actually committed goes into the key index.
    if (index) {
      for (const { before, after } of committed.contacts) index.contactWritten(before, after);
      for (const { before, after } of committed.clients) index.clientWritten(before, after);
    }
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
      if (index) await this.sweep(tx, index, now);
      counts = this.counts();
      await tx.putState(plan.state(await tx.getState()));
      await tx.putRun(plan.run(counts));
    });
    return counts;
  }

  private applyClientEvaluation(evaluation: ClientEvaluation, clients: ClientIndex, now: number): ClientWrite | null {
    const uuid = evaluation.client.uuid;
    const existing = clients.byXpmId(uuid);
    if (evaluation.skipped === 'deleted') {
      this.tallies.client.skipped += 1;
      if (existing && existing.state === 'synced' && !existing.missingInXpm) {
        // Positively observed as deleted in XPM: marked now rather than waiting for a Resync All.
        this.tallies.client.missing += 1;
        return { before: existing, after: clients.put({ ...existing, missingInXpm: true, updatedAt: now }) };
      }
      return null;
    }
    if (evaluation.skipped === 'archived') {
      this.tallies.client.skipped += 1;
      return null;
    }
    if (!evaluation.fields) {
      this.tallies.client.rejected += 1;
      return null;
    }
    // R12: a client new to this store takes over a record with the same code only when that record's
    // XPM client is proven gone (missing in XPM) — never one that a live XPM client may still feed,
    // even if that client comes later in this listing (a disconnected record is relinked by its UUID).
    const base =
      existing ??
      clients.byCodeKey(evaluation.fields.codeKey).find((c) => c.missingInXpm && !this.claimedClients.has(c.id));
    // A new record is keyed by its XPM UUID unless a record that was relinked earlier holds that id.
    const id = base?.id ?? (clients.hasId(uuid) ? this.deps.newId() : uuid);
    const record = clientRecordFrom(evaluation.fields, uuid, id, base, now);
    this.claimedClients.add(record.id);
    const outcome: Outcome = !base ? 'imported' : sameClient(base, record) ? 'unchanged' : 'updated';
    this.noteOutcome(this.clientOutcomes, record.id, outcome);
    if (base && base.xpmId !== uuid) clients.forget(base);
    return outcome === 'unchanged' ? null : { before: base, after: clients.put(record) };
  }

  private noteSeen(evaluation: ClientEvaluation): void {
    const uuid = evaluation.client.uuid;
    if (evaluation.skipped === 'deleted') return;
    this.seenClients.add(uuid);
    this.seeLink(clientSourceKey(uuid), uuid);
    for (const candidate of evaluation.contacts) this.seeLink(candidate.link.sourceKey, uuid);
    for (const key of evaluation.rejectedSourceKeys) this.seeLink(key, uuid);
  }

  private seeLink(sourceKey: string, clientId: string): void {
    this.seenSources.add(sourceKey);
    this.seenLinks.add(`${sourceKey}|${clientId}`);
  }

  private collectContactChanges(ws: ContactWorkset, now: number) {
    const writes = [];
    const changes: FieldChange[] = [];
    for (const { before, after } of ws.touched()) {
      if (this.params.fullPass && after.links.length > 1) this.multiLinkContacts.add(after.id);
      if (!before) {
        this.noteOutcome(this.contactOutcomes, after.id, 'imported');
        writes.push(after);
        continue;
      }
      if (before === after || sameContact(before, after)) {
        this.noteOutcome(this.contactOutcomes, after.id, 'unchanged');
        continue;
      }
      this.noteOutcome(this.contactOutcomes, after.id, 'updated');
      writes.push(after);
      changes.push(...this.fieldChanges(before, after, now));
    }
    return { writes, changes };
  }

  /** R7: what a sync changed in a contact that XPM fed before. */
  private fieldChanges(before: ContactRecord, after: ContactRecord, now: number): FieldChange[] {
    if (before.links.length === 0) return [];
    return (['name', 'email', 'mobile'] as const)
      .filter((field) => before[field] !== after[field])
      .map((field) => ({
        contactId: after.id,
        runId: this.params.runId,
        at: now,
        field,
        from: before[field],
        to: after[field],
      }));
  }

  /** A contact whose links the sweep pruned: written, counted and its changes recorded like any update. */
  private pruned(
    record: ContactRecord,
    kept: readonly ContactLink[],
    now: number,
    changes: FieldChange[],
  ): ContactRecord | null {
    const after = withLinks(record, kept, now);
    if (after === record || sameContact(record, after)) return null;
    this.noteOutcome(this.contactOutcomes, after.id, 'updated');
    changes.push(...this.fieldChanges(record, after, now));
    return after;
  }

  /** R6: after a complete listing, what XPM no longer has is marked (never deleted). */
  private async sweep(tx: StoreTx, index: LiveKeyIndex, now: number): Promise<void> {
    const unseenKeys = index.contactSourceKeys().filter((key) => !this.seenSources.has(key));
    const contactWrites: ContactRecord[] = [];
    const changes: FieldChange[] = [];
    const checked = new Set<string>();
    for (const record of await tx.contactsByIds(index.contactIdsBySource(unseenKeys))) {
      checked.add(record.id);
      if (record.state !== 'synced' || record.forcedManual) continue;
      const kept = record.links.filter((l) => this.seenLinks.has(`${l.sourceKey}|${l.clientId}`));
      if (kept.length === 0) {
        if (!record.missingInXpm) {
          // Links are kept so that the source reappearing relinks the same record.
          contactWrites.push({ ...record, missingInXpm: true, updatedAt: now });
          this.tallies.contact.missing += 1;
        }
      } else {
        const after = this.pruned(record, kept, now, changes);
        if (after) contactWrites.push(after);
      }
    }
    const multi = [...this.multiLinkContacts].filter((id) => !checked.has(id));
    for (const record of await tx.contactsByIds(multi)) {
      const kept = record.links.filter((l) => this.seenLinks.has(`${l.sourceKey}|${l.clientId}`));
      if (kept.length === 0 || kept.length === record.links.length) continue;
      const after = this.pruned(record, kept, now, changes);
      if (after) contactWrites.push(after);
    }
    await tx.putContacts(contactWrites);
    await tx.addChanges(changes);

    const unseenClients = index.clientXpmIds().filter((id) => !this.seenClients.has(id));
    const clientWrites = [];
    for (const record of await tx.clientsByIds(index.clientIdsByXpmId(unseenClients))) {
      if (record.state === 'synced' && !record.missingInXpm) {
        clientWrites.push({ ...record, missingInXpm: true, updatedAt: now });
        this.tallies.client.missing += 1;
      }
    }
    await tx.putClients(clientWrites);
  }

  private noteOutcome(outcomes: Map<string, Outcome>, id: string, outcome: Outcome): void {
    const previous = outcomes.get(id);
    if (!previous || OUTCOME_RANK[outcome] > OUTCOME_RANK[previous]) outcomes.set(id, outcome);
  }

  private logEntries(issues: readonly RecordIssue[], at: number): RunLogEntry[] {
    return issues.map((issue) => ({ ...issue, runId: this.params.runId, seq: this.logSeq++, at }));
  }
}

function sameStaff(a: StaffRecord, b: StaffRecord): boolean {
  return (
    a.name === b.name &&
    a.firstName === b.firstName &&
    a.lastName === b.lastName &&
    a.email === b.email &&
    a.state === b.state &&
    a.missingInXpm === b.missingInXpm
  );
}

/** The store keys one batch needs read before it can be reconciled. */
function lookupKeys(evaluations: readonly ClientEvaluation[]) {
  const sourceKeys = new Set<string>();
  const identityKeys = new Set<string>();
  const clientIds = new Set<string>();
  const codeKeys = new Set<string>();
  for (const evaluation of evaluations) {
    const uuid = evaluation.client.uuid;
    clientIds.add(uuid);
    sourceKeys.add(clientSourceKey(uuid));
    if (evaluation.fields) codeKeys.add(evaluation.fields.codeKey);
    for (const candidate of evaluation.contacts) {
      sourceKeys.add(candidate.link.sourceKey);
      identityKeys.add(candidate.identityKey);
    }
  }
  return {
    sourceKeys: [...sourceKeys],
    identityKeys: [...identityKeys],
    clientIds: [...clientIds],
    codeKeys: [...codeKeys],
  };
}

/** Client records of one batch, by XPM id and by code, updated as the batch writes them. */
class ClientIndex {
  private readonly xpm = new Map<string, ClientRecord>();
  private readonly code = new Map<string, ClientRecord[]>();
  private readonly ids = new Map<string, ClientRecord>();

  constructor(byXpm: readonly ClientRecord[], byCode: readonly ClientRecord[]) {
    for (const record of [...byXpm, ...byCode]) this.put(record);
  }

  byXpmId(id: string): ClientRecord | undefined {
    return this.xpm.get(id);
  }

  hasId(id: string): boolean {
    return this.ids.has(id);
  }

  byCodeKey(codeKey: string): ClientRecord[] {
    return this.code.get(codeKey) ?? [];
  }

  put(record: ClientRecord): ClientRecord {
    const previous = this.ids.get(record.id);
    if (previous) this.forget(previous);
    this.ids.set(record.id, record);
    this.xpm.set(record.xpmId, record);
    const list = (this.code.get(record.codeKey) ?? []).filter((r) => r.id !== record.id);
    list.push(record);
    this.code.set(record.codeKey, list);
    return record;
  }

  forget(record: ClientRecord): void {
    if (this.ids.get(record.id) === record) this.ids.delete(record.id);
    if (this.xpm.get(record.xpmId)?.id === record.id) this.xpm.delete(record.xpmId);
    const list = this.code.get(record.codeKey);
    if (list)
      this.code.set(
        record.codeKey,
        list.filter((r) => r.id !== record.id),
      );
  }
}
