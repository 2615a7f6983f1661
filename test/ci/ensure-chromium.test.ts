/**
 * `npm test` on a fresh machine (issue M8 item 9): its pretest step installs Debian's Chromium as
 * root and otherwise says, in one line, exactly what to run. `apt-get` and `id` are stand-ins on
 * PATH, so nothing is installed by the test.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = join(ROOT, '.ci/ensure-chromium');

let bin: string;

beforeEach(() => {
  bin = mkdtempSync(join(tmpdir(), 'ensure-chromium-'));
  // apt-get records its arguments; "installing chromium" creates the browser where it is expected.
  writeFileSync(
    join(bin, 'apt-get'),
    `#!/bin/sh\necho "$*" >> "${bin}/apt-get.log"\ncase "$*" in *install*chromium*) printf '#!/bin/sh\\n' > "${bin}/chromium"; chmod +x "${bin}/chromium";; esac\n`,
  );
  chmodSync(join(bin, 'apt-get'), 0o755);
});

afterEach(() => rmSync(bin, { recursive: true, force: true }));

function asUser(uid: number): void {
  writeFileSync(join(bin, 'id'), `#!/bin/sh\necho ${uid}\n`);
  chmodSync(join(bin, 'id'), 0o755);
}

function run(chromium: string) {
  return spawnSync('bash', [SCRIPT], {
    env: { PATH: `${bin}:${process.env['PATH'] ?? ''}`, CHROMIUM_PATH: chromium },
    encoding: 'utf8',
  });
}

const aptCalls = (): string[] => {
  try {
    return readFileSync(join(bin, 'apt-get.log'), 'utf8').trim().split('\n');
  } catch {
    return [];
  }
};

describe('the pretest step', () => {
  it('does nothing when Chromium is there', () => {
    asUser(1000);
    writeFileSync(join(bin, 'chromium'), '#!/bin/sh\n');
    chmodSync(join(bin, 'chromium'), 0o755);
    const result = run(join(bin, 'chromium'));
    expect(result.status).toBe(0);
    expect(result.stdout + result.stderr).toBe('');
    expect(aptCalls()).toEqual([]);
  });

  it('as root, installs Debian’s chromium', () => {
    asUser(0);
    const result = run(join(bin, 'chromium'));
    expect(result.status).toBe(0);
    expect(aptCalls()).toEqual(['update -qq', 'install -y -qq chromium']);
    expect(execFileSync(join(bin, 'chromium')).toString()).toBe(''); // it is there now
  });

  it('as another user, stops with one line saying exactly what to run', () => {
    asUser(1000);
    const result = run(join(bin, 'chromium'));
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('sudo apt-get update && sudo apt-get install -y chromium');
    expect(aptCalls()).toEqual([]);
  });
});

describe('npm test and .ci/run', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

  it('npm test runs the step first (npm runs pretest before test)', () => {
    expect(pkg.scripts['pretest']).toBe('bash .ci/ensure-chromium');
    expect(pkg.scripts['test']).toMatch(/test:e2e/);
  });

  it('.ci/run ends by calling exactly npm test', () => {
    const commands = readFileSync(join(ROOT, '.ci/run'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('echo'));
    expect(commands.at(-1)).toBe('npm test');
  });
});
