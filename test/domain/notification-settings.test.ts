import { describe, expect, it } from 'vitest';
import {
  checkResponsibleEmail,
  checkResponsibleName,
  MAX_EMAIL_CHARS,
  MAX_RESPONSIBLE_NAME_CHARS,
  responsibleLabel,
} from '../../src/domain/notification-settings';

const problem = (text: string) => {
  const checked = checkResponsibleEmail(text);
  return checked.ok ? null : checked.message;
};

describe('the responsible person (S10 settings)', () => {
  it('stores one plain address, trimmed; blank clears it', () => {
    expect(checkResponsibleEmail('  sam@example.com ')).toEqual({ ok: true, value: 'sam@example.com' });
    expect(checkResponsibleEmail('sam.lee+sync@mail.example.com.au')).toEqual({
      ok: true,
      value: 'sam.lee+sync@mail.example.com.au',
    });
    expect(checkResponsibleEmail('zoë@bücher.example')).toEqual({ ok: true, value: 'zoë@bücher.example' });
    expect(checkResponsibleEmail('   ')).toEqual({ ok: true, value: null });
  });

  it('names what is wrong with an email, quoting what was typed', () => {
    expect(problem('sam.example.com')).toBe(
      'The email “sam.example.com” has no “@” (an email address looks like sam@example.com).',
    );
    expect(problem('sam@')).toBe('The email “sam@” has nothing after the “@”.');
    expect(problem('@example.com')).toBe('The email “@example.com” has nothing before the “@”.');
    expect(problem('sam@example')).toMatch(/“@example”, which is not a complete domain such as example\.com/);
    expect(problem('sam@exa_mple.com')).toMatch(/not a valid domain/);
    expect(problem('sam@example.c0m')).toMatch(/not a valid domain/);
    expect(problem('sam@@example.com')).toBe('The email “sam@@example.com” has more than one “@”.');
    expect(problem('sam..lee@example.com')).toMatch(/cannot start or end with a dot or have two dots/);
    expect(problem('sam@example.com; jo@example.com')).toMatch(/holds more than one address; enter one address only/);
    expect(problem('Sam Lee <sam@example.com>')).toMatch(
      /has other text around the address; enter only sam@example\.com/,
    );
    expect(problem('sam@example.com (work)')).toMatch(/enter only sam@example\.com\.$/);
    expect(problem('sam lee@example.com')).toBe(
      'The email “sam lee@example.com” has a space in it; an email address has none.',
    );
    expect(problem('<sam>')).toMatch(/is not one email address \(it holds separators or brackets\)/);
    const long = `${'a'.repeat(MAX_EMAIL_CHARS)}@example.com`;
    expect(problem(long)).toMatch(new RegExp(`is ${long.length} characters long; an email address has at most 254`));
  });

  it('tidies a name and refuses one too long to be a name', () => {
    expect(checkResponsibleName('  Sam   Lee ')).toEqual({ ok: true, value: 'Sam Lee' });
    expect(checkResponsibleName('')).toEqual({ ok: true, value: null });
    const long = 'x'.repeat(MAX_RESPONSIBLE_NAME_CHARS + 1);
    expect(checkResponsibleName(long)).toEqual({
      ok: false,
      message: `The name is ${MAX_RESPONSIBLE_NAME_CHARS + 1} characters long; use at most ${MAX_RESPONSIBLE_NAME_CHARS}.`,
    });
  });

  it('labels the person as the banner names them', () => {
    expect(responsibleLabel({ responsibleName: 'Sam Lee', responsibleEmail: 'sam@example.com' })).toBe(
      'Sam Lee (sam@example.com)',
    );
    expect(responsibleLabel({ responsibleName: 'Sam Lee', responsibleEmail: null })).toBe('Sam Lee');
    expect(responsibleLabel({ responsibleName: null, responsibleEmail: 'sam@example.com' })).toBe('sam@example.com');
    expect(responsibleLabel({ responsibleName: null, responsibleEmail: null })).toBeNull();
  });
});
