/**
 * Properties of the engine over random, messy practices (S7): idempotent, independent of batch
 * size, and a run interrupted at any commit followed by a rerun leaves the store of a clean run.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Harness, canonicalContacts } from './engine-harness';
import { practiceArb } from './practice-arbitraries';

describe('engine properties', () => {
  it('a second run over the same data changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(practiceArb, async (clients) => {
        const h = new Harness();
        await h.sync(clients);
        const first = h.store.records();
        const counts = await h.sync(clients);
        expect(h.store.records()).toEqual(first);
        expect(counts.contact.imported + counts.contact.updated).toBe(0);
        expect(counts.client.imported + counts.client.updated).toBe(0);
      }),
      { numRuns: 60 },
    );
  });

  it('an incremental run over unchanged data changes nothing either (the direct-lookup path)', async () => {
    await fc.assert(
      fc.asyncProperty(practiceArb, async (clients) => {
        const h = new Harness();
        await h.sync(clients);
        const first = h.store.records();
        const counts = await h.sync(clients, { full: false, batchSize: 3 });
        expect(h.store.records()).toEqual(first);
        expect(counts.contact.imported + counts.contact.updated).toBe(0);
      }),
      { numRuns: 60 },
    );
  });

  it('the result does not depend on the batch size', async () => {
    await fc.assert(
      fc.asyncProperty(practiceArb, fc.integer({ min: 1, max: 5 }), async (clients, batchSize) => {
        const whole = new Harness();
        await whole.sync(clients);
        const batched = new Harness();
        await batched.sync(clients, { batchSize });
        expect(batched.store.records()).toEqual(whole.store.records());
        expect(batched.store.log.map((e) => e.code)).toEqual(whole.store.log.map((e) => e.code));
      }),
      { numRuns: 60 },
    );
  });

  it('a run that fails at any commit, then runs again, leaves the store of a clean run', async () => {
    await fc.assert(
      fc.asyncProperty(practiceArb, fc.integer({ min: 1, max: 8 }), async (clients, failAt) => {
        const clean = new Harness();
        await clean.sync(clients, { batchSize: 2 });

        let armed = true;
        const crashed = new Harness({
          beforeCommit: (n) => {
            if (armed && n === failAt) {
              armed = false;
              throw new Error('simulated crash');
            }
          },
        });
        await crashed.sync(clients, { batchSize: 2 }).catch(() => undefined);
        armed = false; // when failAt is past the run's last commit the first run simply succeeded
        await crashed.sync(clients, { batchSize: 2 });
        expect(canonicalContacts(crashed.contacts())).toEqual(canonicalContacts(clean.contacts()));
        const stripClient = ({ createdAt: _c, updatedAt: _u, ...rest }: { createdAt: number; updatedAt: number }) =>
          rest;
        expect(crashed.store.records().clients.map(stripClient)).toEqual(
          clean.store.records().clients.map(stripClient),
        );
      }),
      { numRuns: 60 },
    );
  });
});
