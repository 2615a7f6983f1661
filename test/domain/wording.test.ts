/** Wording of issues: every code names the record and value and says what to change in XPM, and where. */
import { describe, expect, it } from 'vitest';
import { evaluateClient } from '../../src/sync/evaluate/client';
import { evaluateStaff } from '../../src/sync/evaluate/staff';
import { q } from '../../src/domain/wording/words';
import { REJECTION_CODES, SKIP_CODES, WARNING_CODES, type RecordIssue } from '../../src/domain/reasons';
import { repeatedClientIssue } from '../../src/sync/evaluate/repeated';
import { words } from '../support/words';
import { explainIssue } from '../../src/domain/wording/findings';
import { context, staffRef, xpmClient, xpmContact, xpmStaff } from '../sync/evaluate/fixtures';

/** One scenario per reason code this module raises (duplicate-merged belongs to the reconciler). */
function issuesOfEveryCode(): RecordIssue[] {
  const long = 'x'.repeat(1001);
  return [
    ...evaluateClient(xpmClient({ isDeleted: true }), context()).issues,
    ...evaluateClient(xpmClient({ isArchived: true }), context()).issues,
    ...evaluateClient(
      xpmClient({
        name: 'Acme Pty Ltd',
        clientCode: '',
        accountManager: null,
        businessStructure: '',
        email: 'a@x.com; b@x.com',
        title: long,
        contacts: [
          xpmContact({ uuid: 'a', isDeleted: true }),
          xpmContact({ uuid: 'b', numericId: '', name: '', email: '' }),
          xpmContact({ uuid: 'c', email: 'jo@x.com (work)', mobile: '0411 111 111 (Leanne)' }),
          xpmContact({ uuid: 'd', mobile: '(02) 9876 5432' }),
          // XPM sent neither <UUID> nor <ID> for this person (M11).
          xpmContact({ uuid: '', numericId: '', name: 'No Id', email: 'noid@x.com' }),
        ],
        phone: '(02) 9876 5432',
      }),
      context(),
    ).issues,
    ...evaluateClient(
      xpmClient({ accountManager: staffRef('ghost', 'Ghost'), businessStructure: 'Individual', contacts: [] }),
      context(),
    ).issues,
    ...evaluateClient(
      xpmClient({ contacts: [xpmContact({ mobile: '0411 111 111 (Leanne)' })] }),
      context({ rescueNumbers: true }),
    ).issues,
    ...evaluateStaff(xpmStaff({ name: 'Cher', email: '' })).issues,
    ...evaluateClient(xpmClient({ uuid: '', numericId: '' }), context()).issues,
    ...evaluateStaff(xpmStaff({ uuid: '', numericId: '' })).issues,
    repeatedClientIssue(xpmClient({ name: 'Acme Pty Ltd' })),
  ];
}

describe('every reason code has wording', () => {
  const issues = issuesOfEveryCode();
  const all = [...REJECTION_CODES, ...WARNING_CODES, ...SKIP_CODES].filter((code) => code !== 'duplicate-merged');

  it.each(all)('%s is raised by some scenario', (code) => {
    expect(issues.some((i) => i.code === code)).toBe(true);
  });

  it.each(issues.map((i) => [`${i.kind} ${i.code} ${i.field ?? ''}`, i] as const))(
    '%s: message and suggestion read well',
    (_, issue) => {
      for (const text of [words(issue).message, words(issue).suggestion]) {
        expect(text).toMatch(/^[A-Z‘]/);
        expect(text).toMatch(/[.]$/);
        expect(text).not.toMatch(/undefined|null|NaN|\[object|\$\{/);
        expect(text).not.toMatch(/\.\.| {2}/);
      }
      // the suggestion says where to act: in XPM (and how to get there) or in Settings
      if (issue.kind !== 'skip' || issue.code === 'client-archived')
        expect(words(issue).suggestion).toMatch(/XPM|Settings/);
      // the message names the record
      if (issue.entity !== 'staff') expect(words(issue).message).toContain('Acme Pty Ltd');
      // and the value at fault, when there is one and it is short
      if (issue.value && issue.value.trim() !== '' && issue.value.length < 60 && issue.code !== 'partner-not-found') {
        expect(words(issue).message).toContain(`‘${issue.value.trim()}’`);
      }
    },
  );
});

describe('wording examples', () => {
  it('a note in Mobile: put only the number in Mobile, move the note to Position', () => {
    const [issue] = evaluateClient(
      xpmClient({ contacts: [xpmContact({ mobile: '0411 111 111 (Leanne)' })] }),
      context(),
    ).issues;
    expect(words(issue).message).toBe(
      'Mobile ‘0411 111 111 (Leanne)’ holds text besides a phone number, so contact ‘Leanne Smith’ of client ‘Acme Pty Ltd’ was not imported.',
    );
    expect(words(issue).suggestion).toBe(
      'In XPM open client ‘Acme Pty Ltd’ → Contacts → ‘Leanne Smith’ and put only the number in Mobile (e.g. 0411 111 111); move notes like ‘(Leanne)’ to Position. Or turn on ‘Rescue numbers with notes’ in Settings to import the number and ignore the notes.',
    );
  });

  it('a local NZ number with default AU: explains how it was read and how to write international numbers', () => {
    const [issue] = evaluateClient(xpmClient({ contacts: [xpmContact({ mobile: '021 555 0199' })] }), context()).issues;
    expect(words(issue).message).toBe(
      'Mobile ‘021 555 0199’ of contact ‘Leanne Smith’ of client ‘Acme Pty Ltd’ is read as (02) 1555 0199, a landline in Australia, not a mobile, so the contact was not imported.',
    );
    expect(words(issue).suggestion).toContain('write it with + and the country code, e.g. +64 21 555 0199');
  });

  it('an invalid number suggests a local example for the default country', () => {
    const [nz] = evaluateClient(
      xpmClient({ contacts: [xpmContact({ mobile: '021 555' })] }),
      context({ defaultCountry: 'NZ' }),
    ).issues;
    expect(words(nz).message).toContain('numbers without + are read as numbers in New Zealand');
    expect(words(nz).suggestion).toContain('e.g. 021 123 4567');
    expect(words(nz).suggestion).toContain('e.g. +61 412 345 678');
    const [none] = evaluateClient(
      xpmClient({ contacts: [xpmContact({ mobile: '0412 345 678' })] }),
      context({ defaultCountry: 'XX' }),
    ).issues;
    expect(words(none).message).toContain('no valid default country is set in Settings');
  });

  it('an email with a note: keep only the address, move the note to Position', () => {
    const [issue] = evaluateClient(
      xpmClient({ contacts: [xpmContact({ email: 'jo@x.com (work)' })] }),
      context(),
    ).issues;
    expect(words(issue).suggestion).toBe(
      'In XPM open client ‘Acme Pty Ltd’ → Contacts → ‘Leanne Smith’ and put only ‘jo@x.com’ in Email and move notes like ‘(work)’ to Position.',
    );
  });

  it('several addresses: keep one, add the other person as a contact', () => {
    const [issue] = evaluateClient(
      xpmClient({ contacts: [xpmContact({ email: 'a@x.com; b@x.com' })] }),
      context(),
    ).issues;
    expect(words(issue).message).toBe(
      'Email ‘a@x.com; b@x.com’ holds more than one address, so contact ‘Leanne Smith’ of client ‘Acme Pty Ltd’ was not imported.',
    );
    expect(words(issue).suggestion).toContain(
      'keep one address in Email (e.g. ‘a@x.com’) and add the other person (‘b@x.com’) as a separate contact',
    );
  });

  it('a client with no usable person: add a contact, or fill in the client’s own email', () => {
    const issues = evaluateClient(xpmClient({ contacts: [xpmContact({ email: '' })], email: '' }), context()).issues;
    expect(issues.map((i) => words(i).suggestion)).toEqual([
      'In XPM open client ‘Acme Pty Ltd’ → Contacts → ‘Leanne Smith’ and enter their email address in Email. A contact needs a name and an email to be imported.',
      "In XPM add a contact with a name and email to client ‘Acme Pty Ltd’ (Client → Contacts), or fill in the client's own Email (client ‘Acme Pty Ltd’ → Edit).",
    ]);
    expect(words(issues[1]).message).toBe(
      'Client ‘Acme Pty Ltd’ has no contact with a name and a valid email, so its own details were used, but its Email is empty.',
    );
  });

  it('the landline Phone warning of a client-derived contact', () => {
    const [issue] = evaluateClient(xpmClient({ contacts: [] }), context()).issues;
    expect(words(issue).message).toBe(
      'Client ‘Acme Pty Ltd’ has no contact with a name and a valid email, so a contact was created from its own details; its Phone ‘(02) 9876 5432’ is a landline in Australia, so that contact has no mobile.',
    );
    expect(words(issue).suggestion).toBe(
      'To give the contact a mobile, add a contact with a name, email and mobile to client ‘Acme Pty Ltd’ in XPM (Client → Contacts).',
    );
  });

  it('partner wording names the XPM screen and Settings', () => {
    const [missing] = evaluateClient(xpmClient({ accountManager: null }), context()).issues;
    expect(words(missing).suggestion).toBe(
      "In XPM open client ‘Acme Pty Ltd’ → Edit → Partner (“Account Manager” in XPM's API) and choose the partner, or set a Default Partner in Settings.",
    );
    const [notFound] = evaluateClient(xpmClient({ accountManager: staffRef('u-1', 'Jo Ghost') }), context()).issues;
    expect(words(notFound).message).toBe(
      'The partner of client ‘Acme Pty Ltd’, ‘Jo Ghost’ (XPM staff UUID ‘u-1’), is not among the synced staff.',
    );
    expect(words(notFound).suggestion).toContain(
      'Make sure ‘Jo Ghost’ has a name and a valid email in XPM (Business → Settings → Staff) so they sync',
    );
  });

  it('an Individual without a first name', () => {
    const [issue] = evaluateClient(xpmClient({ businessStructure: 'Individual', lastName: 'Smith' }), context()).issues;
    expect(words(issue).message).toBe('Client ‘Acme Pty Ltd’ is an ‘Individual’ client but has no First Name.');
    expect(words(issue).suggestion).toBe("In XPM open client ‘Acme Pty Ltd’ → Edit and enter the client's First Name.");
  });

  it('a too-long field says how long and where to shorten it', () => {
    const [issue] = evaluateClient(
      xpmClient({ contacts: [xpmContact({ name: 'L'.repeat(1001) })], phone: '' }),
      context(),
    ).issues;
    expect(words(issue).message).toMatch(
      /^The Name of contact ‘L+…’ of client ‘Acme Pty Ltd’ is 1,001 characters long; the limit is 1,000\.$/,
    );
    expect(words(issue).suggestion).toMatch(/^In XPM open client ‘Acme Pty Ltd’ → Contacts → ‘L+…’ and shorten Name/);
  });

  it('a staff member with a one-word name', () => {
    const [issue] = evaluateStaff(xpmStaff({ name: 'Cher' })).issues;
    expect(words(issue).message).toBe(
      'Staff member ‘Cher’ has only one word in Name (‘Cher’), so there is no last name.',
    );
    expect(words(issue).suggestion).toBe(
      'In XPM go to Business → Settings → Staff → ‘Cher’ and enter their first and last name in Name (e.g. Jo Bloggs).',
    );
  });

  it('records without a name are named by email, code or UUID', () => {
    const contact = evaluateClient(
      xpmClient({ contacts: [xpmContact({ name: '', email: 'jo@x.com' })], phone: '' }),
      context(),
    ).issues[0];
    expect(words(contact).message).toBe(
      'A contact of client ‘Acme Pty Ltd’ (email ‘jo@x.com’) has no name: Name is empty.',
    );
    expect(words(contact).suggestion).toContain('→ Contacts → the contact with email ‘jo@x.com’ and enter');
    const byCode = evaluateClient(xpmClient({ name: '' }), context()).issues[0];
    expect(words(byCode).message).toBe('The client with code ‘ACME01’ has no name: Name is empty.');
    const byId = evaluateClient(xpmClient({ name: '', clientCode: '' }), context()).issues[0];
    expect(words(byId).message).toBe('The unnamed client with XPM UUID ‘client-1’ has no name: Name is empty.');
    const staff = evaluateStaff(xpmStaff({ name: '', email: '' })).issues[0];
    expect(words(staff).message).toBe('The staff member with XPM UUID ‘staff-9’ has no name: Name is empty.');
    const byEmail = evaluateStaff(xpmStaff({ name: ' ' })).issues[0];
    expect(words(byEmail).suggestion).toBe(
      'In XPM go to Business → Settings → Staff → the staff member with email ‘sam@practice.example’ and enter their first and last name in Name (e.g. Jo Bloggs).',
    );
  });

  it('skips explain themselves', () => {
    expect(words(evaluateClient(xpmClient({ isArchived: true }), context()).issues[0])).toEqual({
      message: 'Client ‘Acme Pty Ltd’ is archived in XPM, and archived clients are not imported.',
      suggestion:
        'To import it, turn on ‘Include archived clients’ in Settings, or make the client active again in XPM (client ‘Acme Pty Ltd’ → Edit).',
    });
  });
});

describe('quoting values in sentences', () => {
  it('keeps short values exactly', () => {
    expect(q('0411 111 111 (Leanne)')).toBe('‘0411 111 111 (Leanne)’');
  });

  it('puts line breaks and control characters on one line and cuts long values', () => {
    expect(q('a\nb\r\nc\u0000d\u2028e')).toBe('‘a b  c d e’');
    expect(q('x'.repeat(200))).toBe(`‘${'x'.repeat(80)}…’`);
  });

  it('never splits a surrogate pair', () => {
    const quoted = q(`${'x'.repeat(79)}😀😀`);
    expect(quoted).toBe(`‘${'x'.repeat(79)}…’`);
  });
});

describe('email advice only guesses the address when the note is clearly a note', () => {
  const suggestionFor = (email: string) =>
    words(evaluateClient(xpmClient({ contacts: [xpmContact({ email })] }), context()).issues[0]).suggestion;

  it.each([
    ['jo@x.com (work)', 'put only ‘jo@x.com’ in Email and move notes like ‘(work)’ to Position'],
    ['(old) jo@x.com', 'put only ‘jo@x.com’ in Email and move notes like ‘(old)’ to Position'],
    ['Jo Smith <jo@x.com>', 'put only ‘jo@x.com’ in Email and move notes like ‘Jo Smith’ to Position'],
    ['<jo@x.com>', 'put only ‘jo@x.com’ in Email.'],
  ])('%j', (email, advice) => {
    expect(suggestionFor(email)).toContain(advice);
  });

  it.each(['jo smith@x.com', 'jo@x.com work', 'jo@x.com(work)'])('%j gets generic advice', (email) => {
    expect(suggestionFor(email)).toContain(
      'put only the email address in Email, with no spaces, names or notes (e.g. jo@example.com); move notes to Position.',
    );
  });
});

describe('too-long client fields kept elsewhere in XPM', () => {
  it('Salutation is edited on the primary contact, groups under Clients → Groups', () => {
    const long = 'x'.repeat(1001);
    const issues = evaluateClient(
      xpmClient({ contacts: [xpmContact({ salutation: long })], groups: [{ uuid: 'g', numericId: '', name: long }] }),
      context(),
    ).issues;
    expect(words(issues.find((i) => i.field === 'Salutation')).suggestion).toMatch(
      /^In XPM open client ‘Acme Pty Ltd’ → Contacts → the primary contact and shorten Salutation;/,
    );
    expect(words(issues.find((i) => i.field === 'Group')).suggestion).toMatch(
      /^In XPM go to Clients → Groups, open the group of client ‘Acme Pty Ltd’ and shorten Group;/,
    );
  });
});

describe('issues keep facts, not sentences (M4 item 2)', () => {
  it('no issue of any code stores English: every one is worded from its facts when read', () => {
    for (const issue of issuesOfEveryCode()) {
      expect(issue.wording.from).toBe('facts');
      expect(Object.keys(issue)).not.toContain('message');
      expect(Object.keys(issue)).not.toContain('suggestion');
      // Worded again from a copy that went through storage (JSON-safe), it reads the same.
      const stored = JSON.parse(JSON.stringify(issue)) as RecordIssue;
      expect(explainIssue(stored)).toEqual(words(issue));
    }
  });

  it('the example mobile is a stored fact, so wording needs no phone metadata', () => {
    const [issue] = evaluateClient(
      xpmClient({ contacts: [xpmContact({ mobile: '021 555' })] }),
      context({ defaultCountry: 'NZ' }),
    ).issues;
    expect(issue?.wording).toMatchObject({
      from: 'facts',
      finding: { code: 'mobile-invalid', exampleMobile: '021 123 4567' },
    });
  });

  it('a 5 MB name is cut in the stored facts, as values are', () => {
    const huge = 'N'.repeat(5_000_000);
    const [issue] = evaluateClient(
      xpmClient({ name: huge, contacts: [xpmContact({ mobile: '0411 111 111 (Leanne)' })] }),
      context(),
    ).issues;
    expect(JSON.stringify(issue).length).toBeLessThan(20_000);
    expect(words(issue).message).toContain(`client ‘${'N'.repeat(80)}…’`);
  });

  it('an entry an older version stored as words is shown with those words', () => {
    const old = {
      field: 'Email',
      value: 'x',
      wording: { from: 'stored-words', message: 'Old.', suggestion: 'Do it.' },
    } as const;
    expect(explainIssue(old)).toEqual({ message: 'Old.', suggestion: 'Do it.' });
  });
});
