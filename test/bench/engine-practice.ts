/**
 * What the Node measurements of the engine share (engine-throughput.ts, key-index-memory.ts,
 * run-state-memory.ts): the sandbox's seeded practice as XPM sends it, a complete listing of it
 * applied through SyncSession in batches as the worker runs it, and the live heap after a full GC.
 */
import { signIn, startSandbox } from '../../proxy/sandbox';
import { type ClientRead, ClientListSpanReader } from '../../src/xero/client-list-spans';
import { parseStaffListXml } from '../../src/xero/xpm-read';
import type { SessionDeps } from '../../src/sync/session/session';
import { SyncSession } from '../../src/sync/session/session';
import { newRunRecord } from '../../src/sync/run/run-record';
import { CLIENT_BATCH_SIZE } from '../../src/sync/run/run-sync';
import { DEFAULT_SYNC_OPTIONS } from '../../src/domain/settings';
import { rid } from '../support/ids';

/** What a browser stream typically delivers per read. */
export const CHUNK_CHARS = 64 * 1024;

/** The detailed client list and the staff list of the sandbox's practice of `clients` clients (seed 1). */
export async function practiceLists(clients: number): Promise<{ readonly xml: string; readonly staffXml: string }> {
  const running = await startSandbox({ port: 0, clients, seed: 1 });
  try {
    const session = await signIn(running.url);
    const tenant = Object.values(session.tenantIds)[0] ?? '';
    const get = async (path: string) =>
      (
        await fetch(`${running.url}/practicemanager/3.1/${path}`, {
          headers: { authorization: `Bearer ${session.accessToken}`, 'xero-tenant-id': tenant },
        })
      ).text();
    return { xml: await get('client.api/list?detailed=true'), staffXml: await get('staff.api/list') };
  } finally {
    await running.close();
  }
}

/**
 * One complete listing (a first sync on an empty store, a Resync All on a synced one) into `deps.store`,
 * the list streamed in CHUNK_CHARS pieces and applied in CLIENT_BATCH_SIZE batches. `hooks.beforeClients`
 * runs once the staff list is applied, `hooks.beforeFinish` after the last batch, before the finishing
 * transaction. Returns the clients processed.
 */
export async function applyListing(
  deps: SessionDeps,
  lists: { readonly xml: string; readonly staffXml: string },
  runId: string,
  hooks: { readonly beforeClients?: () => void; readonly beforeFinish?: () => void } = {},
): Promise<number> {
  const session = new SyncSession(deps, {
    runId: rid(runId),
    fullPass: true,
    options: DEFAULT_SYNC_OPTIONS,
    startedAt: 0,
  });
  const run = () => newRunRecord({ id: rid(runId), kind: 'full', trigger: 'manual', now: 0 });
  await session.applyStaff(parseStaffListXml(lists.staffXml), run);
  hooks.beforeClients?.();
  let batch: ClientRead[] = [];
  const reader = new ClientListSpanReader(session.spanPolicy(), (read) => batch.push(read));
  for (let i = 0; i < lists.xml.length; i += CHUNK_CHARS) {
    reader.write(lists.xml.slice(i, i + CHUNK_CHARS));
    if (batch.length >= CLIENT_BATCH_SIZE) {
      const full = batch;
      batch = [];
      await session.commitClients(session.prepareReads(full), run);
    }
  }
  reader.end();
  await session.commitClients(session.prepareReads(batch), run);
  batch = [];
  hooks.beforeFinish?.();
  await session.finish({ state: (state) => state, run: (counts) => ({ ...run(), counts }) });
  return session.clientsProcessed;
}

/** The live JS heap: what is still referenced after full GCs (needs node --expose-gc). */
export function liveHeap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
