/**
 * A run's counts (S1 summary): distinct records per outcome — a record touched by several batches
 * counts once, with its strongest outcome — plus rejections, skips and "missing in XPM" marks.
 */
import { emptyCounts, type OutcomeNote, type RecordOutcome, type RunCounts } from '../../domain/runs';
import type { EntityKind } from '../../domain/reasons';

export type Outcome = RecordOutcome;

const OUTCOME_RANK: Record<Outcome, number> = { unchanged: 0, updated: 1, imported: 2 };

export class RunTally {
  private readonly outcomes: Record<EntityKind, Map<string, Outcome>> = {
    contact: new Map(),
    client: new Map(),
    staff: new Map(),
  };
  private readonly others = emptyCounts();
  /** Imports and updates since the last drain: what a batch's checkpoint row keeps (S7). */
  private journal: OutcomeNote[] = [];

  /** Records `outcome` for record `id`; a stronger outcome seen earlier wins. */
  note(entity: EntityKind, id: string, outcome: Outcome): void {
    const outcomes = this.outcomes[entity];
    const previous = outcomes.get(id);
    if (!previous || OUTCOME_RANK[outcome] > OUTCOME_RANK[previous]) outcomes.set(id, outcome);
    if (outcome !== 'unchanged') this.journal.push([entity, id, outcome]);
  }

  /** The imports and updates noted since the last call. */
  drainJournal(): OutcomeNote[] {
    const notes = this.journal;
    this.journal = [];
    return notes;
  }

  /**
   * Counts what an interrupted attempt of this run committed. Unchanged records need no replay: the
   * resumed run meets them again as unchanged (their fingerprints were committed with them).
   */
  replay(notes: Iterable<OutcomeNote>): void {
    for (const [entity, id, outcome] of notes) this.note(entity, id, outcome);
    this.journal = [];
  }

  rejected(entity: EntityKind, n = 1): void {
    this.others[entity].rejected += n;
  }

  skipped(entity: EntityKind, n = 1): void {
    this.others[entity].skipped += n;
  }

  missing(entity: EntityKind, n = 1): void {
    this.others[entity].missing += n;
  }

  counts(): RunCounts {
    const counts = emptyCounts();
    for (const entity of ['contact', 'client', 'staff'] as const) {
      for (const outcome of this.outcomes[entity].values()) counts[entity][outcome] += 1;
      counts[entity].rejected = this.others[entity].rejected;
      counts[entity].skipped = this.others[entity].skipped;
      counts[entity].missing = this.others[entity].missing;
    }
    return counts;
  }
}
