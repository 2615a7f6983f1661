/**
 * A small seeded PRNG (sfc32 seeded through cyrb128) so a practice is the same for the same seed and
 * size on every machine. Not cryptographic: tokens and codes use node:crypto instead.
 */

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** A version-4-shaped UUID from the generator's stream (deterministic, unlike crypto.randomUUID). */
  uuid(): string;
  /** A digit string of the given length. */
  digits(length: number): string;
}

/** 128 bits of hash from a string (bryc's cyrb128), used to seed sfc32. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const DASH = '-'.charCodeAt(0);
/** Scratch space for one UUID's 36 character codes (the generator is synchronous, so one is enough). */
const uuidCodes: number[] = new Array<number>(36).fill(0);

/** A generator seeded from any string (e.g. `"1:Harbourside Accounting"`). */
export function createRng(seed: string): Rng {
  let [a, b, c, d] = cyrb128(seed);
  const nextUint32 = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  const next = (): number => nextUint32() / 4294967296;
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new RangeError('pick() needs a non-empty list.');
      return item;
    },
    uuid(): string {
      // Built from character codes in one go: a string grown with += is a rope of ~25 nodes, which
      // at 50,000 clients costs more memory than all the other data of a record together.
      const codes = uuidCodes;
      let at = 0;
      for (let i = 0; i < 32; i++) {
        let nibble = nextUint32() & 15;
        if (i === 12) nibble = 4; // version 4
        if (i === 16) nibble = 8 | (nibble & 3); // RFC 4122 variant
        codes[at++] = HEX_CODES[nibble] ?? 0;
        if (i === 7 || i === 11 || i === 15 || i === 19) codes[at++] = DASH;
      }
      return String.fromCharCode(...codes);
    },
    digits(length: number): string {
      let out = '';
      for (let i = 0; i < length; i++) out += String(nextUint32() % 10);
      return out;
    },
  };
  return rng;
}
