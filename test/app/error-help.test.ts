import { describe, expect, it } from 'vitest';
import { APP_ERROR_CODES } from '../../src/domain/errors';
import { errorDetailMessage, errorHelp, errorTechnicalDetails, XPM_PERMISSION_STEPS } from '../../src/app/error-help';
import { ISSUE_KIND_LABEL, reasonHelp, warningHelp } from '../../src/app/reason-help';
import { REJECTION_CODES, SKIP_CODES, WARNING_CODES } from '../../src/domain/reasons';

describe('error help', () => {
  it('explains every AppErrorCode in plain words, with what to do', () => {
    const titles = new Set<string>();
    for (const code of APP_ERROR_CODES) {
      const help = errorHelp(code);
      expect(help.title.length, code).toBeGreaterThan(5);
      expect(help.whatToDo.length, code).toBeGreaterThan(20);
      expect(help.title, code).not.toContain(code);
      expect(help.whatToDo, code).not.toMatch(/\b[a-z]+\/[a-z-]+\b/); // no raw codes in the prose
      titles.add(help.title);
    }
    // Different problems read differently (a few safety refusals share one title on purpose).
    expect(titles.size).toBeGreaterThan(APP_ERROR_CODES.length - 4);
  });

  it('auth/no-practice shows the XPM permission steps', () => {
    const help = errorHelp('auth/no-practice');
    expect(help.steps).toBe(XPM_PERMISSION_STEPS);
    const steps = XPM_PERMISSION_STEPS.join(' ');
    for (const word of [
      'Business → Settings',
      'Staff',
      'Permissions',
      'Practice administration',
      'Connect third-party add-ons',
      'Save',
    ]) {
      expect(steps).toContain(word);
    }
  });

  it('shows the specific message unless it only repeats the title', () => {
    const base = { code: 'sync/busy' as const, retryable: true, detail: {} };
    expect(errorDetailMessage({ ...base, message: 'Another tab is syncing.' })).toBe('Another tab is syncing.');
    expect(errorDetailMessage({ ...base, message: errorHelp('sync/busy').title })).toBeNull();
    expect(errorDetailMessage({ ...base, message: '  ' })).toBeNull();
  });

  it('keeps technical messages out of the explanation and puts them, with the code, under Details', () => {
    const parser = {
      code: 'xml/malformed' as const,
      message: '1:145: unexpected close tag.',
      retryable: true,
      detail: { status: 200, upstream: 'Bad Gateway' },
    };
    expect(errorDetailMessage(parser)).toBeNull();
    expect(errorTechnicalDetails(parser)).toEqual([
      { label: 'Error code', value: 'xml/malformed' },
      { label: 'Message', value: '1:145: unexpected close tag.' },
      { label: 'HTTP status', value: '200' },
      { label: 'Answer from the server', value: 'Bad Gateway' },
    ]);
    // A message written for people stays in the explanation and is not repeated under Details.
    const revoked = {
      code: 'auth/reconnect-needed' as const,
      message: 'It was revoked.',
      retryable: false,
      detail: {},
    };
    expect(errorDetailMessage(revoked)).toBe('It was revoked.');
    expect(errorTechnicalDetails(revoked)).toEqual([{ label: 'Error code', value: 'auth/reconnect-needed' }]);
  });

  it('never explains with words like "proxy", "CORS" or "upstream"', () => {
    for (const code of APP_ERROR_CODES) {
      const help = errorHelp(code);
      expect(`${help.title} ${help.whatToDo}`, code).not.toMatch(/\b(proxy|CORS|upstream|origin)\b/i);
    }
  });
});

describe('reason help', () => {
  it('names and explains every reason code', () => {
    for (const code of [...REJECTION_CODES, ...WARNING_CODES, ...SKIP_CODES]) {
      expect(reasonHelp(code).label.length, code).toBeGreaterThan(3);
      expect(reasonHelp(code).explanation.length, code).toBeGreaterThan(15);
    }
    expect(Object.keys(ISSUE_KIND_LABEL).sort()).toEqual(['rejection', 'skip', 'warning']);
  });

  it('reads email-invalid differently as a client warning and as a contact rejection', () => {
    expect(warningHelp('email-invalid').label).not.toBe(reasonHelp('email-invalid', 'rejection').label);
  });
});
