/** The store keys one client batch needs read before it can be reconciled. */
import type { ClientEvaluation } from '../evaluate/evaluation';
import { clientSourceKey, type SourceKey, type XpmClientId } from '../../domain/ids';
import { incomingClientKeys } from './client-records';

export interface BatchKeys {
  readonly sourceKeys: SourceKey[];
  readonly identityKeys: string[];
  readonly clientIds: XpmClientId[];
  readonly codeKeys: string[];
}

export function batchKeys(evaluations: readonly ClientEvaluation[]): BatchKeys {
  const sourceKeys = new Set<SourceKey>();
  const identityKeys = new Set<string>();
  const clientIds = new Set<XpmClientId>();
  const codeKeys = new Set<string>();
  for (const evaluation of evaluations) {
    for (const key of incomingClientKeys(evaluation)) {
      clientIds.add(key);
      sourceKeys.add(clientSourceKey(key));
    }
    if (evaluation.fields) codeKeys.add(evaluation.fields.codeKey);
    // A contact fed by a source that is rejected now keeps its values and carries the rejection.
    for (const key of evaluation.rejectedSourceKeys) sourceKeys.add(key);
    for (const candidate of evaluation.contacts) {
      sourceKeys.add(candidate.link.sourceKey);
      for (const alt of candidate.altSourceKeys) sourceKeys.add(alt);
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
