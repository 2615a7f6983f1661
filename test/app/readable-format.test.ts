/** The formatting helpers behind "readable everywhere": national mobile formats and English plurals. */
import { describe, expect, it } from 'vitest';
import { formatMobile } from '../../src/app/phone-format';
import { formatCountdownWords, formatDateTime, formatTime, plural, pluralWord } from '../../src/app/format';
import { runOutcomeMessage } from '../../src/app/run-announcements';
import { emptyCounts } from '../../src/domain/runs';
import { run } from '../contracts/records';

describe('formatMobile', () => {
  it('shows a number of the default country in its national format', () => {
    expect(formatMobile('+61412345678', 'AU')).toBe('0412 345 678');
    expect(formatMobile('+61298765432', 'AU')).toBe('(02) 9876 5432');
    expect(formatMobile('+64212345678', 'NZ')).toBe('021 234 5678');
    expect(formatMobile('+6421123456', 'NZ')).toBe('021 123 456');
    expect(formatMobile('+642112345678', 'NZ')).toBe('021 1234 5678');
    expect(formatMobile('+447700900123', 'GB')).toBe('07700 900123');
    expect(formatMobile('+353851234567', 'IE')).toBe('085 123 4567');
    expect(formatMobile('+27711234567', 'ZA')).toBe('071 123 4567');
    expect(formatMobile('+6581234567', 'SG')).toBe('8123 4567');
    expect(formatMobile('+12015550123', 'US')).toBe('(201) 555-0123');
    expect(formatMobile('+14165550123', 'CA')).toBe('(416) 555-0123');
  });

  it('accepts the country code in any case (it comes from settings)', () => {
    expect(formatMobile('+61412345678', 'au')).toBe('0412 345 678');
  });

  it('shows another known country’s number in international format', () => {
    expect(formatMobile('+64212345678', 'AU')).toBe('+64 21 234 5678');
    expect(formatMobile('+61412345678', 'NZ')).toBe('+61 412 345 678');
    expect(formatMobile('+447700900123', 'AU')).toBe('+44 7700 900123');
    expect(formatMobile('+12015550123', 'GB')).toBe('+1 201 555 0123');
  });

  it('leaves numbers it has no pattern for exactly as stored, rather than guessing', () => {
    expect(formatMobile('+33612345678', 'FR')).toBe('+33612345678'); // country not in the table
    expect(formatMobile('+33612345678', 'AU')).toBe('+33612345678');
    expect(formatMobile('+6141234', 'AU')).toBe('+6141234'); // too short for any Australian pattern
    expect(formatMobile('+614123456789', 'AU')).toBe('+614123456789'); // too long
    expect(formatMobile('0412345678', 'AU')).toBe('0412345678'); // not E.164
    expect(formatMobile('', 'AU')).toBe('');
  });

  it('keeps every digit: the formatted number dials the same', () => {
    for (const [e164, country] of [
      ['+61412345678', 'AU'],
      ['+64212345678', 'NZ'],
      ['+447700900123', 'GB'],
      ['+12015550123', 'US'],
      ['+64212345678', 'AU'],
    ] as const) {
      const digits = formatMobile(e164, country).replace(/\D/g, '');
      const expected = e164.slice(1);
      // National formats drop the country code and add the trunk prefix.
      expect([expected, `0${expected.slice(2)}`, expected.slice(1)]).toContain(digits);
    }
  });
});

describe('times', () => {
  it('a time on its own reads as it does inside a date and time (no "09:24" beside "9:24")', () => {
    for (const hour of [0, 9, 12, 21]) {
      const at = new Date(2026, 11, 7, hour, 4).getTime();
      expect(formatDateTime(at)).toContain(formatTime(at));
    }
  });
});

describe('plurals (Intl.PluralRules, English words)', () => {
  it('uses the singular for exactly one and the plural otherwise', () => {
    expect(plural(1, 'contact', 'contacts')).toBe('1 contact');
    expect(plural(0, 'contact', 'contacts')).toBe('0 contacts');
    expect(plural(2, 'contact', 'contacts')).toBe('2 contacts');
    expect(plural(1.5, 'run', 'runs')).toBe('1.5 runs');
    expect(pluralWord(1, 'run', 'runs')).toBe('run');
    expect(pluralWord(21, 'run', 'runs')).toBe('runs'); // English, not a locale where 21 is "one"
  });

  it('formats the count in the user’s locale', () => {
    expect(plural(1234, 'contact', 'contacts')).toBe(`${new Intl.NumberFormat().format(1234)} contacts`);
  });

  it('reads right in countdowns and run announcements', () => {
    expect(formatCountdownWords(61_000)).toBe('1 minute 1 second');
    const counts = emptyCounts();
    const one = {
      ...counts,
      contact: { ...counts.contact, imported: 1, rejected: 1 },
    };
    expect(runOutcomeMessage(run('r1', { status: 'succeeded', counts: one }))).toBe(
      'Sync finished: 1 contact imported, 0 updated, 1 record not imported.',
    );
  });
});
