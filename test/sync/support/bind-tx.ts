import type { StoreTx } from '../../../src/sync/ports';

/** Every StoreTx method bound to tx, so it can be spread and partly overridden. */
export function bindTx(tx: StoreTx): StoreTx {
  return {
    getState: () => tx.getState(),
    putState: (s) => tx.putState(s),
    contactsByIds: (ids) => tx.contactsByIds(ids),
    clientsByIds: (ids) => tx.clientsByIds(ids),
    allStaff: () => tx.allStaff(),
    putContacts: (r) => tx.putContacts(r),
    putClients: (r) => tx.putClients(r),
    putStaff: (r) => tx.putStaff(r),
    deleteStaff: (ids) => tx.deleteStaff(ids),
    deleteContacts: (ids) => tx.deleteContacts(ids),
    deleteClients: (ids) => tx.deleteClients(ids),
    sourceStates: (ids) => tx.sourceStates(ids),
    putSourceStates: (s) => tx.putSourceStates(s),
    deleteSourceStates: (ids) => tx.deleteSourceStates(ids),
    unattributedFindings: () => tx.unattributedFindings(),
    replaceUnattributedFindings: (e) => tx.replaceUnattributedFindings(e),
    addChanges: (c) => tx.addChanges(c),
    addLog: (e) => tx.addLog(e),
    putRun: (r) => tx.putRun(r),
    addBatchOutcome: (o) => tx.addBatchOutcome(o),
    deleteBatchOutcomes: (id) => tx.deleteBatchOutcomes(id),
  };
}
