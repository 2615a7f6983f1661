import { describe, expect, it } from 'vitest';
import { xpmClientLink } from '../../src/domain/xpm-links';

const UUID = '5b1f2c3a-8d4e-4f60-9a71-2c3d4e5f6a7b';

describe('xpmClientLink', () => {
  it('uses the documented integer-id form when XPM sent the integer id', () => {
    expect(xpmClientLink('https://practicemanager.xero.com', { xpmId: UUID, xpmNumericId: '24097642' })).toBe(
      'https://practicemanager.xero.com/Client/24097642/Detail',
    );
    expect(xpmClientLink('https://practicemanager.xero.com/', { xpmId: 'id:812' })).toBe(
      'https://practicemanager.xero.com/Client/812/Detail',
    );
  });

  it('falls back to the UUID form when there is no integer id', () => {
    expect(xpmClientLink('https://practicemanager.xero.com', { xpmId: UUID })).toBe(
      `https://practicemanager.xero.com/Client/${UUID}/Detail`,
    );
    expect(xpmClientLink('http://localhost:8787/xpm-web/', { xpmId: UUID, xpmNumericId: null })).toBe(
      `http://localhost:8787/xpm-web/Client/${UUID}/Detail`,
    );
  });

  it('builds no link from ids or bases that could point elsewhere', () => {
    expect(xpmClientLink('https://practicemanager.xero.com', { xpmId: '../../admin' })).toBeNull();
    expect(xpmClientLink('https://practicemanager.xero.com', { xpmId: 'a b' })).toBeNull();
    expect(xpmClientLink('https://practicemanager.xero.com', { xpmId: UUID, xpmNumericId: '12/../3' })).toBe(
      `https://practicemanager.xero.com/Client/${UUID}/Detail`,
    );
    expect(xpmClientLink('javascript:alert(1)', { xpmId: UUID })).toBeNull();
    expect(xpmClientLink('https://user:pw@practicemanager.xero.com', { xpmId: UUID })).toBeNull();
    expect(xpmClientLink('not a url', { xpmId: UUID })).toBeNull();
  });
});
