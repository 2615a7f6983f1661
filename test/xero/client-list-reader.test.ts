import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors';
import { createClientListReader } from '../../src/xero/client-list-reader';
import { parseClientListXml } from '../../src/xero/xpm-read';
import type { XpmClient } from '../../src/xero/types';
import { EMPTY_CLIENT, EMPTY_CONTACT } from './support/xml-writer';
import { fixture } from './support/responses';
import { xcid, xkid, xsid } from '../support/ids';

const list = (clients: string): string =>
  `<Response api-method="List"><Status>OK</Status><Clients>${clients}</Clients></Response>`;

function only(xml: string): XpmClient {
  const clients = parseClientListXml(xml);
  expect(clients).toHaveLength(1);
  const [client] = clients;
  if (client === undefined) throw new Error('no client');
  return client;
}

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('client list reader: XPM shapes', () => {
  it('reads the detailed single-line list exactly, field by field', () => {
    const clients = parseClientListXml(fixture('client-list-detailed.xml'));
    expect(clients).toHaveLength(2);
    expect(clients[0]).toEqual<XpmClient>({
      ...EMPTY_CLIENT,
      key: xcid('5b1f2c3a-8d4e-4f60-9a71-2c3d4e5f6a7b'),
      uuid: '5b1f2c3a-8d4e-4f60-9a71-2c3d4e5f6a7b',
      numericId: '',
      name: 'Harbour View Trust',
      email: 'accounts@harbourview.example',
      address: '12 Quay Street',
      city: 'Auckland',
      postCode: '0800',
      country: 'New Zealand',
      postalAddress: 'PO Box 100\nShortland Street',
      postalCity: 'Auckland',
      postalPostCode: '1140',
      postalCountry: 'New Zealand',
      phone: '0412345678',
      fax: '0x1F',
      website: 'https://harbourview.example',
      exportCode: '007',
      clientCode: '1E5',
      businessNumber: '9007199254740993',
      businessStructure: 'Trust',
      accountManager: {
        key: xsid('dc48df15-1a5c-4675-9d82-4ca54e2c6e86'),
        uuid: 'dc48df15-1a5c-4675-9d82-4ca54e2c6e86',
        numericId: '',
        name: 'Jo Bloggs',
      },
      jobManager: {
        key: xsid('98466a19-16df-4ded-b657-0a80ef9a2094'),
        uuid: '98466a19-16df-4ded-b657-0a80ef9a2094',
        numericId: '',
        name: 'John Smith',
      },
      groups: [{ uuid: '0dd913a9-6c7b-4060-ac4b-6ff7b41bd233', numericId: '', name: 'Benecke Family' }],
      contacts: [
        {
          key: xkid('10e45ad9-cd3f-42b9-9e7e-056e47c0c109'),
          uuid: '10e45ad9-cd3f-42b9-9e7e-056e47c0c109',
          numericId: '',
          name: 'Samantha Benecke',
          salutation: 'Sam',
          addressee: 'Mrs S Benecke',
          mobile: '021 555 0199',
          email: 'sam@harbourview.example',
          phone: '',
          position: 'Trustee',
          isPrimary: true,
          isDeleted: false,
        },
        {
          key: xkid('3c9a1f70-2b6d-4e8a-9f01-6d7e8f9a0b1c'),
          uuid: '3c9a1f70-2b6d-4e8a-9f01-6d7e8f9a0b1c',
          numericId: '',
          name: 'Old Contact',
          salutation: '',
          addressee: '',
          mobile: '0411 111 111 (Leanne)',
          email: 'old@harbourview.example',
          phone: '09 555 0100',
          position: '0',
          isPrimary: false,
          isDeleted: true,
        },
      ],
    });
  });

  it('keeps numeric-looking values as the exact strings XPM sent', () => {
    const [client] = parseClientListXml(fixture('client-list-detailed.xml'));
    expect(client?.phone).toBe('0412345678');
    expect(client?.exportCode).toBe('007');
    expect(client?.clientCode).toBe('1E5');
    expect(client?.fax).toBe('0x1F');
    expect(client?.businessNumber).toBe('9007199254740993');
    expect(client?.postCode).toBe('0800');
  });

  it('does not confuse BillingClient or Relationships/RelatedClient with the client itself', () => {
    const clients = parseClientListXml(fixture('client-list-detailed.xml'));
    // Client 1's RelatedClient is client 2; client 2's BillingClient is client 1.
    expect(clients.map((c) => c.uuid)).toEqual([
      '5b1f2c3a-8d4e-4f60-9a71-2c3d4e5f6a7b',
      '9e023415-b173-4375-b8d5-4220b5a6b294',
    ]);
    expect(clients.map((c) => c.name)).toEqual(['Harbour View Trust', 'A. Dutchess']);
    expect(clients[1]?.accountManager).toBeNull();
  });

  it('gives "" for an omitted client Email, null for absent references and [] for empty collections', () => {
    const [, dutchess] = parseClientListXml(fixture('client-list-detailed.xml'));
    expect(dutchess).toEqual<XpmClient>({
      ...EMPTY_CLIENT,
      key: xcid('9e023415-b173-4375-b8d5-4220b5a6b294'),
      uuid: '9e023415-b173-4375-b8d5-4220b5a6b294',
      numericId: '',
      name: 'A. Dutchess',
      postalAddress: 'P O Box 123',
      postalCity: 'Wellington',
      postalPostCode: '6011',
      isArchived: true,
    });
  });

  it('reads an empty list, self-closing or not', () => {
    expect(parseClientListXml(fixture('client-list-empty.xml'))).toEqual([]);
    expect(parseClientListXml(list(''))).toEqual([]);
  });

  it('reads a single-client list', () => {
    expect(parseClientListXml(fixture('client-list-single.xml'))).toEqual([
      {
        ...EMPTY_CLIENT,
        key: xcid('2a7c9e1b-3d5f-4a6b-8c7d-9e0f1a2b3c4d'),
        uuid: '2a7c9e1b-3d5f-4a6b-8c7d-9e0f1a2b3c4d',
        numericId: '',
        name: 'Solo Client Ltd',
        email: 'solo@example.com',
        phone: '02 9999 0000',
      },
    ]);
  });

  it('reads the client.api/get shape, with WebUrl beside the Client', () => {
    const clients: XpmClient[] = [];
    const reader = createClientListReader((c) => clients.push(c));
    reader.write(fixture('client-get.xml'));
    const summary = reader.end();
    expect(summary).toEqual({
      apiMethod: 'Get',
      webUrl: 'https://practicemanager.xero.com/Client/123/Detail',
      count: 1,
    });
    expect(clients[0]?.uuid).toBe('5b1f2c3a-8d4e-4f60-9a71-2c3d4e5f6a7b');
    expect(clients[0]?.contacts).toHaveLength(2);
  });

  it('reads the pretty-printed document with BOM, declaration, comments, a PI, CDATA and references', () => {
    const client = only(fixture('client-list-pretty.xml'));
    expect(client.postalAddress).toBe('PO Box 100\nShortland Street');
    expect(client.businessStructure).toBe('Trust & <Partnership> ]]> ');
    expect(client.contacts).toEqual([
      {
        ...EMPTY_CONTACT,
        key: xkid('10e45ad9-cd3f-42b9-9e7e-056e47c0c109'),
        uuid: '10e45ad9-cd3f-42b9-9e7e-056e47c0c109',
        numericId: '',
        name: 'Samantha & Co \u2013 Benecke',
        mobile: '021 555 0199',
        email: 'sam@harbourview.example',
        isPrimary: true,
      },
    ]);
    expect(client.accountManager).toEqual({
      key: 'dc48df15-1a5c-4675-9d82-4ca54e2c6e86',
      uuid: 'dc48df15-1a5c-4675-9d82-4ca54e2c6e86',
      numericId: '',
      name: 'Jo Bloggs',
    });
  });

  it('reports the api-method and the number of clients handed out', () => {
    const seen: string[] = [];
    const reader = createClientListReader((c) => seen.push(c.uuid));
    reader.write(fixture('client-list-detailed.xml'));
    expect(reader.end()).toEqual({ apiMethod: 'List', webUrl: '', count: 2 });
    expect(seen).toHaveLength(2);
  });

  it('hands each client out while the document is still arriving', () => {
    const seen: string[] = [];
    const reader = createClientListReader((c) => seen.push(c.name));
    reader.write('<Response><Status>OK</Status><Clients><Client><Name>First</Name></Client>');
    expect(seen).toEqual(['First']);
    reader.write('<Client><Name>Second</Name></Cli');
    expect(seen).toEqual(['First']);
    reader.write('ent></Clients></Response>');
    expect(seen).toEqual(['First', 'Second']);
    expect(reader.end().count).toBe(2);
  });
});

describe('client list reader: values', () => {
  it('never trims values and keeps white space inside them', () => {
    const client = only(list('<Client><Name>  Two  Spaces \t</Name><Phone>\n0412 345 678\n</Phone></Client>'));
    expect(client.name).toBe('  Two  Spaces \t');
    expect(client.phone).toBe('\n0412 345 678\n');
  });

  it('decodes the predefined entities and numeric character references', () => {
    const client = only(
      list('<Client><Name>&lt;A&amp;B&gt; &quot;q&quot; &apos;s&apos; &#65;&#x1F600;</Name></Client>'),
    );
    expect(client.name).toBe('<A&B> "q" \'s\' A\u{1F600}');
  });

  it('treats only Yes (any case, padded) as true', () => {
    const flags = (value: string): boolean =>
      only(list(`<Client><IsArchived>${value}</IsArchived></Client>`)).isArchived;
    expect(['Yes', 'YES', 'yes', ' yEs\n', '\tYes  '].map(flags)).toEqual([true, true, true, true, true]);
    expect(['No', '', 'Y', 'true', '1', 'Yes please', 'Ye s'].map(flags)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('ignores unknown elements, including unknown nested ones', () => {
    const client = only(
      list(
        '<Client><Future>x</Future><UUID>u1</UUID><Deep><Name>not the name</Name><UUID>no</UUID></Deep><Name>Real</Name></Client>',
      ),
    );
    expect(client).toEqual({ ...EMPTY_CLIENT, uuid: 'u1', name: 'Real' });
  });

  it('parses by element name, whatever the order', () => {
    const client = only(
      list(
        '<Client><Contacts /><IsDeleted>Yes</IsDeleted><Name>N</Name><JobManager><Name>M</Name><UUID>m1</UUID></JobManager><UUID>u</UUID></Client>',
      ),
    );
    expect(client).toEqual({
      ...EMPTY_CLIENT,
      uuid: 'u',
      name: 'N',
      isDeleted: true,
      // 'm1' and 'u' are not UUIDs and there is no integer ID: no identity (M11).
      jobManager: { key: null, uuid: 'm1', numericId: '', name: 'M' },
    });
  });

  it('treats a reference without UUID or Name as unset', () => {
    expect(only(list('<Client><AccountManager /></Client>')).accountManager).toBeNull();
    expect(
      only(list('<Client><AccountManager><UUID></UUID><Name></Name></AccountManager></Client>')).accountManager,
    ).toBeNull();
    expect(
      only(list('<Client><AccountManager><Name>Only a name</Name></AccountManager></Client>')).accountManager,
    ).toEqual({ key: null, uuid: '', numericId: '', name: 'Only a name' });
  });

  it('reads a contact with missing fields as empty and not primary', () => {
    const client = only(list('<Client><Contacts><Contact><Name>Just a name</Name></Contact></Contacts></Client>'));
    expect(client.contacts).toEqual([{ ...EMPTY_CONTACT, name: 'Just a name' }]);
  });

  it('keeps contacts and groups in XPM order and separate per client', () => {
    const clients = parseClientListXml(
      list(
        '<Client><UUID>a</UUID><Contacts><Contact><UUID>c1</UUID></Contact><Contact><UUID>c2</UUID></Contact></Contacts>' +
          '<Groups><Group><UUID>g1</UUID><Name>G1</Name></Group><Group><UUID>g2</UUID><Name>G2</Name></Group></Groups></Client>' +
          '<Client><UUID>b</UUID><Contacts><Contact><UUID>c3</UUID></Contact></Contacts></Client>',
      ),
    );
    expect(clients.map((c) => c.contacts.map((x) => x.uuid))).toEqual([['c1', 'c2'], ['c3']]);
    expect(clients.map((c) => c.groups)).toEqual([
      [
        { uuid: 'g1', numericId: '', name: 'G1' },
        { uuid: 'g2', numericId: '', name: 'G2' },
      ],
      [],
    ]);
  });

  it('does not read a Contact, Group or Client found at another place in the tree', () => {
    const clients = parseClientListXml(
      '<Response><Status>OK</Status><Other><Client><UUID>not a client</UUID></Client></Other>' +
        '<Clients><Client><UUID>real</UUID><Notes><Contact><UUID>no</UUID></Contact></Notes>' +
        '<Relationships><Relationship><Group><UUID>no</UUID></Group><RelatedClient><UUID>no</UUID></RelatedClient></Relationship></Relationships>' +
        '<Contacts><Contact><UUID>c</UUID><Client><UUID>no</UUID></Client></Contact></Contacts></Client></Clients></Response>',
    );
    expect(clients).toEqual([{ ...EMPTY_CLIENT, uuid: 'real', contacts: [{ ...EMPTY_CONTACT, uuid: 'c' }] }]);
  });

  it('keeps the first 100,000 characters of a huge field, so it is still seen as too long', () => {
    const huge = 'x'.repeat(5_000_000);
    const client = only(list(`<Client><Name>${huge}</Name><UUID>after</UUID></Client>`));
    expect(client.name).toHaveLength(100_000);
    expect(client.uuid).toBe('after');
  });

  it('returns fresh plain objects with exactly the known keys', () => {
    const [client] = parseClientListXml(fixture('client-list-detailed.xml'));
    expect(Object.getPrototypeOf(client)).toBe(Object.prototype);
    expect(Object.keys(client ?? {}).sort()).toEqual(Object.keys(EMPTY_CLIENT).sort());
    expect(Object.keys(client?.contacts[0] ?? {}).sort()).toEqual(Object.keys(EMPTY_CONTACT).sort());
  });
});

describe('client list reader: envelope errors', () => {
  it('turns HTTP 200 with Status ERROR into xpm/api-error carrying the description', () => {
    let error: unknown;
    try {
      parseClientListXml(fixture('status-error.xml'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('xpm/api-error');
    expect((error as AppError).detail.upstream).toBe('Invalid client identifier');
    expect((error as AppError).message).toContain('Invalid client identifier');
  });

  it('never hands out clients from a Status ERROR document, wherever Status appears', () => {
    const seen: XpmClient[] = [];
    const reader = createClientListReader((c) => seen.push(c));
    expect(() => {
      reader.write('<Response><Clients><Client><UUID>a</UUID></Client></Clients><Status>ERROR</Status>');
      reader.write('<ErrorDescription>Boom</ErrorDescription></Response>');
      reader.end();
    }).toThrow(expect.objectContaining({ code: 'xpm/api-error' }));
    expect(seen).toEqual([]);
  });

  it('hands out clients read before a late Status OK once it arrives', () => {
    const clients = parseClientListXml(
      '<Response><Clients><Client><UUID>a</UUID></Client></Clients><Status>OK</Status></Response>',
    );
    expect(clients.map((c) => c.uuid)).toEqual(['a']);
  });

  it('caps a long error description', () => {
    let error: unknown;
    try {
      parseClientListXml(
        `<Response><Status>ERROR</Status><ErrorDescription>${'e'.repeat(50_000)}</ErrorDescription></Response>`,
      );
    } catch (e) {
      error = e;
    }
    expect((error as AppError).code).toBe('xpm/api-error');
    expect((error as AppError).message.length).toBeLessThan(400);
  });

  it('treats a Status ERROR without a description, or any status but OK, as xpm/api-error', () => {
    expect(codeOf(() => parseClientListXml('<Response><Status>ERROR</Status></Response>'))).toBe('xpm/api-error');
    expect(codeOf(() => parseClientListXml('<Response><Status>Warning</Status><Clients/></Response>'))).toBe(
      'xpm/api-error',
    );
  });

  it('accepts Status OK in any case with padding', () => {
    expect(parseClientListXml('<Response><Status> ok </Status><Clients/></Response>')).toEqual([]);
  });

  it('rejects a document without Status as xml/malformed', () => {
    expect(
      codeOf(() => parseClientListXml('<Response><Clients><Client><UUID>a</UUID></Client></Clients></Response>')),
    ).toBe('xml/malformed');
  });

  it('rejects a root other than Response as xpm/unexpected-content', () => {
    expect(codeOf(() => parseClientListXml('<Clients><Client><UUID>a</UUID></Client></Clients>'))).toBe(
      'xpm/unexpected-content',
    );
    expect(codeOf(() => parseClientListXml('<html><body>502</body></html>'))).toBe('xpm/unexpected-content');
  });

  it('rejects an OK response that holds no client list (for example a staff list)', () => {
    expect(codeOf(() => parseClientListXml(fixture('staff-list.xml')))).toBe('xpm/unexpected-content');
  });
});
