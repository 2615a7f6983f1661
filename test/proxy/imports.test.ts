/**
 * The handler modules must run unchanged on edge runtimes: they import nothing from `node:` (or a
 * bare Node built-in) and touch no Node globals. No proxy module imports the app's src/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const PROXY_DIR = join(process.cwd(), 'proxy');
/** Node-only by design: the adapter, the Node server wrapper, the CLI and `npm start` (local tooling, never deployed). */
const NODE_ONLY = new Set(['node-adapter.ts', 'server.ts', 'cli.ts', 'start.ts']);
/** Folders of local tooling beside the proxy: the sandbox and the `npm start` stack. */
const TOOLING_DIRS = new Set(['sandbox', 'stack']);

function proxyFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return TOOLING_DIRS.has(entry.name) ? [] : proxyFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function importSpecifiers(source: string): string[] {
  const specifiers: string[] = [];
  const patterns = [
    /\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns)
    for (const match of source.matchAll(pattern)) if (match[1] !== undefined) specifiers.push(match[1]);
  return specifiers;
}

const files = proxyFiles(PROXY_DIR);
const handlerFiles = files.filter((path) => !NODE_ONLY.has(relative(PROXY_DIR, path)));

describe('edge-runtime portability', () => {
  it('finds the handler modules', () => {
    const names = handlerFiles.map((path) => relative(PROXY_DIR, path));
    expect(names).toEqual(
      expect.arrayContaining([
        'proxy.ts',
        'routes.ts',
        'cors.ts',
        'headers.ts',
        'upstream.ts',
        'log.ts',
        'config.ts',
        'edge/cloudflare-worker.ts',
        'edge/deno-deploy.ts',
      ]),
    );
  });

  it.each(handlerFiles.map((path) => ({ file: relative(PROXY_DIR, path), path })))(
    '$file imports no Node module and uses no Node global',
    ({ path }) => {
      const source = readFileSync(path, 'utf8');
      for (const specifier of importSpecifiers(source)) {
        expect(specifier.startsWith('node:'), specifier).toBe(false);
        expect(builtinModules.includes(specifier), specifier).toBe(false);
        // Only sibling proxy modules: no packages, so nothing can pull Node in indirectly.
        expect(specifier.startsWith('.'), specifier).toBe(true);
        expect(NODE_ONLY.has(specifier.replace(/^\.\.?\//, '').replace(/$/, '.ts')), specifier).toBe(false);
      }
      expect(source).not.toMatch(/\bprocess\.|\bBuffer\b|\brequire\(|__dirname|__filename/);
    },
  );

  it.each(files.map((path) => ({ file: relative(PROXY_DIR, path), path })))(
    '$file does not import from src/',
    ({ path }) => {
      for (const specifier of importSpecifiers(readFileSync(path, 'utf8'))) {
        expect(specifier).not.toMatch(/(^|\/)src(\/|$)/);
      }
    },
  );
});
