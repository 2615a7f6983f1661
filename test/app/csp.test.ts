/**
 * The production build runs under `style-src 'self'` and no inline script (reliability.md §7, SEC-3):
 * Solid builds each JSX template from an HTML string, so a style attribute that the compiler inlines
 * into that string (a constant style={{…}}) is blocked at run time. Compile every component the way
 * the build does and check the template strings; and check no HTML-string sink is used directly.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { transformAsync } from '@babel/core';

const APP = resolve(__dirname, '../../src/app');

function sources(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path, ext);
    return ext.test(name) ? [path] : [];
  });
}

/** The HTML strings of every template the Solid compiler makes from `file`. */
async function templates(file: string): Promise<string[]> {
  const result = await transformAsync(readFileSync(file, 'utf8'), {
    filename: file,
    babelrc: false,
    configFile: false,
    parserOpts: { plugins: ['jsx', 'typescript'] },
    presets: [['babel-preset-solid', { generate: 'dom' }]],
  });
  const code = result?.code ?? '';
  return [...code.matchAll(/_\$template\(`((?:[^`\\]|\\.)*)`/g)].map((match) => match[1] ?? '');
}

describe('CSP-safe markup', () => {
  const components = sources(APP, /\.tsx$/);

  it('finds the components (guards against a path that matches nothing)', () => {
    expect(components.length).toBeGreaterThan(20);
  });

  it('no JSX template carries a style attribute (it would be blocked by style-src)', async () => {
    const offenders: string[] = [];
    for (const file of components) {
      for (const html of await templates(file))
        if (/\sstyle=/.test(html)) offenders.push(`${file}: ${html.slice(0, 120)}`);
    }
    expect(offenders).toEqual([]);
  });

  it('the checker sees an inlined style when there is one', async () => {
    const probe = join(APP, 'lists/VirtualGrid.tsx');
    expect((await templates(probe)).length).toBeGreaterThan(2);
    const inline = await transformAsync('const x = <div style={{ color: "red" }} />;', {
      filename: 'probe.tsx',
      babelrc: false,
      configFile: false,
      parserOpts: { plugins: ['jsx', 'typescript'] },
      presets: [['babel-preset-solid', { generate: 'dom' }]],
    });
    expect(inline?.code).toMatch(/_\$template\(`<div style=/);
  });

  it('app code uses no HTML-string sinks', () => {
    const sinks =
      /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|\bnew Function\b|\beval\(|innerHTML=\{/;
    const offenders = sources(APP, /\.(ts|tsx)$/).filter((file) => sinks.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
