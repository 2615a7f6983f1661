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

  it('does not depend on what an earlier, longer element left in its buffer', () => {
    const short = '<Client>ab</Client>';
    const before = spanHash(5, short);
    spanHash(5, 'z'.repeat(100_000));
    expect(spanHash(5, short)).toBe(before);
  });
});
