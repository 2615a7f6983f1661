import { describe, expect, it, vi } from 'vitest';
import { getCountries } from 'libphonenumber-js/max';
import { describeConfigProblem, parseAppConfig as parseConfig } from '../../src/domain/config';
import { loadConfig } from '../../src/app/boot/config';
import { COUNTRY_CODES, countryOptions } from '../../src/app/countries';
import {
  PENDING_AUTHORIZATION_KEY,
  savePendingAuthorization,
  takePendingAuthorization,
} from '../../src/app/pending-authorization';
import { PRELOAD_RELOAD_GUARD_MS, PRELOAD_RELOAD_KEY, recoverFromPreloadError } from '../../src/app/preload-recovery';
import { formatAgo, formatBytes, formatCountdown, formatCountdownWords, formatDuration } from '../../src/app/format';
import sandboxConfig from '../../public/config.json';

const VALID = {
  clientId: 'id',
  proxyUrl: 'http://localhost:4174',
  authorizeUrl: 'https://login.xero.com/identity/connect/authorize',
  issuer: 'https://identity.xero.com',
  xpmWebUrl: 'https://practicemanager.xero.com/',
  upstreamLabel: 'Xero',
};

class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

describe('runtime config', () => {
  it('accepts a complete config and the sandbox default in public/', () => {
    expect(parseConfig(VALID)).toEqual({ ok: true, config: VALID });
    const sandbox = parseConfig(sandboxConfig);
    expect(sandbox.ok).toBe(true);
    expect(sandboxConfig.clientId).toBe('xpm-contact-sync-sandbox');
    expect(sandboxConfig.upstreamLabel).toBe('Sandbox');
  });

  it('names the bad field', () => {
    const missing = parseConfig({ ...VALID, clientId: '' });
    expect(missing).toEqual({
      ok: false,
      problem: { kind: 'field', field: 'clientId', problem: 'is missing or empty' },
    });
    const badUrl = parseConfig({ ...VALID, proxyUrl: 'javascript:alert(1)' });
    expect(badUrl.ok).toBe(false);
    if (!badUrl.ok) expect(describeConfigProblem(badUrl.problem)).toContain('“proxyUrl” is not an http(s) URL');
    expect(parseConfig([VALID]).ok).toBe(false);
    expect(parseConfig({ ...VALID, issuer: 42 }).ok).toBe(false);
  });

  it('loads /config.json, and reports an unreachable or non-JSON file', async () => {
    const fetchOk = vi.fn<typeof fetch>(async () => new Response(JSON.stringify(VALID)));
    expect((await loadConfig(fetchOk)).ok).toBe(true);
    expect(fetchOk.mock.calls[0]?.[0]).toBe('/config.json');
    const notFound = await loadConfig(async () => new Response('nope', { status: 404 }));
    expect(notFound.ok ? null : describeConfigProblem(notFound.problem)).toContain('HTTP 404');
    const html = await loadConfig(async () => new Response('<html>'));
    expect(html.ok ? null : html.problem.kind).toBe('not-json');
    const offline = await loadConfig(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(offline.ok ? null : offline.problem.kind).toBe('unreachable');
  });
});

describe('pending authorization', () => {
  const pending = { state: 'st', codeVerifier: 'cv', redirectUri: 'http://localhost/callback', createdAt: 5 };

  it('is read exactly once', () => {
    const storage = new MemoryStorage();
    savePendingAuthorization(storage, pending);
    expect(takePendingAuthorization(storage)).toEqual(pending);
    expect(storage.getItem(PENDING_AUTHORIZATION_KEY)).toBeNull();
    expect(takePendingAuthorization(storage)).toBeNull();
  });

  it('garbage reads as none, and is deleted too', () => {
    const storage = new MemoryStorage();
    storage.setItem(PENDING_AUTHORIZATION_KEY, '{"state":1}');
    expect(takePendingAuthorization(storage)).toBeNull();
    storage.setItem(PENDING_AUTHORIZATION_KEY, 'not json');
    expect(takePendingAuthorization(storage)).toBeNull();
    expect(storage.length).toBe(0);
  });
});

describe('stale-chunk recovery', () => {
  const env = (storage: Storage, online = true, now = 100_000) => ({
    storage,
    online: () => online,
    now: () => now,
    reload: vi.fn(),
  });

  it('reloads once, then lets the error through within the guard window', () => {
    const storage = new MemoryStorage();
    const event = { preventDefault: vi.fn() };
    const first = env(storage);
    expect(recoverFromPreloadError(event, first)).toBe(true);
    expect(first.reload).toHaveBeenCalledOnce();
    expect(event.preventDefault).toHaveBeenCalledOnce();
    const second = env(storage, true, 100_000 + PRELOAD_RELOAD_GUARD_MS - 1);
    expect(recoverFromPreloadError({ preventDefault: vi.fn() }, second)).toBe(false);
    expect(second.reload).not.toHaveBeenCalled();
    const later = env(storage, true, 100_000 + PRELOAD_RELOAD_GUARD_MS + 1);
    expect(recoverFromPreloadError({ preventDefault: vi.fn() }, later)).toBe(true);
    expect(storage.getItem(PRELOAD_RELOAD_KEY)).toBe(String(100_000 + PRELOAD_RELOAD_GUARD_MS + 1));
  });

  it('does nothing offline', () => {
    const offline = env(new MemoryStorage(), false);
    expect(recoverFromPreloadError({ preventDefault: vi.fn() }, offline)).toBe(false);
    expect(offline.reload).not.toHaveBeenCalled();
  });
});

describe('countries', () => {
  it('lists exactly the regions libphonenumber-js parses (so the worker accepts every choice)', () => {
    expect([...COUNTRY_CODES].sort()).toEqual([...getCountries()].sort());
  });

  it('names them with Intl.DisplayNames, sorted by name', () => {
    const options = countryOptions('en');
    expect(options.find((o) => o.code === 'AU')?.name).toBe('Australia');
    expect(options.find((o) => o.code === 'NZ')?.name).toBe('New Zealand');
    const names = options.map((o) => o.name);
    expect(names).toEqual([...names].sort(new Intl.Collator('en').compare));
  });
});

describe('formatting', () => {
  it('formats countdowns, durations, sizes and ages', () => {
    expect(formatCountdown(299_001)).toBe('5:00');
    expect(formatCountdown(61_000)).toBe('1:01');
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdownWords(61_000)).toBe('1 minute 1 second');
    expect(formatCountdownWords(120_000)).toBe('2 minutes');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatBytes(1_234_567)).toBe('1.2 MB');
    expect(formatBytes(999)).toBe('999 bytes');
    expect(formatAgo(0, 30_000)).toBe('just now');
    expect(formatAgo(0, 5 * 60_000)).toMatch(/5 minutes ago/);
  });
});
