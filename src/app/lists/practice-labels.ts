/**
 * Which practice each record in a list came from (C4), for lists that hold records of more than one
 * practice — after the user connected another practice and kept the old records. With one practice
 * (the usual case) no row is labelled.
 */
import { createMemo, type Accessor } from 'solid-js';
import type { ConnectionInfo } from '../../domain/connection';
import type { RecordPractice } from '../../domain/records';
import { connectionPractice, practiceOf } from '../../domain/practice';

/** The practice name to show beside a row, or null. */
export type PracticeLabel<T> = (row: T) => string | null;

export function createPracticeLabels<T extends { readonly record: { readonly practice?: RecordPractice | null } }>(
  rows: Accessor<readonly T[]>,
  connection: Accessor<ConnectionInfo>,
  /** Rows whose record came from no practice (contacts made by hand or detached) are never labelled. */
  fromPractice: (row: T) => boolean = () => true,
): Accessor<PracticeLabel<T>> {
  return createMemo(() => {
    const unstamped = connectionPractice(connection());
    const practices = new Set<string>();
    for (const row of rows()) {
      if (!fromPractice(row)) continue;
      practices.add(practiceOf(row.record, unstamped).tenantId ?? '');
      if (practices.size > 1) break;
    }
    if (practices.size <= 1) return () => null;
    return (row: T) => (fromPractice(row) ? practiceOf(row.record, unstamped).name : null);
  });
}
