/**
 * Content fingerprints: a client whose XPM content and evaluation context are unchanged since it was
 * last evaluated gives the same records and findings again (evaluation is pure and deterministic), so a
 * run can skip evaluating and writing it. This is what makes a Resync All of an unchanged practice cost
 * little more than reading the response (M6).
 *
 * The hash is cyrb53 (53 bits, two interleaved 32-bit multiply-xor lanes): fast on strings, well
 * spread, and collisions at 53 bits are negligible for the ~10^5 clients of the largest practices
 * (a collision would only mean one client is not re-evaluated until it changes again).
 */
import type { XpmClient, XpmContact, XpmRef, XpmStaffRef } from '../../xero/types';
import type { StaffFields } from '../evaluate/evaluation';
import type { SyncOptions } from '../../domain/settings';

/** Separates fields so that ('ab','c') and ('a','bc') hash differently. */
const FIELD_SEPARATOR = 0x1f;

class Hasher {
  private h1: number;
  private h2: number;

  constructor(seed: number) {
    this.h1 = 0xdeadbeef ^ seed;
    this.h2 = 0x41c6ce57 ^ seed;
  }

  text(value: string): this {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < value.length; i++) {
      const ch = value.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ FIELD_SEPARATOR, 2654435761);
    h2 = Math.imul(h2 ^ FIELD_SEPARATOR, 1597334677);
    this.h1 = h1;
    this.h2 = h2;
    return this;
  }

  flag(value: boolean): this {
    return this.text(value ? '1' : '0');
  }

  digest(): string {
    let h1 = this.h1;
    let h2 = this.h2;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
  }
}

function ref(h: Hasher, value: XpmRef | XpmStaffRef | null): void {
  if (value === null) h.text('\u0000');
  else h.text(value.uuid).text(value.numericId).text(value.name);
}

function contact(h: Hasher, c: XpmContact): void {
  h.text(c.uuid).text(c.numericId).text(c.name).text(c.salutation).text(c.addressee).text(c.mobile);
  h.text(c.email).text(c.phone).text(c.position).flag(c.isPrimary).flag(c.isDeleted);
}

/**
 * The version of what evaluating and storing a client yields, part of every fingerprint: raising it
 * makes the next run evaluate every client it reads once more, so nothing stored by the older rules
 * stays. 2: a rejected client carries no warnings; a contact carries its XPM source's rejections.
 * 3: a client imported before and rejected now carries its own rejections. Raise it too when the
 * reader reads an element differently (a new field, other trimming): a stored hash of an element's
 * text (spanHash) covers the text, not what was read from it, so only this makes such clients read again.
 */
export const EVALUATION_RULES_VERSION = 3;

/**
 * The evaluation context as a seed: the options and every staff member that can be a partner or a
 * manager. A change to either re-evaluates every client once.
 */
export function contextSeed(staff: readonly StaffFields[], options: SyncOptions): number {
  const h = new Hasher(0);
  h.text(String(EVALUATION_RULES_VERSION));
  h.text(options.defaultCountry).text(options.defaultPartnerEmail ?? '\u0000');
  h.flag(options.includeArchived).flag(options.rescueNumbers);
  for (const member of staff) h.text(member.id).text(member.name).text(member.email);
  return Number.parseInt(h.digest(), 36) % 0x7fffffff;
}

/**
 * Marks a hash of an element's text (spanHash), so it never equals a field fingerprint: a stored hash
 * says which kind it is, and only text hashes can recognise a client before it is parsed.
 */
const SPAN_HASH_PREFIX = '~';

/**
 * The hash of a client's element as XPM sent it (client-list-spans.ts), seeded like the fingerprint:
 * equal text under the same options and staff evaluates the same way. Covers every byte, so it also
 * changes with fields the reader does not keep; that only means one more evaluation.
 */
export function spanHash(seed: number, text: string): string {
  // The text comes from TextDecoder, which never yields a lone surrogate (encodeInto would write one as
  // U+FFFD, the same bytes as a real U+FFFD). Hashed as UTF-8 words, not characters: charCodeAt on the strings a browser's decoder makes cost
  // ~15 ns a character in the worker (43 % of a Resync All); the native encoder and a typed array
  // cost a fraction of that.
  if (spanBytes.length < text.length * 3 + 4) spanBytes = new Uint8Array(text.length * 4 + 4);
  const { written } = spanEncoder.encodeInto(text, spanBytes);
  spanBytes.fill(0, written, written + 3); // the last word's unused bytes
  const words = new Int32Array(spanBytes.buffer, 0, (written + 3) >>> 2);
  // Two MurmurHash3 (x86, 32-bit) lanes with their own block constants. Each word is mixed and
  // rotated before it meets the state, so a change in any byte reaches every bit: a multiply-xor
  // alone (the first version) never carried a word's top byte down, and two edits there collided
  // about once in 11,500.
  let h1 = seed ^ 0x9747b28c;
  let h2 = seed ^ 0x5bd1e995;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as number;
    let k1 = Math.imul(word, 0xcc9e2d51);
    k1 = Math.imul((k1 << 15) | (k1 >>> 17), 0x1b873593);
    h1 ^= k1;
    h1 = (Math.imul((h1 << 13) | (h1 >>> 19), 5) + 0xe6546b64) | 0;
    let k2 = Math.imul(word, 0x38b34ae5);
    k2 = Math.imul((k2 << 16) | (k2 >>> 16), 0xa1e38b93);
    h2 ^= k2;
    h2 = (Math.imul((h2 << 17) | (h2 >>> 15), 5) + 0x561ccd1b) | 0;
  }
  h1 = finalMix(h1 ^ written);
  h2 = finalMix(h2 ^ written);
  return SPAN_HASH_PREFIX + (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** MurmurHash3's finaliser: every input bit affects every output bit. */
function finalMix(value: number): number {
  let h = value;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const spanEncoder = new TextEncoder();
/** Reused between calls (one element at a time); grown for the longest element seen. */
let spanBytes = new Uint8Array(64 * 1024);

export function isSpanHash(hash: string): boolean {
  return hash.startsWith(SPAN_HASH_PREFIX);
}

/** Every field of the client the reader gives, its references, groups and contacts, in order. */
export function clientFingerprint(client: XpmClient, seed: number): string {
  const h = new Hasher(seed);
  h.text(client.uuid).text(client.numericId).text(client.name).text(client.title);
  h.text(client.firstName).text(client.lastName).text(client.email).text(client.phone).text(client.fax);
  h.text(client.website).text(client.address).text(client.city).text(client.region).text(client.postCode);
  h.text(client.country).text(client.postalAddress).text(client.postalCity).text(client.postalRegion);
  h.text(client.postalPostCode).text(client.postalCountry).text(client.clientCode).text(client.exportCode);
  h.text(client.businessNumber).text(client.businessStructure);
  h.flag(client.isArchived).flag(client.isDeleted).flag(client.isProspect);
  ref(h, client.accountManager);
  ref(h, client.jobManager);
  h.text(String(client.groups.length));
  for (const group of client.groups) ref(h, group);
  h.text(String(client.contacts.length));
  for (const c of client.contacts) contact(h, c);
  return h.digest();
}
