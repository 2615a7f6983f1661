import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  asTenantId,
  asXpmClientId,
  clientSourceKey,
  contactSourceKey,
  isSourceKey,
  isXpmKey,
  numericXpmId,
  xpmClientKey,
  xpmContactKey,
  xpmStaffKey,
} from '../../src/domain/ids';

const UUID = '10e45ad9-cd3f-42b9-9e7e-056e47c0c109';

describe('XPM identities (M11)', () => {
  it('is the UUID when it looks like one, else id:<ID> when the integer id is digits, else null', () => {
    expect(xpmContactKey(UUID, '24097642')).toBe(UUID);
    expect(xpmContactKey('', '24097642')).toBe('id:24097642');
    expect(xpmContactKey(' not-a-uuid ', ' 24097642 ')).toBe('id:24097642');
    expect(xpmContactKey('', '')).toBeNull();
    expect(xpmContactKey('', '12a')).toBeNull();
    expect(xpmContactKey('', '-5')).toBeNull();
    expect(xpmClientKey(`  ${UUID}\n`, '')).toBe(UUID);
    expect(xpmStaffKey(`{${UUID}}`, '')).toBeNull();
  });

  it('never gives two different records the same key, and never an empty one', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uuid(), fc.string()), fc.oneof(fc.nat().map(String), fc.string()), (uuid, id) => {
        const key = xpmContactKey(uuid, id);
        if (key === null) return;
        expect(key).not.toBe('');
        expect(isXpmKey(key)).toBe(true);
        // The numeric form can never be mistaken for a UUID and vice versa.
        expect(key.startsWith('id:')).toBe(!xpmContactKey(uuid, '')?.length);
      }),
    );
  });

  it('source keys are namespaced per kind and per identity form', () => {
    const byUuid = xpmContactKey(UUID, '');
    const byId = xpmContactKey('', '7');
    if (byUuid === null || byId === null) throw new Error('keys expected');
    expect(contactSourceKey(byUuid)).toBe(`c:${UUID}`);
    expect(contactSourceKey(byId)).toBe('c:id:7');
    const client = xpmClientKey('', '7');
    if (client === null) throw new Error('key expected');
    expect(clientSourceKey(client)).toBe('k:id:7');
    expect(isSourceKey('c:id:7')).toBe(true);
    expect(isSourceKey('c:')).toBe(false);
    expect(isSourceKey('x:id:7')).toBe(false);
  });

  it('brands only checked values', () => {
    expect(asXpmClientId(UUID)).toBe(UUID);
    expect(asXpmClientId('id:42')).toBe('id:42');
    expect(() => asXpmClientId('42')).toThrow(TypeError);
    expect(() => asTenantId('tenant')).toThrow(TypeError);
    expect(numericXpmId(' 0042 ')).toBe('0042');
    expect(numericXpmId('4.2')).toBeNull();
  });
});
