/** `npm start`'s port settings: a bad value, typed or derived, stops with its name and what to do. */
import { describe, expect, it } from 'vitest';
import { parsePort } from '../../proxy/stack/numbers';

describe('parsePort', () => {
  it('takes a port in range, or the default when unset', () => {
    expect(parsePort('5000', 'PORT', 4173)).toBe(5000);
    expect(parsePort(undefined, 'PROXY_PORT', 5001)).toBe(5001);
    expect(parsePort('', 'PROXY_PORT', 5001)).toBe(5001);
  });

  it('refuses a typed value that is not a port, naming it', () => {
    for (const bad of ['0', '65536', 'abc', '50.5', '-1']) {
      expect(() => parsePort(bad, 'PORT', 4173)).toThrow(
        `PORT must be a port number between 1 and 65535 (got "${bad}")`,
      );
    }
  });

  it('refuses a default derived past the last port (PORT=65535 makes PROXY_PORT 65536), saying what to set', () => {
    expect(() => parsePort(undefined, 'PROXY_PORT', 65536)).toThrow(
      'PROXY_PORT is not set and its default, 65536, is not a port number: set PROXY_PORT to a port between 1 and 65535, or choose a lower PORT.',
    );
  });
});
