import { describe, expect, it } from 'vitest';
import { validateEmail, type EmailProblem } from '../../../src/sync/validate';
import { MAX_FIELD_CHARS } from '../../../src/domain/reasons';

describe('validateEmail (R2): accepted', () => {
  it.each([
    ['jo@x.com', 'jo@x.com'],
    ['  Jo.Smith@Acme.COM.au \u00a0', 'Jo.Smith@Acme.COM.au'], // trimmed, case kept
    ['first.last+tag@sub.example.co.nz', 'first.last+tag@sub.example.co.nz'],
    ["o'brien@x.ie", "o'brien@x.ie"],
    ['a!#$%&*+-/=?^_`{|}~@x.com', 'a!#$%&*+-/=?^_`{|}~@x.com'], // RFC 5322 atext
    ['1234@x.com', '1234@x.com'],
    ['jo@my-firm.com.au', 'jo@my-firm.com.au'],
    ['jo@123.example', 'jo@123.example'],
    ['josé@café.fr', 'josé@café.fr'], // EAI local part, IDN domain
    ['用户@例子.广告', '用户@例子.广告'], // IDN top-level label of letters
    ['jo@example.xn--p1ai', 'jo@example.xn--p1ai'], // punycode top-level label
    ['jo@xn--caf-dma.fr', 'jo@xn--caf-dma.fr'],
  ])('%j → %j', (raw, email) => {
    expect(validateEmail(raw)).toEqual({ ok: true, value: email });
  });
});

describe('validateEmail (R2): missing is not invalid', () => {
  it.each(['', '   ', '\u00a0\t\n'])('%j is email-missing', (raw) => {
    expect(validateEmail(raw)).toEqual({ ok: false, code: 'email-missing' });
  });
});

describe('validateEmail (R2): rejected', () => {
  const cases: ReadonlyArray<readonly [string, EmailProblem, readonly string[]]> = [
    // FuseSign's examples: notes and several addresses
    ['jo@x.com (work)', 'extra-text', ['jo@x.com']],
    ['Jo <jo@x.com>', 'extra-text', ['jo@x.com']],
    ['jo smith@x.com', 'extra-text', ['smith@x.com']],
    ['mailto:jo@x.com', 'local-part', []],
    ['a@x.com; b@x.com', 'several-addresses', ['a@x.com', 'b@x.com']],
    ['a@x.com, b@x.com', 'several-addresses', ['a@x.com', 'b@x.com']],
    ['a@x.com,b@x.com', 'several-addresses', ['a@x.com', 'b@x.com']],
    ['a@x.com b@x.com', 'several-addresses', ['a@x.com', 'b@x.com']],
    ['a@x.com;b@y', 'several-addresses', ['a@x.com']],
    // structure
    ['N/A', 'no-at', []],
    ['jo.x.com', 'no-at', []],
    ['@x.com', 'local-part', []],
    ['.jo@x.com', 'local-part', []],
    ['jo.@x.com', 'local-part', []],
    ['jo..smith@x.com', 'local-part', []],
    ['a@b@x.com', 'local-part', []],
    ['"jo smith"@x.com', 'extra-text', []],
    ['jo@', 'domain', []],
    ['jo@x', 'domain', []],
    ['jo@x.', 'domain', []],
    ['jo@.x.com', 'domain', []],
    ['jo@x..com', 'domain', []],
    ['jo@-x.com', 'domain', []],
    ['jo@x-.com', 'domain', []],
    ['jo@x.c', 'domain', []],
    ['jo@x.c0m', 'domain', []],
    ['jo@x.123', 'domain', []],
    ['jo@x_y.com', 'domain', []],
    ['jo@[192.168.0.1]', 'extra-text', []],
    [`${'a'.repeat(65)}@x.com`, 'too-long', []],
    [`jo@${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(60)}.com`, 'too-long', []],
    [`jo@${'a'.repeat(64)}.com`, 'domain', []],
    ['jo\u200b@x.com', 'local-part', []], // zero-width space is not white space
  ];
  it.each(cases)('%j is email-invalid (%s)', (raw, problem, addresses) => {
    expect(validateEmail(raw)).toEqual({ ok: false, code: 'email-invalid', problem, addresses });
  });

  it('a 1,001-character email is field-too-long (one code, not email-invalid)', () => {
    expect(validateEmail(`${'a'.repeat(995)}@x.com`)).toEqual({ ok: false, code: 'field-too-long', length: 1001 });
  });

  it('measures the trimmed value', () => {
    expect(validateEmail(`${' '.repeat(MAX_FIELD_CHARS)}jo@x.com`)).toEqual({ ok: true, value: 'jo@x.com' });
  });
});
