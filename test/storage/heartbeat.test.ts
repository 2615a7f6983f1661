import 'fake-indexeddb/auto';
import { afterEach, expect, it } from 'vitest';
import { AppDB } from '../../src/storage/db';
import { touchRunHeartbeat } from '../../src/storage/heartbeat';
import { run } from '../contracts/records';
import { rid } from '../support/ids';
import { asTenantId } from '../../src/domain/ids';

let db: AppDB;
afterEach(async () => {
  db.close();
  await AppDB.delete(db.name);
});

it('refreshes only the heartbeat of a running run, never a finished one', async () => {
  db = new AppDB('heartbeat-test');
  await db.runs.bulkPut([
    run('live', { status: 'running', heartbeatAt: 1, bytesReceived: 7 }),
    run('done', { status: 'succeeded', heartbeatAt: 1 }),
  ]);
  await touchRunHeartbeat(db, rid('live'), 1, 500);
  await touchRunHeartbeat(db, rid('done'), 1, 500);
  expect(await db.runs.get(rid('live'))).toMatchObject({ heartbeatAt: 500, status: 'running', bytesReceived: 7 });
  expect(await db.runs.get(rid('done'))).toMatchObject({ heartbeatAt: 1, status: 'succeeded' });
});

it('never keeps alive a run another tab took over (a later attempt)', async () => {
  db = new AppDB('heartbeat-test');
  const tenantId = asTenantId('00000000-0000-4000-8000-000000000001');
  await db.runs.put(
    run('taken', { status: 'running', heartbeatAt: 1, checkpoint: { tenantId, attempt: 2, resumedAt: [1] } }),
  );
  await touchRunHeartbeat(db, rid('taken'), 1, 500);
  expect(await db.runs.get(rid('taken'))).toMatchObject({ heartbeatAt: 1 });
  await touchRunHeartbeat(db, rid('taken'), 2, 600);
  expect(await db.runs.get(rid('taken'))).toMatchObject({ heartbeatAt: 600 });
});
