/**
 * The key index's compact form (M10: the worker keeps it for the whole practice): one id per key is
 * held as the id itself, shared keys as a list that shrinks back to the id, and each id or source key
 * the index holds in several maps is kept once in its string pool.
 */
import { describe, expect, it } from 'vitest';
import {
  addId,
  clearKeyIndex,
  emptyKeyIndex,
  idsAt,
  indexClient,
  indexContact,
  indexSourceState,
  LiveKeyIndex,
  linksAt,
  pooledId,
} from '../../../src/sync/session/key-index';
import type { KeyIds } from '../../../src/sync/ports';
import type { SourceCounts } from '../../../src/domain/fix-list';
import { client, contact } from '../../contracts/records';
import { lcid, skey, xcid } from '../../support/ids';

const NO_COUNTS: SourceCounts = { clientRejected: 0, clientSkipped: 0, contactsRejected: 0, contactsSkipped: 0 };
/** Several contacts per client, linked to it, so each client id is named by many entries. */
const CLIENTS = 300;
const CONTACTS_PER_CLIENT = 4;

describe('key index ids per key', () => {
  it('holds one id as itself, several as a list, and shrinks back when one is removed', () => {
    const index = emptyKeyIndex();
    const a = contact('a', { sourceKeys: [skey('k:shared')] });
    const b = contact('b', { sourceKeys: [skey('k:shared')] });
    indexContact(index, undefined, a);
    expect(index.contactsBySource.get(skey('k:shared'))).toBe('a');
    indexContact(index, undefined, b);
    expect(index.contactsBySource.get(skey('k:shared'))).toEqual(['a', 'b']);
    indexContact(index, a, null);
    expect(index.contactsBySource.get(skey('k:shared'))).toBe('b');
    expect(idsAt(index.contactsBySource, skey('k:shared'))).toEqual(['b']);
    indexContact(index, b, null);
    expect(index.contactsBySource.has(skey('k:shared'))).toBe(false);
    expect(idsAt(index.contactsBySource, skey('k:shared'))).toEqual([]);
  });

  it('adds an id once however often it is noted', () => {
    const map = new Map<string, KeyIds<string>>();
    addId(map, ['k', 'k'], 'x');
    addId(map, ['k'], 'x');
    expect(map.get('k')).toBe('x');
    addId(map, ['k'], 'y');
    addId(map, ['k'], 'y');
    expect(map.get('k')).toEqual(['x', 'y']);
  });
});

describe('key index links and states', () => {
  it('keeps one link as itself and several as a list, and the sweep reads both as lists', () => {
    const index = emptyKeyIndex();
    const one = contact('one');
    const two = contact('two', { sourceKeys: [skey('c:two-a'), skey('c:two-b')] });
    const detached = contact('detached', { sourceKeys: [] });
    for (const record of [one, two, detached]) indexContact(index, undefined, record);
    expect(index.contactLinks.get(lcid('one'))).toEqual(['c:one', 'client-of-one']);
    expect(linksAt(index.contactLinks.get(lcid('one')) ?? [])).toEqual([['c:one', 'client-of-one']]);
    expect(new Map(new LiveKeyIndex(index).contactLinks())).toEqual(
      new Map([
        [lcid('one'), [['c:one', 'client-of-one']]],
        [
          lcid('two'),
          [
            ['c:two-a', 'client-of-two'],
            ['c:two-b', 'client-of-two'],
          ],
        ],
      ]),
    );
    // A contact sync never updates keeps no links; a removed one loses them.
    indexContact(index, one, null);
    expect([...index.contactLinks.keys()]).toEqual([lcid('two')]);
  });

  it('shares one frozen copy of the zero counts and of the empty reasons, and keeps any other as given', () => {
    const index = emptyKeyIndex();
    const counts = { ...NO_COUNTS, contactsRejected: 2 };
    indexSourceState(index, xcid('x1'), { hash: 'h1', counts: { ...NO_COUNTS }, imported: [], reasons: {} });
    indexSourceState(index, xcid('x2'), { hash: 'h2', counts: { ...NO_COUNTS }, imported: [], reasons: {} });
    indexSourceState(index, xcid('x3'), { hash: 'h3', counts, imported: [], reasons: { 'skip:email-invalid': 2 } });
    const [x1, x2, x3] = ['x1', 'x2', 'x3'].map((id) => index.clientStates.get(xcid(id)));
    expect(x1?.counts).toBe(x2?.counts);
    expect(x1?.reasons).toBe(x2?.reasons);
    expect(Object.isFrozen(x1?.counts)).toBe(true);
    expect(x1?.counts).toEqual(NO_COUNTS);
    expect(x3?.counts).toEqual(counts);
    expect(x3?.reasons).toEqual({ 'skip:email-invalid': 2 });
  });
});

describe('key index string pool', () => {
  // A Map holds one entry per distinct value, so this checks what the pool holds (each id and source key,
  // nothing else), not that the maps share its strings: JavaScript cannot observe that; the README's
  // memory figures measure it.
  it('holds each id and source key once, however many maps and links name it', () => {
    const index = emptyKeyIndex();
    for (let c = 0; c < CLIENTS; c++) {
      const id = `client-${c}`;
      indexClient(index, undefined, client(id));
      indexSourceState(index, xcid(id), {
        hash: `h${c}`,
        counts: NO_COUNTS,
        imported: [skey(`k:${id}`)],
      });
      for (let p = 0; p < CONTACTS_PER_CLIENT; p++) {
        const person = contact(`p-${c}-${p}`);
        // Each contact links to its client under the client's own XPM id, as a synced contact does.
        indexContact(index, undefined, {
          ...person,
          links: person.links.map((link) => ({ ...link, clientId: xcid(id) })),
        });
      }
    }
    const contacts = CLIENTS * CONTACTS_PER_CLIENT;
    // Per client: its id (local and XPM ids are equal here) and its own source key; per contact: its
    // id and its source key. The clients' ids named again by links and source states add nothing.
    expect(index.strings.size).toBe(CLIENTS * 2 + contacts * 2);
    expect(pooledId(index, lcid('p-0-0'))).toBe('p-0-0');
    expect(pooledId(index, lcid('never-indexed'))).toBe('never-indexed');
  });

  it('is emptied with the maps', () => {
    const index = emptyKeyIndex();
    indexClient(index, undefined, client('x'));
    clearKeyIndex(index);
    expect([index.strings.size, index.clientsByXpmId.size, index.clientsByCode.size]).toEqual([0, 0, 0]);
  });
});
