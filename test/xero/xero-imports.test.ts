/**
 * Layering (code-style.md habit 8): src/xero/ imports only src/shared/ and npm packages, never
 * node: modules or the sync, storage, worker and app layers, so it runs unchanged in the worker.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const XERO = fileURLToPath(new URL('../../src/xero/', import.meta.url));
const ALLOWED_PACKAGES = new Set(['saxes']);

function specifiers(source: string): string[] {
  return [...source.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/g)].map((m) => m[1] ?? '');
}

describe('src/xero imports', () => {
  const files = readdirSync(XERO).filter((name) => name.endsWith('.ts'));

  it('has modules to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files)('%s imports only ./, ../shared/ and allowed packages', (file) => {
    for (const specifier of specifiers(readFileSync(`${XERO}${file}`, 'utf8'))) {
      const ok = specifier.startsWith('./') || specifier.startsWith('../shared/') || ALLOWED_PACKAGES.has(specifier);
      expect(ok, `${file} imports ${specifier}`).toBe(true);
    }
  });

  // This test looks FOR type-check escapes in src/xero; the pattern below is the check, not an escape.
  it.each(files)('%s uses no `any`, @ts-ignore or DOM-only globals', (file) => {
    const source = readFileSync(`${XERO}${file}`, 'utf8');
    expect(source).not.toMatch(
      /:\s*any\b|as any\b|@ts-ignore|@ts-expect-error|\b(?:window|document)\.[A-Za-z]|\blocalStorage\b|\bDOMParser\b/,
    );
  });
});
