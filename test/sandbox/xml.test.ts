import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeText } from '../../proxy/sandbox/xpm/xml';
import { connect, makeSandbox, xpmGet } from './helpers';

describe('escapeText', () => {
  it('escapes markup, keeps CR through line-end normalisation and replaces what XML 1.0 forbids', () => {
    expect(escapeText('a & b < c > d "e" \'f\'')).toBe('a &amp; b &lt; c &gt; d "e" \'f\'');
    expect(escapeText('line1\r\nline2\tx')).toBe('line1&#xD;\nline2\tx');
    expect(escapeText('nul\u0000 bell\u0007 ff\u000C')).toBe('nul\uFFFD bell\uFFFD ff\uFFFD');
    expect(escapeText('lone \uD800 high, lone \uDC00 low, pair \uD83D\uDE00')).toBe(
      'lone \uFFFD high, lone \uFFFD low, pair \uD83D\uDE00',
    );
    expect(escapeText('\uFFFE\uFFFF')).toBe('\uFFFD\uFFFD');
    expect(escapeText('plain text')).toBe('plain text');
  });
});

describe('hostile values stay well-formed and round-trip', () => {
  it('serves a client edited with every awkward string as valid XML with the same text', async () => {
    const sandbox = makeSandbox({ clients: 20 });
    const { tokens, tenantId } = await connect(sandbox);
    const client = sandbox.state.mainPractice.store.listClients()[0];
    const values = {
      name: 'A <B> & "C" \'D\' ]]> <![CDATA[x]]> &amp;',
      phone: '=HYPERLINK("http://example.com","x")',
      fax: '\u202Eevil\u202C \u200B zero-width 👩‍👩‍👧 ＝1+1',
      postalAddress: 'Line 1\r\nLine 2\nLine 3',
      website: 'ctrl\u0001chars\u001F',
      referralSource: 'x'.repeat(5000),
    };
    sandbox.controls.mutate({ op: 'editClient', uuid: client?.uuid, fields: values });
    const xml = await (
      await xpmGet(sandbox, `client.api/get/${client?.uuid ?? ''}`, tokens.access_token, tenantId)
    ).text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({
      parseTagValue: false,
      ignoreAttributes: false,
      htmlEntities: true,
      trimValues: false,
    }).parse(xml) as {
      Response: { Client: Record<string, unknown> };
    };
    const c = parsed.Response.Client;
    expect(c.Name).toBe(values.name);
    expect(c.Phone).toBe(values.phone);
    expect(c.Fax).toBe(values.fax);
    expect(c.PostalAddress).toBe(values.postalAddress);
    expect(c.Website).toBe('ctrl\uFFFDchars\uFFFD');
    expect(c.ReferralSource).toBe(values.referralSource);
  });

  it('keeps identifier-like strings as text (leading zeros, 1E5, long digit runs)', async () => {
    const sandbox = makeSandbox({ clients: 5 });
    const { tokens, tenantId } = await connect(sandbox);
    const client = sandbox.state.mainPractice.store.listClients()[0];
    sandbox.controls.mutate({
      op: 'editClient',
      uuid: client?.uuid,
      fields: { clientCode: '007', exportCode: '1E5', postCode: '0800', phone: '9007199254740993' },
    });
    const xml = await (
      await xpmGet(sandbox, `client.api/get/${client?.uuid ?? ''}`, tokens.access_token, tenantId)
    ).text();
    for (const text of [
      '<ClientCode>007</ClientCode>',
      '<ExportCode>1E5</ExportCode>',
      '<PostCode>0800</PostCode>',
      '<Phone>9007199254740993</Phone>',
    ]) {
      expect(xml).toContain(text);
    }
  });
});
