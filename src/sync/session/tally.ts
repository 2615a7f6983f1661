/**
 * A run's counts (S1 summary): distinct records per outcome — a record touched by several batches
 * counts once, with its strongest outcome — plus rejections, skips and "missing in XPM" marks.
 */
import { emptyCounts, type RunCounts } from '../../domain/runs';
import type { EntityKind } from '../../domain/reasons';

export type Outcome = 'imported' | 'updated' | 'unchanged';

const OUTCOME_RANK: Record<Outcome, number> = { unchanged: 0, updated: 1, imported: 2 };

export class RunTally {
  private readonly outcomes: Record<EntityKind, Map<string, Outcome>> = {
    contact: new Map(),
    client: new Map(),
    staff: new Map(),
  };
  private readonly others = emptyCounts();

  /** Records `outcome` for record `id`; a stronger outcome seen earlier wins. */
  note(entity: EntityKind, id: string, outcome: Outcome): void {
    const outcomes = this.outcomes[entity];
    const previous = outcomes.get(id);
    if (!previous || OUTCOME_RANK[outcome] > OUTCOME_RANK[previous]) outcomes.set(id, outcome);
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
