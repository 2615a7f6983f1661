/** The service worker's configuration in vite.config.ts agrees with the app it serves. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_URL } from '../../src/domain/config';

const viteConfig = readFileSync(new URL('../../vite.config.ts', import.meta.url), 'utf8');

describe('vite.config.ts (PWA)', () => {
  it('serves the same config.json the page fetches network first', () => {
    // The route's matcher is copied into sw.js as text: it must hold the path itself, not a variable.
    expect(viteConfig).toContain(
      `urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname === '${CONFIG_URL}',`,
    );
    expect(viteConfig).toMatch(/url\.pathname === '[^']+',\s*handler: 'NetworkFirst'/);
  });

  it('never precaches config.json and caches nothing else at run time', () => {
    expect(viteConfig).toMatch(/globIgnores: \[[^\]]*'config\.json'/);
    expect(viteConfig.match(/handler: '/g)).toHaveLength(1);
  });
});
