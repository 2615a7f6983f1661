import { describe, expect, it } from 'vitest';
import { ReasonTally, reasonRows, totalFindings } from '../../src/domain/run-findings';
import { mergeRunProgress } from '../../src/domain/runs';
import { run } from '../contracts/records';

describe('findings by reason', () => {
  it('tallies by kind and reason (email-invalid as a rejection and as a warning apart), and adds tallies up', () => {
    const tally = new ReasonTally();
    tally.add('rejection', 'email-invalid');
    tally.add('warning', 'email-invalid', 2);
    tally.addAll({ rejection: { 'email-invalid': 3, 'name-missing': 1 } });
    expect(tally.toJSON()).toEqual({
      rejection: { 'email-invalid': 4, 'name-missing': 1 },
      warning: { 'email-invalid': 2 },
    });
    expect(tally.total()).toBe(7);
    expect(totalFindings(tally.toJSON())).toBe(7);
    expect(totalFindings(undefined)).toBe(0);
    expect(reasonRows(tally.toJSON()).map((row) => [row.kind, row.code, row.count])).toEqual([
      ['rejection', 'email-invalid', 4],
      ['warning', 'email-invalid', 2],
      ['rejection', 'name-missing', 1],
    ]);
  });

  it('a late progress write does not take the findings back with the counts', () => {
    const stored = run('r', {
      clientsProcessed: 500,
      findingsByReason: { rejection: { 'name-missing': 9 } },
      findingsNotLogged: 4,
    });
    const late = run('r', { clientsProcessed: 0, findingsByReason: {}, findingsNotLogged: 0 });
    expect(mergeRunProgress(stored, late)).toMatchObject({
      findingsByReason: { rejection: { 'name-missing': 9 } },
      findingsNotLogged: 4,
    });
    const ahead = run('r', { clientsProcessed: 600, findingsByReason: { rejection: { 'name-missing': 10 } } });
    expect(mergeRunProgress(stored, ahead).findingsByReason).toEqual({ rejection: { 'name-missing': 10 } });
  });
});
