import { describe, expect, it } from 'vitest';
import { normaliseIdentity, validateName } from '../../../src/sync/validate';
import { MAX_FIELD_CHARS } from '../../../src/domain/reasons';

describe('validateName (R2)', () => {
  it.each([
    ['Leanne Smith', 'Leanne Smith'],
    ['  Leanne   Smith  ', 'Leanne Smith'],
    ['Leanne\u00a0Smith', 'Leanne Smith'], // NBSP
    ['Leanne\u2003\u3000Smith\t\n', 'Leanne Smith'], // em space, ideographic space, tab, newline
    ['\ufeffJo', 'Jo'], // BOM
    ['李小龍', '李小龍'],
    ['Zoë O’Brien-Ng', 'Zoë O’Brien-Ng'],
    ['J', 'J'],
    ['R2-D2', 'R2-D2'],
  ])('accepts %j as %j', (raw, name) => {
    expect(validateName(raw)).toEqual({ ok: true, value: name });
  });

  it.each(['', '   ', '\u00a0\u2003', '\n\t'])('a blank name %j is name-missing', (raw) => {
    expect(validateName(raw)).toEqual({ ok: false, code: 'name-missing', blank: true });
  });

  it.each(['123', '0412 345 678', '--', '.', '\u0000', '😀'])('a name without a letter %j is name-missing', (raw) => {
    expect(validateName(raw)).toEqual({ ok: false, code: 'name-missing', blank: false });
  });

  it('a 1,001-character name is field-too-long; 1,000 is fine', () => {
    expect(validateName('a'.repeat(MAX_FIELD_CHARS + 1))).toEqual({ ok: false, code: 'field-too-long', length: 1001 });
    expect(validateName('a'.repeat(MAX_FIELD_CHARS)).ok).toBe(true);
  });

  it('measures the imported (collapsed) name, not the raw padding', () => {
    expect(validateName(`${' '.repeat(5000)}Jo${' '.repeat(5000)}`)).toEqual({ ok: true, value: 'Jo' });
  });
});

describe('normaliseIdentity (R3)', () => {
  it('is case-insensitive and collapses white space', () => {
    expect(normaliseIdentity('  Leanne   SMITH ', 'Leanne@Acme.Example')).toBe(
      normaliseIdentity('leanne smith', 'leanne@acme.example'),
    );
    expect(normaliseIdentity('Leanne\u00a0Smith', 'a@b.co')).toBe(normaliseIdentity('Leanne Smith', 'a@b.co'));
  });

  it('treats composed and decomposed accents alike (NFC)', () => {
    expect(normaliseIdentity('Zo\u00eb', 'z@x.com')).toBe(normaliseIdentity('Zoe\u0308', 'z@x.com'));
  });

  it('is locale-independent (Turkish dotted I lower-cases the same everywhere)', () => {
    expect(normaliseIdentity('İsmail', 'i@x.com')).toBe('i\u0307smail\u0000i@x.com');
  });

  it('keeps name and email apart: moving text across the boundary changes the key', () => {
    expect(normaliseIdentity('a b', 'c@x.com')).not.toBe(normaliseIdentity('a', 'b c@x.com'));
    expect(normaliseIdentity('a\u0000b', 'c@x.com')).not.toBe(normaliseIdentity('a', 'b\u0000c@x.com'));
  });

  it('never contains the separator inside a part (control characters count as white space)', () => {
    const key = normaliseIdentity('Jo\u0000\u0001Smith', 'jo@x.com\u0000');
    expect(key.split('\u0000')).toEqual(['jo smith', 'jo@x.com']);
  });
});
