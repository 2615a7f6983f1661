/**
 * `mainBundleGzipKB`: the gzip size of the JavaScript the page loads before its first render — the
 * built index.html's module script and modulepreload links, plus every chunk they import statically
 * (followed transitively). Dynamic `import()` chunks (lazy pages) and the worker are not counted.
 */
import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

/** gzip's and most servers' default level, so the figure is what a typical deployment sends. */
const GZIP_LEVEL = 6;

/** Static imports and re-exports in Vite's minified output: `import{a}from"./x.js"`, `import"./x.js"`, `export*from"./x.js"`. */
const STATIC_IMPORT = /(?:\bimport|\bexport)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+\.js)["']/g;
const MODULE_SCRIPT = /<script\b[^>]*\btype=["']module["'][^>]*\bsrc=["']([^"']+)["']/g;
const MODULE_PRELOAD = /<link\b[^>]*\brel=["']modulepreload["'][^>]*\bhref=["']([^"']+)["']/g;

export interface BundleSize {
  readonly gzipKB: number;
  /** The files counted, as paths in dist/. */
  readonly files: readonly string[];
}

export async function mainBundleSize(distDir: string): Promise<BundleSize> {
  const html = await readFile(join(distDir, 'index.html'), 'utf8');
  const entries = [...html.matchAll(MODULE_SCRIPT), ...html.matchAll(MODULE_PRELOAD)].map((m) => m[1] ?? '');
  if (entries.length === 0) throw new Error(`no module script in ${join(distDir, 'index.html')}`);
  const seen = new Set<string>();
  const queue = entries.map((src) => posix.normalize(src.replace(/^\//, '')));
  let gzipBytes = 0;
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    if (seen.has(path)) continue;
    seen.add(path);
    const code = await readFile(join(distDir, path));
    gzipBytes += gzipSync(code, { level: GZIP_LEVEL }).byteLength;
    for (const match of code.toString('utf8').matchAll(STATIC_IMPORT)) {
      const specifier = match[1] ?? '';
      if (!specifier.startsWith('.') && !specifier.startsWith('/')) continue;
      queue.push(
        specifier.startsWith('/')
          ? posix.normalize(specifier.slice(1))
          : posix.normalize(posix.join(posix.dirname(path), specifier)),
      );
    }
  }
  return { gzipKB: Math.round((gzipBytes / 1024) * 10) / 10, files: [...seen] };
}
