import { afterEach, describe, expect, it, vi } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { main, parseMaxBytes } from '../../src/cli/plan';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../src/domain/config';
import { REJECTION_CODES, SKIP_CODES, WARNING_CODES } from '../../src/domain/reasons';
import type { Plan } from '../../src/sync/plan';

const CLIENTS = 'test/fixtures/xpm/practice-reasons.xml';
const STAFF = 'test/fixtures/xpm/staff-reasons.xml';

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

async function plan(extra: string[] = []): Promise<Plan> {
  const result = await run(['--clients', CLIENTS, '--staff', STAFF, '--country', 'AU', ...extra]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Plan;
}

afterEach(() => vi.restoreAllMocks());

describe('npm run plan', () => {
  it('prints the documented JSON shape', async () => {
    const p = await plan();
    expect(Object.keys(p)).toEqual(['contacts', 'clients', 'staff', 'rejected', 'skipped']);
    expect(p.contacts[0]).toEqual({
      name: 'Samantha Benecke',
      email: 'sam@harbourview.example',
      mobile: '+61412345678',
      origin: 'contact',
      sources: [
        { contactId: '10e45ad9-cd3f-42b9-9e7e-000000000001', clientId: '5b1f2c3a-8d4e-4f60-9a71-000000000001' },
      ],
      warnings: [],
    });
    expect(p.clients[0]).toEqual({
      clientId: '5b1f2c3a-8d4e-4f60-9a71-000000000001',
      code: 'HVT001',
      legalName: 'Harbour View Trust',
      partnerEmail: 'jo@practice.example',
      entityType: 'Trust',
      warnings: [],
    });
    expect(p.staff).toEqual([
      {
        staffId: 'a1f0c3d2-1111-4aaa-8bbb-000000000001',
        firstName: 'Jo',
        lastName: 'Bloggs',
        email: 'jo@practice.example',
      },
      {
        staffId: 'a1f0c3d2-1111-4aaa-8bbb-000000000002',
        firstName: 'John',
        lastName: 'Smith',
        email: 'john@practice.example',
      },
    ]);
    for (const rejection of p.rejected) {
      expect(Object.keys(rejection)).toEqual(
        expect.arrayContaining([
          'entity',
          'clientId',
          'contactId',
          'staffId',
          'name',
          'field',
          'value',
          'reason',
          'suggestion',
        ]),
      );
      expect(rejection.suggestion.length).toBeGreaterThan(20);
    }
    for (const skip of p.skipped)
      expect(Object.keys(skip).sort()).toEqual(['clientId', 'contactId', 'entity', 'reason']);
  });

  it('produces every rejection, warning and skip code of PRODUCT.md §4.3 from the fixture', async () => {
    const p = await plan();
    const rescued = await plan(['--rescue-numbers']);
    const warnings = new Set([...p.contacts, ...p.clients, ...rescued.contacts].flatMap((r) => r.warnings));
    expect(new Set(p.rejected.map((r) => r.reason))).toEqual(new Set(REJECTION_CODES));
    expect(new Set(p.skipped.map((s) => s.reason))).toEqual(new Set(SKIP_CODES));
    expect(warnings).toEqual(new Set(WARNING_CODES));
  });

  it('reports each problem with its XPM field and the exact value', async () => {
    const p = await plan();
    const find = (reason: string) => p.rejected.find((r) => r.reason === reason);
    expect(find('mobile-invalid')).toMatchObject({
      entity: 'contact',
      name: 'Leanne Benecke',
      field: 'Mobile',
      value: '0411 111 111 (Leanne)',
    });
    expect(find('mobile-not-mobile')).toMatchObject({ field: 'Mobile', value: '(02) 9876 5432' });
    expect(find('email-invalid')).toMatchObject({ field: 'Email', value: 'a@acme.example; b@acme.example' });
    expect(find('partner-not-found')).toMatchObject({ entity: 'client', field: 'AccountManager' });
    expect(find('last-name-missing')?.entity).toBeDefined();
    expect(
      p.rejected
        .filter((r) => r.reason === 'last-name-missing')
        .map((r) => r.entity)
        .sort(),
    ).toEqual(['client', 'staff']);
    expect(find('field-too-long')?.value?.length).toBeGreaterThan(1000);
  });

  it('merges the same person from two clients, the primary contact’s mobile winning', async () => {
    const jo = (await plan()).contacts.find((c) => c.email.toLowerCase() === 'jo.smith@example.com');
    expect(jo).toMatchObject({ mobile: '+61412000001', warnings: ['duplicate-merged'] });
    expect(jo?.sources).toHaveLength(2);
  });

  it('uses the client’s own details when it has no valid contact', async () => {
    const dutchess = (await plan()).contacts.find((c) => c.name === 'Dutchess Consulting');
    expect(dutchess).toMatchObject({
      origin: 'client',
      mobile: null,
      warnings: ['phone-not-mobile'],
      sources: [{ contactId: null, clientId: '5b1f2c3a-8d4e-4f60-9a71-000000000004' }],
    });
  });

  it('applies the options: default partner, include archived, country', async () => {
    const withDefault = await plan(['--default-partner', 'JO@practice.example']);
    expect(withDefault.rejected.some((r) => r.reason === 'partner-missing')).toBe(false);
    expect(withDefault.clients.find((c) => c.legalName === 'Partnerless Pty Ltd')?.partnerEmail).toBe(
      'jo@practice.example',
    );
    const archived = await plan(['--include-archived']);
    expect(archived.skipped.some((s) => s.reason === 'client-archived')).toBe(false);
    expect(archived.contacts.some((c) => c.email === 'old@archived.example')).toBe(true);
    const nz = await plan(['--country', 'nz']);
    // An Australian number written locally is not a valid NZ mobile: rejected, not imported without it.
    expect(nz.contacts.some((c) => c.name === 'Samantha Benecke')).toBe(false);
    expect(nz.rejected.find((r) => r.name === 'Samantha Benecke')).toMatchObject({
      field: 'Mobile',
      value: '0412 345 678',
    });
  });

  it.each([
    [['--clients', 'test/fixtures/xpm/does-not-exist.xml'], /Cannot read the clients file/],
    [['--clients', 'test/fixtures/xpm/truncated.xml'], /not a usable XPM response.*xml\/malformed/],
    [['--clients', 'test/fixtures/xpm/billion-laughs.xml'], /xml\/dtd-forbidden/],
    [['--clients', 'test/fixtures/xpm/status-error.xml'], /xpm\/api-error/],
    [['--clients', CLIENTS, '--staff', 'test/fixtures/xpm/gateway-error.html'], /not a usable XPM response/],
    [['--clients', CLIENTS, '--country', 'Australia'], /--country "Australia"/],
    [['--clients', CLIENTS, '--default-partner', 'jo at x'], /--default-partner/],
    [['--clients', CLIENTS, '--bogus'], /Unknown option '--bogus'/],
    [[], /--clients FILE.xml is required/],
  ])('exits 2 with a clear message for %j', async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });

  it('runs as `npm run plan` (a real process)', async () => {
    const { stdout } = await promisify(execFile)(
      'npx',
      ['tsx', 'src/cli/plan.ts', '--clients', CLIENTS, '--staff', STAFF],
      { cwd: process.cwd() },
    );
    expect((JSON.parse(stdout) as Plan).contacts.length).toBeGreaterThan(5);
    const failed = await promisify(execFile)('npx', ['tsx', 'src/cli/plan.ts', '--clients', 'nope.xml']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed).toMatchObject({ code: 2 });
  });
});

describe('npm run plan on saved sandbox responses (M2)', () => {
  it('reads what the sandbox serves and plans what the independent oracle expects', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { startSandbox, signIn } = await import('../../proxy/sandbox');
    const { expectedFirstSync } = await import('../e2e/support/expected');
    const running = await startSandbox({ port: 0, clients: 400, seed: 11, testControls: true });
    const dir = await mkdtemp(join(tmpdir(), 'plan-sandbox-'));
    try {
      const session = await signIn(running.url);
      const tenant = Object.values(session.tenantIds)[0] ?? '';
      const save = async (path: string, file: string) => {
        const response = await fetch(`${running.url}/practicemanager/3.1/${path}`, {
          headers: { authorization: `Bearer ${session.accessToken}`, 'xero-tenant-id': tenant },
        });
        await writeFile(join(dir, file), await response.text());
        return join(dir, file);
      };
      const clients = await save('client.api/list?detailed=true', 'clients.xml');
      const staff = await save('staff.api/list', 'staff.xml');
      const result = await run(['--clients', clients, '--staff', staff, '--country', 'AU']);
      expect(result.code).toBe(0);
      const plan = JSON.parse(result.stdout) as Plan;
      const expected = expectedFirstSync(running.sandbox.controls.data() as never);
      expect(plan.contacts).toHaveLength(expected.contacts);
      expect(plan.clients).toHaveLength(expected.clients);
      expect(plan.staff).toHaveLength(expected.staff);
    } finally {
      await rm(dir, { recursive: true, force: true });
      await running.close();
    }
  });
});

describe('npm run plan: the response-size cap (as the app applies it)', () => {
  it('refuses a clients file over the cap with exit 2 and a message naming the limit, printing no plan', async () => {
    const { size } = await import('node:fs/promises').then((fs) => fs.stat(CLIENTS));
    const result = await run(['--clients', CLIENTS, '--max-response-bytes', String(size - 1)]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      `The clients file "${CLIENTS}" is larger than ${(size - 1).toLocaleString('en')} bytes`,
    );
    expect(result.stderr).toContain('--max-response-bytes');
    // At the cap exactly it is read.
    expect((await run(['--clients', CLIENTS, '--max-response-bytes', String(size)])).code).toBe(0);
  });

  it('stops reading an endless input at the cap', async () => {
    const result = await run(['--clients', '/dev/zero', '--max-response-bytes', '1000000']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('larger than 1,000,000 bytes');
  });

  it('applies the staff file the same cap, and the app’s default when none is given', async () => {
    const { size } = await import('node:fs/promises').then((fs) => fs.stat(STAFF));
    const small = 'test/fixtures/xpm/client-list-single.xml';
    const result = await run(['--clients', small, '--staff', STAFF, '--max-response-bytes', String(size - 1)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`The staff file "${STAFF}" is larger than`);
    expect(parseMaxBytes(undefined)).toBe(DEFAULT_MAX_RESPONSE_BYTES);
  });

  it('refuses a limit that is not a positive whole number', async () => {
    for (const bad of ['0', '-5', '1e6', 'lots']) {
      const result = await run(['--clients', CLIENTS, `--max-response-bytes=${bad}`]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`--max-response-bytes "${bad}" must be a positive whole number of bytes.`);
    }
  });
});
