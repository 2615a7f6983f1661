// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor } from '@solidjs/testing-library';
import { createEffect, createRoot, createSignal } from 'solid-js';
import type { AppDB } from '../../src/storage/db';
import { createLiveQuery } from '../../src/app/primitives/createLiveQuery';
import { staff } from '../contracts/records';
import { destroy } from '../storage/support/dexie';
import { liveQuerySees, openTestDb } from './support/harness';
import { xsid } from '../support/ids';

let db: AppDB;

beforeEach(async () => {
  db = await openTestDb();
});

afterEach(async () => {
  cleanup();
  await destroy(db);
});

const names = async (d: AppDB) => (await d.staff.toArray()).map((s) => s.name).sort();

describe('createLiveQuery', () => {
  it('shows the initial value, then the result, then every later write (from anywhere)', async () => {
    render(() => {
      const list = createLiveQuery(() => names(db), ['(initial)']);
      return <p data-testid="out">{`${list.loaded()}:${list().join(',')}`}</p>;
    });
    expect(screen.getByTestId('out').textContent).toBe('false:(initial)');
    await waitFor(() => expect(screen.getByTestId('out').textContent).toBe('true:'));
    await db.staff.put(staff('s1', { name: 'Ann' }));
    await waitFor(() => expect(screen.getByTestId('out').textContent).toBe('true:Ann'));
    await db.staff.put(staff('s2', { name: 'Bob' }));
    await waitFor(() => expect(screen.getByTestId('out').textContent).toBe('true:Ann,Bob'));
  });

  it('re-queries when its input changes, showing the initial value meanwhile', async () => {
    await db.staff.bulkPut([staff('a', { name: 'Ann' }), staff('b', { name: 'Bob' })]);
    const [id, setId] = createSignal('a');
    render(() => {
      const one = createLiveQuery((key: string) => db.staff.get(xsid(key)), undefined, { input: id });
      return <p data-testid="out">{one()?.name ?? '-'}</p>;
    });
    await waitFor(() => expect(screen.getByTestId('out').textContent).toBe('Ann'));
    setId('b');
    expect(screen.getByTestId('out').textContent).toBe('-');
    await waitFor(() => expect(screen.getByTestId('out').textContent).toBe('Bob'));
  });

  it('while paused keeps its last value and stops listening; resuming reads again', async () => {
    const [paused, setPaused] = createSignal(false);
    let reads = 0;
    render(() => {
      const list = createLiveQuery(
        () => {
          reads += 1;
          return names(db);
        },
        [],
        { paused },
      );
      return <p data-testid="out">{list().join(',')}</p>;
    });
    await db.staff.put(staff('s1', { name: 'Ann' }));
    await waitFor(() => expect(screen.getByTestId('out').textContent).toBe('Ann'));
    setPaused(true);
    const readsWhenPaused = reads;
    await db.staff.put(staff('s2', { name: 'Bob' }));
    await db.staff.put(staff('s3', { name: 'Cy' }));
    await liveQuerySees(
      () => names(db),
      (all) => all.length === 3,
    );
    expect(screen.getByTestId('out').textContent).toBe('Ann');
    expect(reads).toBe(readsWhenPaused);
    setPaused(false);
    await waitFor(() => expect(screen.getByTestId('out').textContent).toBe('Ann,Bob,Cy'));
  });

  it('paused from the start still loads once', async () => {
    await db.staff.put(staff('s1', { name: 'Ann' }));
    render(() => {
      const list = createLiveQuery(() => names(db), [], { paused: () => true });
      return <p data-testid="out">{list().join(',')}</p>;
    });
    await waitFor(() => expect(screen.getByTestId('out').textContent).toBe('Ann'));
  });

  it('unsubscribes when its owner is disposed', async () => {
    let reads = 0;
    await new Promise<void>((resolve) => {
      createRoot((dispose) => {
        const list = createLiveQuery(() => {
          reads += 1;
          return names(db);
        }, []);
        createEffect(() => {
          if (!list.loaded()) return;
          dispose();
          resolve();
        });
      });
    });
    const before = reads;
    await db.staff.put(staff('s9', { name: 'Zed' }));
    await liveQuerySees(
      () => names(db),
      (all) => all.includes('Zed'),
    );
    expect(reads).toBe(before);
  });

  it('reports a failing read', async () => {
    render(() => {
      const broken = createLiveQuery(() => Promise.reject(new Error('boom')), 'initial');
      return <p data-testid="out">{broken.error() instanceof Error ? 'error' : 'fine'}</p>;
    });
    await waitFor(() => expect(screen.getByTestId('out').textContent).toBe('error'));
  });
});
