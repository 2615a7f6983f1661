import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clientFingerprint, isSpanHash, spanHash } from '../../../src/sync/session/fingerprint';
import { EMPTY_CLIENT } from '../../xero/support/xml-writer';

describe('spanHash (a client element as XPM sent it)', () => {
  it('is the same for the same text and seed, and never a field fingerprint', () => {
    const text = '<Client><UUID>a</UUID><Name>Ōtautahi Café</Name></Client>';
    expect(spanHash(7, text)).toBe(spanHash(7, text));
    expect(isSpanHash(spanHash(7, text))).toBe(true);
    expect(isSpanHash(clientFingerprint(EMPTY_CLIENT, 7))).toBe(false);
  });

  it('changes with the seed (the staff and options the client was evaluated under)', () => {
    expect(spanHash(1, '<Client></Client>')).not.toBe(spanHash(2, '<Client></Client>'));
  });

  it('changes with any one character, wherever it is, including in a longer element than any before', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }),
        fc.nat(),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 2 }),
        (text, at, other) => {
          const i = at % text.length;
          const changed = text.slice(0, i) + other + text.slice(i + 1);
          fc.pre(changed !== text);
          expect(spanHash(3, changed)).not.toBe(spanHash(3, text));
        },
      ),
      { numRuns: 500 },
    );
    const long = 'x'.repeat(200_000);
    expect(spanHash(3, `${long}a`)).not.toBe(spanHash(3, `${long}b`));
    expect(spanHash(3, long)).not.toBe(spanHash(3, `${long}\u0000`)); // length counts, not just the words
  });

  it('tells apart edits in the top byte of two words (a multiply-xor alone collided on these)', () => {
    const a =
      '<Client><UUID>5f0c2d3e-8b1a-4c6e-9f2d-7a1b3c4d5e6f</UUID><ID>1234567</ID><Name>Harbourside Plumbing Ltd</Name>' +
      '<Email>accounts@harbourside.co.nz</Email><Phone>09 377 4821</Phone><Mobile>021 555 0192</Mobile>' +
      '<Address>12 Quay Street</Address><City>Auckland</City><PostCode>1010</PostCode><Country>New Zealand</Country></Client>';
    const b = a.replace('12 Quay Street', '92 Quay Street').replace('Plumbing', 'hlumbing');
    expect(spanHash(1, b)).not.toBe(spanHash(1, a));
    const ascii = fc.string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789 <>/'),
      minLength: 64,
      maxLength: 200,
    });
    const letter = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
    fc.assert(
      fc.property(ascii, fc.nat(), fc.nat(), letter, letter, (text, i, j, x, y) => {
        const last = Math.floor((text.length - 1) / 4);
        const p = (i % last) * 4 + 3;
        const q = (j % last) * 4 + 3;
        fc.pre(p !== q);
        const chars = [...text];
        chars[p] = x;
        chars[q] = y;
        const changed = chars.join('');
        fc.pre(changed !== text);
        expect(spanHash(9, changed)).not.toBe(spanHash(9, text));
      }),
      { numRuns: 30_000 },
    );
  });

  it('does not depend on what an earlier, longer element left in its buffer', () => {
    const short = '<Client>ab</Client>';
    const before = spanHash(5, short);
    spanHash(5, 'z'.repeat(100_000));
    expect(spanHash(5, short)).toBe(before);
  });
});
