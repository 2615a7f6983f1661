import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ArgumentError, parseArgs } from '../../proxy/sandbox/args';
import { MAIN_PRACTICE_NAME, signIn } from '../../proxy/sandbox/index';

describe('parseArgs', () => {
  it('has defaults and reads both --flag value and --flag=value', () => {
    expect(parseArgs([])).toEqual({
      port: 8788,
      host: '127.0.0.1',
      clients: 2000,
      seed: 1,
      testControls: false,
      dailyLimit: 5000,
      apiShape: '3.1',
      clientId: 'xpm-contact-sync-sandbox',
      redirectUris: [],
      help: false,
    });
    expect(
      parseArgs([
        '--port',
        '0',
        '--clients=15000',
        '--seed',
        '42',
        '--test-controls',
        '--daily-limit',
        '1000',
        '--api-shape',
        '3.0',
        '--redirect-uri',
        'https://a.example/cb',
        '--redirect-uri=http://x.test/cb',
      ]),
    ).toMatchObject({
      port: 0,
      clients: 15000,
      seed: 42,
      testControls: true,
      dailyLimit: 1000,
      apiShape: '3.0',
      redirectUris: ['https://a.example/cb', 'http://x.test/cb'],
    });
  });

  it('names the flag in every error', () => {
    const cases: [string[], RegExp][] = [
      [['--bogus'], /Unknown option "--bogus"/],
      [['--port', 'abc'], /--port needs a whole number/],
      [['--port', '70000'], /--port must be from 0 to 65535/],
      [['--clients', '-5'], /--clients needs a value|--clients needs a whole number/],
      [['--clients', '1.5'], /--clients needs a whole number/],
      [['--clients', '100001'], /--clients must be from 0 to 100000/],
      [['--seed'], /--seed needs a value/],
      [['--port', '1', '--port', '2'], /--port was given more than once/],
      [['--test-controls=yes'], /--test-controls takes no value/],
      [['--redirect-uri', 'not a url'], /--redirect-uri needs an absolute URL/],
      [['--daily-limit', '0'], /--daily-limit must be from 1/],
      [['--api-shape', '3.2'], /--api-shape must be 3\.0 or 3\.1, not "3\.2"/],
      [['--api-shape'], /--api-shape needs a value/],
    ];
    for (const [argv, message] of cases) {
      expect(() => parseArgs(argv)).toThrow(ArgumentError);
      expect(() => parseArgs(argv)).toThrow(message);
    }
  });
});

function run(args: string[]): {
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  child: ReturnType<typeof spawn>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'proxy/sandbox/cli.ts', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { done, child };
}

describe('the CLI process', () => {
  it('exits 2 with a message naming the flag', async () => {
    const { code, stderr } = await run(['--clients', 'lots']).done;
    expect(code).toBe(2);
    expect(stderr).toContain('--clients needs a whole number');
  });

  it('prints its URL, serves the practice and exits 0 on SIGTERM', async () => {
    const { child, done } = run(['--port', '0', '--clients', '10', '--seed', '3']);
    const url = await listening(child);
    const page = await (await fetch(`${url}/`)).text();
    expect(page).toContain('XPM sandbox');
    expect((await fetch(`${url}/__sandbox/data`)).status).toBe(404); // no --test-controls
    child.kill('SIGTERM');
    const { code, stdout } = await done;
    expect(code).toBe(0);
    expect(stdout).toContain('Harbourside Accounting (10 clients, seed 3)');
    expect(stdout).toContain('SIGTERM, shutting down');
    expect(stdout).toContain('/practicemanager/3.1/ answers in the 3.1 shape');
  });

  it('with --api-shape 3.0 the 3.1 path answers in the 3.0 shape', async () => {
    const { child, done } = run(['--port', '0', '--clients', '10', '--api-shape', '3.0']);
    const url = await listening(child);
    const session = await signIn(url);
    const staff = await (
      await fetch(`${url}/practicemanager/3.1/staff.api/list`, {
        headers: {
          authorization: `Bearer ${session.accessToken}`,
          'xero-tenant-id': session.tenantIds[MAIN_PRACTICE_NAME] ?? '',
        },
      })
    ).text();
    expect(staff).toMatch(/^<Response api-method="List"><Status>OK<\/Status><StaffList><Staff><ID>\d+<\/ID><Name>/);
    expect(staff).not.toContain('<UUID>');
    child.kill('SIGTERM');
    const { code, stdout } = await done;
    expect(code).toBe(0);
    expect(stdout).toContain('/practicemanager/3.1/ answers in the 3.0 shape');
  });
});

/** The URL the CLI prints once it listens. */
function listening(child: ReturnType<typeof spawn>): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (d: Buffer) => {
      seen += d.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('close', () => reject(new Error('exited early')));
  });
}
