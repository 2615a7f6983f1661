/**
 * The layering of README "Architecture", checked mechanically (Biome checks the package rules too):
 * - src/domain is the dependency-free core: it imports nothing but itself, and every layer may import it.
 * - src/xero holds request builders and pure parsers: src/domain only (its XML tokenizer is its own).
 * - src/sync is pure: src/domain, src/xero and pure packages; no Dexie, Comlink, Solid, Node or browser globals.
 * - Dexie only in src/storage; Comlink only in src/worker; Solid only in src/app (and src/main.tsx).
 * - The page (src/app) reaches the worker only through worker/client.ts and worker types, never reads
 *   secrets or writes bulk data through the sync store, and uses src/sync and src/xero for types only.
 * - proxy/ never imports src/, except `npm start` (proxy/start.ts, proxy/stack) using src/domain.
 * - Values every layer needs are declared once, in src/domain (no copies in the page or the worker).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...files(path));
    else if (/\.(ts|tsx)$/.test(name)) out.push(path);
  }
  return out;
}

interface ImportRef {
  readonly spec: string;
  readonly typeOnly: boolean;
  /** Repository-relative target for relative imports, else the package name. */
  readonly target: string;
}

const STATIC_IMPORT = /^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
const DYNAMIC_IMPORT = /import\(\s*['"]([^'"]+)['"]\s*\)/g;
const WORKER_URL = /new\s+URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g;

function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** Code without comments or the contents of string literals (so words in messages are not code). */
function codeOnly(source: string): string {
  return stripComments(source).replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
}

/** Code with its import and re-export statements removed (after codeOnly, their specifiers are ''). */
function withoutImports(code: string): string {
  return code.replace(/^\s*(?:import|export)\b[^;]*?\bfrom\s*''\s*;?/gm, '');
}

function imports(file: string): ImportRef[] {
  const source = stripComments(readFileSync(join(ROOT, file), 'utf8'));
  const refs: ImportRef[] = [];
  const add = (spec: string, typeOnly: boolean) => {
    const target = spec.startsWith('.')
      ? relative(ROOT, resolve(ROOT, dirname(file), spec))
      : spec.startsWith('node:')
        ? 'node:'
        : packageName(spec);
    refs.push({ spec, typeOnly, target });
  };
  for (const m of source.matchAll(STATIC_IMPORT)) add(m[2] ?? '', m[1] !== undefined);
  for (const m of source.matchAll(DYNAMIC_IMPORT)) add(m[1] ?? '', false);
  for (const m of source.matchAll(WORKER_URL)) add(m[1] ?? '', false);
  return refs;
}

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? spec);
}

const within = (target: string, dir: string) => target === dir || target.startsWith(`${dir}/`);

function violations(dir: string, allowed: (ref: ImportRef, file: string) => boolean): string[] {
  return files(dir).flatMap((file) =>
    imports(file)
      .filter((ref) => !allowed(ref, file))
      .map((ref) => `${file} imports ${ref.typeOnly ? 'type ' : ''}${ref.spec}`),
  );
}

/** Globals that tie code to one environment; src/sync and src/xero must not use them. */
const ENVIRONMENT_GLOBALS =
  /\b(window|document|self|globalThis|indexedDB|localStorage|sessionStorage|navigator|process|require)\s*[.[(]/;

describe('architecture', () => {
  it('src/domain is the dependency-free core: it imports only itself', () => {
    expect(violations('src/domain', (r) => within(r.target, 'src/domain'))).toEqual([]);
  });

  it('src/sync is pure: only src/sync, src/domain, src/xero and pure packages', () => {
    const pure = new Set(['libphonenumber-js', 'papaparse']);
    expect(
      violations(
        'src/sync',
        (r) =>
          within(r.target, 'src/sync') ||
          within(r.target, 'src/domain') ||
          within(r.target, 'src/xero') ||
          pure.has(r.target),
      ),
    ).toEqual([]);
  });

  it('src/xero imports only src/xero and src/domain', () => {
    expect(violations('src/xero', (r) => within(r.target, 'src/xero') || within(r.target, 'src/domain'))).toEqual([]);
  });

  it('src/domain, src/sync and src/xero use no environment globals (they run unchanged in Node and the worker)', () => {
    const offenders = [...files('src/domain'), ...files('src/sync'), ...files('src/xero')].filter((file) =>
      ENVIRONMENT_GLOBALS.test(codeOnly(readFileSync(join(ROOT, file), 'utf8'))),
    );
    expect(offenders).toEqual([]);
  });

  it('Dexie is imported only in src/storage (the page not even for types)', () => {
    const all = [...files('src'), ...files('proxy')];
    const offenders = all.filter(
      (file) =>
        !within(file, 'src/storage') &&
        imports(file).some((r) => r.target === 'dexie' && (!r.typeOnly || within(file, 'src/app'))),
    );
    expect(offenders).toEqual([]);
  });

  it('the page and the worker use IndexedDB only through src/storage functions, never through tables', () => {
    const direct =
      /\bdb\.(contacts|clients|staff|changes|runLog|runs|kv|secrets|transaction|table)\b|\bAppDB\.liveQuery\b/;
    const offenders = [...files('src/app'), ...files('src/worker'), 'src/main.tsx'].filter((file) =>
      direct.test(codeOnly(readFileSync(join(ROOT, file), 'utf8'))),
    );
    expect(offenders).toEqual([]);
  });

  it('Comlink is imported only in src/worker', () => {
    const offenders = [...files('src'), ...files('proxy')].filter(
      (file) => !within(file, 'src/worker') && imports(file).some((r) => r.target === 'comlink'),
    );
    expect(offenders).toEqual([]);
  });

  it('Solid is imported only in src/app and the entry point', () => {
    const solid = new Set(['solid-js', '@solidjs/router']);
    const offenders = [...files('src'), ...files('proxy')].filter(
      (file) => !within(file, 'src/app') && file !== 'src/main.tsx' && imports(file).some((r) => solid.has(r.target)),
    );
    expect(offenders).toEqual([]);
  });

  it('the page reaches the worker only through client.ts and worker types, and never touches secrets or bulk writes', () => {
    const forbiddenStorage = new Set(['src/storage/secrets', 'src/storage/sync-store', 'src/storage/disconnect']);
    const allowed = (r: ImportRef): boolean => {
      if (!r.spec.startsWith('.'))
        return !['oauth4webapi', 'fast-xml-parser', 'papaparse', 'libphonenumber-js', 'comlink'].includes(r.target);
      if (within(r.target, 'src/app') || within(r.target, 'src/domain')) return true;
      if (within(r.target, 'src/storage')) return !forbiddenStorage.has(r.target);
      if (r.target === 'src/worker/client') return true;
      if (within(r.target, 'src/worker') || within(r.target, 'src/sync') || within(r.target, 'src/xero'))
        return r.typeOnly;
      return false;
    };
    expect([
      ...violations('src/app', allowed),
      ...imports('src/main.tsx')
        .filter((r) => !allowed(r))
        .map((r) => `src/main.tsx imports ${r.spec}`),
    ]).toEqual([]);
  });

  it('src/storage depends only on src/storage, src/domain, src/sync and dexie', () => {
    expect(
      violations(
        'src/storage',
        (r) =>
          within(r.target, 'src/storage') ||
          within(r.target, 'src/domain') ||
          within(r.target, 'src/sync') ||
          r.target === 'dexie',
      ),
    ).toEqual([]);
  });

  it('the command line uses the engine, readers and domain, not browser modules', () => {
    expect(
      violations(
        'src/cli',
        (r) =>
          within(r.target, 'src/cli') ||
          within(r.target, 'src/sync') ||
          within(r.target, 'src/xero') ||
          within(r.target, 'src/domain') ||
          r.target === 'node:',
      ),
    ).toEqual([]);
  });

  it('proxy/ never imports src/, except the npm start stack using the domain core', () => {
    const stack = (file: string) => file === 'proxy/start.ts' || within(file, 'proxy/stack');
    expect(
      violations('proxy', (r, file) => !within(r.target, 'src') || (stack(file) && within(r.target, 'src/domain'))),
    ).toEqual([]);
  });

  it('values every layer needs are declared once, in src/domain (no copies in the page, the worker or the stack)', () => {
    // The copies M9 removed: the initial sync state, the cooldown and schedule arithmetic, the run
    // liveness rule, the XPM link, the app configuration and its parser.
    const once = [
      'INITIAL_SYNC_STATE',
      'NO_SYNC_STATE',
      'MANUAL_RUN_COOLDOWN_MS',
      'HOURLY_SYNC_INTERVAL_MS',
      'RUN_HEARTBEAT_STALE_MS',
      'STALE_DATA_MS',
      'cooldownEnd',
      'cooldownEndsAt',
      'isRunLive',
      'AppConfig',
      'AppRuntimeConfig',
      'parseConfig',
      'parseAppConfig',
      'xpmClientUrl',
      'xpmClientWebUrl',
      'xpmClientLink',
    ];
    const declaration = (name: string) => new RegExp(`\\b(?:interface|type|const|let|function|class)\\s+${name}\\b`);
    const declarationsOf = (file: string) => withoutImports(codeOnly(readFileSync(join(ROOT, file), 'utf8')));
    const declaredAt = (name: string) =>
      [...files('src'), ...files('proxy')].filter((file) => declaration(name).test(declarationsOf(file)));
    for (const name of once) {
      const places = declaredAt(name);
      expect(
        places.every((file) => within(file, 'src/domain')),
        `${name} declared in ${places.join(', ')}`,
      ).toBe(true);
      expect(places.length, `${name} declared in ${places.join(', ')}`).toBeLessThanOrEqual(1);
    }
    // The link's path is built in one place only.
    const linkBuilders = [...files('src'), ...files('proxy')].filter(
      (file) => !within(file, 'proxy/sandbox') && /\/Client\/\$\{/.test(readFileSync(join(ROOT, file), 'utf8')),
    );
    expect(linkBuilders).toEqual(['src/domain/xpm-links.ts']);
  });

  it('source code has no `any`, @ts-ignore or @ts-nocheck', () => {
    // This pattern names the escapes it forbids (in src/ and proxy/); the line itself is not one.
    const escapes = /:\s*any\b|\bas any\b|<any>|@ts-ignore|@ts-nocheck|@ts-expect-error/;
    const offenders = [...files('src'), ...files('proxy')].filter((file) =>
      escapes.test(codeOnly(readFileSync(join(ROOT, file), 'utf8'))),
    );
    expect(offenders).toEqual([]);
  });

  it('the checker itself sees imports and declarations (guards against a pattern that matches nothing)', () => {
    expect(imports('src/sync/run/run-sync.ts').some((r) => r.target === 'src/xero/xpm-requests')).toBe(true);
    expect(imports('src/worker/client.ts').some((r) => r.target === 'comlink')).toBe(true);
    expect(imports('src/worker/client.ts').some((r) => r.target === 'src/worker/sync.worker.ts')).toBe(true);
    expect(imports('src/sync/plan.ts').filter((r) => r.typeOnly).length).toBeGreaterThan(0);
    expect(ENVIRONMENT_GLOBALS.test(codeOnly('const locks = navigator.locks; // fine'))).toBe(true);
    expect(ENVIRONMENT_GLOBALS.test(codeOnly("const m = 'the end of the document.'; // window.x"))).toBe(false);
  });
});
