/**
 * The sandbox at the sizes of the largest practices (issue M10: 50,000 clients). The 50,000-client
 * figures are measured by `proxy/sandbox/measure.ts` (README "Performance"); these tests use 20,000
 * clients to stay quick, and check what makes 50,000 work: the same mess at the same rates, memory
 * per client that does not grow with the size, and generation time that grows linearly.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { generatePractice } from '../../proxy/sandbox/data/generator';
import type { GenerateOptions } from '../../proxy/sandbox/data/generator';
import type { PracticeData } from '../../proxy/sandbox/data/model';
import { MESS_KINDS } from '../../proxy/sandbox/index';
import { T0 } from './helpers';

const LARGE = 20_000;
const SMALL = 2_000;

const options = (clients: number): GenerateOptions => ({
  seed: 1,
  clients,
  anchor: T0,
  practiceName: 'Harbourside Accounting',
  practiceDomain: 'harbourside.example',
  catchment: { home: 'AU', crossTasman: 0.05, overseas: 0.02 },
});

/** A full garbage collection, so heap figures count only what is still referenced. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function timed(clients: number): { practice: PracticeData; ms: number } {
  const started = performance.now();
  const practice = generatePractice(options(clients));
  return { practice, ms: performance.now() - started };
}

/** Generating 22,000 clients takes a few seconds; a loaded shared machine can make it several times that. */
const GENERATION_TIMEOUT_MS = 120_000;

describe(`a ${LARGE.toLocaleString('en')}-client practice`, () => {
  let small: { practice: PracticeData; ms: number };
  let large: { practice: PracticeData; ms: number };
  let heapPerClient = 0;

  beforeAll(() => {
    small = timed(SMALL);
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    large = timed(LARGE);
    collectGarbage();
    heapPerClient = (process.memoryUsage().heapUsed - heapBefore) / LARGE;
    console.log(
      `${LARGE} clients generated in ${Math.round(large.ms)} ms (${SMALL}: ${Math.round(small.ms)} ms); ` +
        `${Math.round(heapPerClient)} bytes of heap per client`,
    );
  }, GENERATION_TIMEOUT_MS);

  it('has every kind of mess at the rates of the 2,000-client practice', () => {
    expect(large.practice.clients).toHaveLength(LARGE);
    const rate = (p: PracticeData, kind: string): number => (p.mess[kind] ?? 0) / p.clients.length;
    for (const kind of MESS_KINDS) {
      expect(large.practice.mess[kind], kind).toBeGreaterThan(0);
      // Kinds common enough to have a rate (not the one-of-each staff kinds or the forced rarities).
      if ((small.practice.mess[kind] ?? 0) >= 20) {
        expect(rate(large.practice, kind) / rate(small.practice, kind), kind).toBeGreaterThan(0.6);
        expect(rate(large.practice, kind) / rate(small.practice, kind), kind).toBeLessThan(1.6);
      }
    }
    const contactsPerClient = (p: PracticeData): number => p.contacts.length / p.clients.length;
    expect(contactsPerClient(large.practice) / contactsPerClient(small.practice)).toBeCloseTo(1, 1);
  });

  it('holds its data in a bounded amount of memory per client', () => {
    // About 2 KB per client today (50,000 clients: ~110 MB of heap, two thirds of their XML). UUIDs
    // grown with +=, a copy of every note text and date, and push-grown lists once made it 5.4 KB.
    expect(heapPerClient).toBeLessThan(3_000);
    expect(large.practice.clients.length).toBe(LARGE); // keeps the practice referenced until measured
  });

  it('takes time in proportion to its size', () => {
    // Linear with room for a loaded machine; a quadratic step would be ~100× here.
    expect(large.ms).toBeLessThan(Math.max(20 * small.ms, 2_000));
    expect(large.ms).toBeLessThan(60_000);
  });
});
