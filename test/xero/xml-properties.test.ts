/**
 * Property tests for the XML readers (reliability.md PT-1, PT-2, XM-6; QUALITY.md reliability 11).
 */
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors';
import type { AppErrorCode } from '../../src/domain/errors';
import { createClientListReader } from '../../src/xero/client-list-reader';
import { createStaffListReader } from '../../src/xero/staff-list-reader';
import type { XpmClient, XpmContact, XpmRef, XpmStaffRef } from '../../src/xero/types';
import { xpmClientKey, xpmContactKey, xpmStaffKey } from '../../src/domain/ids';
import { parseClientListXml } from '../../src/xero/xpm-read';
import {
  CLIENT_ELEMENTS,
  anyValue,
  clientArb,
  cutsArb,
  escapedValue,
  hostileText,
  plainValue,
  splitAt,
} from './support/arbitraries';
import { prototypeUntouched } from './support/responses';
import { clientListXml, xmlLegal, EMPTY_CLIENT } from './support/xml-writer';
import type { WriteOptions } from './support/xml-writer';

/** Enough cases to cover the generators' corners on every run; CI can raise it with FC_NUM_RUNS. */
const RUNS = Number(process.env['FC_NUM_RUNS'] ?? 200);

function readInPieces(pieces: readonly string[]): XpmClient[] {
  const clients: XpmClient[] = [];
  const reader = createClientListReader((c) => clients.push(c));
  for (const piece of pieces) reader.write(piece);
  reader.end();
  return clients;
}

/** Element names to leave out: only those whose value is empty, so a missing element must read as ''. */
function omittable(client: XpmClient): Set<string> {
  const omit = new Set<string>();
  if (client.email === '') omit.add('Email');
  if (client.clientCode === '') omit.add('ClientCode');
  if (!client.isProspect) omit.add('IsProspect');
  if (client.contacts.length === 0) omit.add('Contacts');
  if (client.groups.length === 0) omit.add('Groups');
  return omit;
}

const writeOptionsArb: fc.Arbitrary<{ order: string[]; omitEmpty: boolean }> = fc.record({
  order: fc.shuffledSubarray([...CLIENT_ELEMENTS], { minLength: CLIENT_ELEMENTS.length }),
  omitEmpty: fc.boolean(),
});

function documentOf(clients: readonly XpmClient[], options: { order: string[]; omitEmpty: boolean }): string {
  // One omission set for the whole list keeps the writer simple; it is the union of safe omissions.
  const omit =
    options.omitEmpty && clients.length > 0
      ? clients.map(omittable).reduce((a, b) => {
          for (const x of a) if (!b.has(x)) a.delete(x);
          return a;
        })
      : new Set<string>();
  const write: WriteOptions = { order: options.order, omit };
  return clientListXml(clients, write);
}

describe('round trip', () => {
  it('parses any serialised client list back to the same records, in any field order', () => {
    fc.assert(
      fc.property(fc.array(clientArb(), { maxLength: 4 }), writeOptionsArb, (clients, options) => {
        expect(parseClientListXml(documentOf(clients, options))).toEqual(clients);
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps identifiers and phone strings exactly (leading zeros, exponents, long digit strings)', () => {
    const digits = fc.oneof(
      fc.stringMatching(/^0\d{1,25}$/),
      fc.bigInt({ min: 2n ** 53n, max: 10n ** 30n }).map(String),
      fc.constantFrom('1E5', '0x1F', '007', '-0', '1.50', '+61 412 345 678'),
    );
    fc.assert(
      fc.property(clientArb(), digits, digits, digits, (base, phone, code, abn) => {
        const client: XpmClient = { ...base, phone, exportCode: code, businessNumber: abn, postCode: code };
        const [read] = parseClientListXml(clientListXml([client]));
        expect(read?.phone).toBe(phone);
        expect(read?.exportCode).toBe(code);
        expect(read?.businessNumber).toBe(abn);
        expect(read?.postCode).toBe(code);
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps long values of up to 20,000 characters', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1000, maxLength: 20_000 }).map(xmlLegal),
        anyValue,
        (long, other) => {
          const client = emptyClientWith(long, other);
          expect(parseClientListXml(clientListXml([client]))).toEqual([client]);
        },
      ),
      { numRuns: 20 },
    );
  });
});

function emptyClientWith(name: string, notes: string): XpmClient {
  return { ...EMPTY_CLIENT, uuid: 'u', name, title: notes, address: name };
}

describe('chunking', () => {
  it('yields the same records however the document is split into chunks', () => {
    fc.assert(
      fc.property(
        fc.array(clientArb(), { minLength: 1, maxLength: 3 }).chain((clients) => {
          const xml = clientListXml(clients);
          return fc.tuple(fc.constant(clients), fc.constant(xml), cutsArb(xml.length));
        }),
        ([clients, xml, cuts]) => {
          expect(readInPieces(splitAt(xml, cuts))).toEqual(clients);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('gives the same result, record or error, for any split of hostile text', () => {
    fc.assert(
      fc.property(
        hostileText.chain((text) => fc.tuple(fc.constant(text), cutsArb(text.length))),
        ([text, cuts]) => {
          expect(outcome(splitAt(text, cuts))).toEqual(outcome([text]));
        },
      ),
      { numRuns: RUNS },
    );
  });
});

/** Codes that describe the input; 'internal' would mean a defect in the reader. */
const INPUT_CODES: ReadonlySet<AppErrorCode> = new Set<AppErrorCode>([
  'xml/malformed',
  'xml/dtd-forbidden',
  'xml/forbidden-name',
  'xml/too-deep',
  'xpm/api-error',
  'xpm/unexpected-content',
]);

function outcome(pieces: readonly string[]): { clients: XpmClient[] } | { code: AppErrorCode } {
  try {
    return { clients: readInPieces(pieces) };
  } catch (error) {
    if (error instanceof AppError) return { code: error.code };
    throw error;
  }
}

describe('hostile input', () => {
  it('never throws anything but an AppError describing the input, and never touches Object.prototype', () => {
    fc.assert(
      fc.property(hostileText, fc.boolean(), (text, staff) => {
        try {
          if (staff) {
            const reader = createStaffListReader(() => undefined);
            reader.write(text);
            reader.end();
          } else {
            readInPieces([text]);
          }
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect(INPUT_CODES.has((error as AppError).code)).toBe(true);
        }
        expect(prototypeUntouched()).toBe(true);
      }),
      { numRuns: RUNS * 5 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Differential: fast-xml-parser, configured safely (toolchain.md §4, reliability.md XM-2), must read
// the same field values from the same generated documents.

interface FxpNode {
  readonly [name: string]: unknown;
}

const isArray = (name: string): boolean => name === 'Client' || name === 'Contact' || name === 'Group';

function fxpText(node: FxpNode, name: string): string {
  const value = node[name];
  return typeof value === 'string' ? value : '';
}

function fxpFlag(node: FxpNode, name: string): boolean {
  return fxpText(node, name).trim().toLowerCase() === 'yes';
}

function fxpList(node: FxpNode, container: string, item: string): FxpNode[] {
  const holder = node[container];
  if (typeof holder !== 'object' || holder === null) return [];
  const items = (holder as FxpNode)[item];
  return Array.isArray(items) ? (items as FxpNode[]) : [];
}

function fxpRef(node: FxpNode): XpmRef {
  return { uuid: fxpText(node, 'UUID'), numericId: fxpText(node, 'ID'), name: fxpText(node, 'Name') };
}

function fxpOptionalRef(node: FxpNode, name: string): XpmStaffRef | null {
  const value = node[name];
  if (typeof value !== 'object' || value === null) return null;
  const ref = fxpRef(value as FxpNode);
  return ref.uuid === '' && ref.numericId === '' && ref.name === ''
    ? null
    : { ...ref, key: xpmStaffKey(ref.uuid, ref.numericId) };
}

function fxpContact(node: FxpNode): XpmContact {
  return {
    key: xpmContactKey(fxpText(node, 'UUID'), fxpText(node, 'ID')),
    uuid: fxpText(node, 'UUID'),
    numericId: fxpText(node, 'ID'),
    name: fxpText(node, 'Name'),
    salutation: fxpText(node, 'Salutation'),
    addressee: fxpText(node, 'Addressee'),
    mobile: fxpText(node, 'Mobile'),
    email: fxpText(node, 'Email'),
    phone: fxpText(node, 'Phone'),
    position: fxpText(node, 'Position'),
    isPrimary: fxpFlag(node, 'IsPrimary'),
    isDeleted: fxpFlag(node, 'IsDeleted'),
  };
}

function fxpClient(node: FxpNode): XpmClient {
  return {
    key: xpmClientKey(fxpText(node, 'UUID'), fxpText(node, 'ID')),
    uuid: fxpText(node, 'UUID'),
    numericId: fxpText(node, 'ID'),
    name: fxpText(node, 'Name'),
    title: fxpText(node, 'Title'),
    firstName: fxpText(node, 'FirstName'),
    lastName: fxpText(node, 'LastName'),
    email: fxpText(node, 'Email'),
    phone: fxpText(node, 'Phone'),
    fax: fxpText(node, 'Fax'),
    website: fxpText(node, 'Website'),
    address: fxpText(node, 'Address'),
    city: fxpText(node, 'City'),
    region: fxpText(node, 'Region'),
    postCode: fxpText(node, 'PostCode'),
    country: fxpText(node, 'Country'),
    postalAddress: fxpText(node, 'PostalAddress'),
    postalCity: fxpText(node, 'PostalCity'),
    postalRegion: fxpText(node, 'PostalRegion'),
    postalPostCode: fxpText(node, 'PostalPostCode'),
    postalCountry: fxpText(node, 'PostalCountry'),
    clientCode: fxpText(node, 'ClientCode'),
    exportCode: fxpText(node, 'ExportCode'),
    businessNumber: fxpText(node, 'BusinessNumber'),
    businessStructure: fxpText(node, 'BusinessStructure'),
    isArchived: fxpFlag(node, 'IsArchived'),
    isDeleted: fxpFlag(node, 'IsDeleted'),
    isProspect: fxpFlag(node, 'IsProspect'),
    accountManager: fxpOptionalRef(node, 'AccountManager'),
    jobManager: fxpOptionalRef(node, 'JobManager'),
    groups: fxpList(node, 'Groups', 'Group').map(fxpRef),
    contacts: fxpList(node, 'Contacts', 'Contact').map(fxpContact),
  };
}

function fxpClients(xml: string, processEntities: boolean): XpmClient[] {
  const parser = new XMLParser({
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities,
    htmlEntities: false,
    trimValues: false,
    ignoreAttributes: true,
    isArray,
  });
  const root = parser.parse(xml, true) as FxpNode;
  const response = root['Response'] as FxpNode;
  return fxpList(response, 'Clients', 'Client').map(fxpClient);
}

describe('differential against fast-xml-parser', () => {
  it('reads the same values from plain documents (no entities)', () => {
    fc.assert(
      fc.property(fc.array(clientArb(plainValue), { maxLength: 4 }), writeOptionsArb, (clients, options) => {
        const xml = documentOf(clients, options);
        expect(parseClientListXml(xml)).toEqual(fxpClients(xml, false));
      }),
      { numRuns: RUNS },
    );
  });

  it('reads the same values from documents with escaped markup characters', () => {
    fc.assert(
      fc.property(fc.array(clientArb(escapedValue), { maxLength: 4 }), (clients) => {
        const xml = clientListXml(clients);
        expect(parseClientListXml(xml)).toEqual(fxpClients(xml, true));
      }),
      { numRuns: RUNS },
    );
  });
});
