/**
 * The sandbox's own web pages: `/` says what this server is, and `/Client/{uuid or id}/Detail` stands
 * in for the XPM web page a link points at (the app links there from its CSV and contact pages).
 */
import type { SandboxContext } from '../context';
import type { ClientRecord } from '../data/model';
import type { PracticeStore } from '../data/practice-store';
import { escapeHtml as h } from '../http';

const STYLE = `body{font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;max-width:960px;margin:24px auto;padding:0 16px;color:#1e3246;line-height:1.5}
h1{font-size:24px}h2{font-size:18px;margin-top:28px}code{background:#f2f3f4;padding:1px 4px;border-radius:3px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e1e2e5;vertical-align:top}
th{background:#f7f8f9}.flag{display:inline-block;padding:0 6px;border-radius:3px;background:#fff4cc;margin-right:4px}dd{margin:0 0 8px}dt{font-weight:600}
.note{white-space:pre-wrap}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${h(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

export function indexPage(ctx: SandboxContext, origin: string): string {
  const orgs = ctx.organisations
    .map((o) => {
      const size = o.practice
        ? `${ctx.practices.get(o.tenantId)?.store.listClients().length ?? 0} clients`
        : 'no XPM data';
      return `<tr><td>${h(o.tenantName)}</td><td><code>${h(o.tenantType)}</code></td><td><code>${h(o.tenantId)}</code></td><td>${h(size)}</td></tr>`;
    })
    .join('');
  return page(
    'XPM sandbox',
    `<h1>XPM sandbox</h1>
<p>A local simulation of Xero's identity service and the Xero Practice Manager (XPM) API v3.1 (and v3.0's shape), for XPM Contact Sync. No data here is real and nothing is sent to Xero.</p>
<h2>Connecting</h2>
<p>Point the app (through its proxy) at <code>${h(origin)}</code> and press <strong>Connect to Xero Practice Manager</strong>. Sign in with any email and password, tick a practice and choose <strong>Allow access</strong>.</p>
<p>Client id: <code>${h(ctx.settings.clientId)}</code>. Redirect URIs: any <code>http(s)://localhost</code>, <code>127.0.0.1</code> or <code>[::1]</code> address${
      ctx.settings.redirectUris.length > 0
        ? `, and ${ctx.settings.redirectUris.map((u) => `<code>${h(u)}</code>`).join(', ')}`
        : ''
    }.</p>
<h2>Organisations</h2>
<table><thead><tr><th>Name</th><th>Type</th><th>Tenant id</th><th>Data</th></tr></thead><tbody>${orgs}</tbody></table>
<h2>Endpoints</h2>
<ul>
<li><code>/identity/connect/authorize</code>, <code>/connect/token</code>, <code>/connect/revocation</code>, <code>/connect/userinfo</code>, <code>/.well-known/openid-configuration</code></li>
<li><code>/connections</code>, <code>/connections/{id}</code></li>
<li><code>/practicemanager/3.1/client.api/list</code>, <code>client.api/paged-list</code>, <code>client.api/get/{uuid}</code>, <code>staff.api/list</code>, <code>clientgroup.api/list</code> — answering now in the <strong>${h(ctx.apiShape.current)}</strong> shape</li>
<li>The same under <code>/practicemanager/3.0/</code>, always in the 3.0 shape (integer <code>&lt;ID&gt;</code>s; <code>get/{id}</code>)</li>
</ul>
<p>Test controls are ${ctx.settings.testControls ? 'on: see <code>/__sandbox</code>' : 'off (start with <code>--test-controls</code> to enable them)'}.</p>`,
  );
}

function field(label: string, value: string): string {
  return value === '' ? '' : `<dt>${h(label)}</dt><dd class="note">${h(value)}</dd>`;
}

export function clientPage(store: PracticeStore, client: ClientRecord): string {
  const flags = [
    client.isArchived && 'Archived',
    client.isDeleted && 'Deleted',
    client.isProspect && 'Prospect',
  ].filter((f): f is string => typeof f === 'string');
  const contacts = client.contacts
    .map((link) => {
      const c = store.getContact(link.contactUuid);
      if (!c) return '';
      return `<tr><td>${c.name.trim() === '' ? '<em>(no name)</em>' : h(c.name)}${c.isDeleted ? ' <span class="flag">Deleted</span>' : ''}${link.isPrimary ? ' <span class="flag">Primary</span>' : ''}</td><td>${h(link.position)}</td><td>${h(c.email)}</td><td>${h(c.mobile)}</td><td>${h(c.phone)}</td></tr>`;
    })
    .join('');
  const groups = client.groupUuids.map((g) => store.getGroup(g)?.name ?? '').filter((n) => n !== '');
  return page(
    `${client.name} | XPM sandbox`,
    `<p><a href="/">XPM sandbox</a> · ${h(store.tenantName)}</p>
<h1>${h(client.name)} ${flags.map((f) => `<span class="flag">${h(f)}</span>`).join('')}</h1>
<dl>
${field('Client code', client.clientCode)}${field('Export code', client.exportCode)}${field('Business structure', client.tax?.businessStructure ?? '')}
${field('Email', client.email)}${field('Phone', client.phone)}${field('Address', [client.address, client.city, client.region, client.postCode, client.country].filter((x) => x !== '').join(', '))}
${field('Postal address', [client.postalAddress, client.postalCity, client.postalRegion, client.postalPostCode, client.postalCountry].filter((x) => x !== '').join(', '))}
${field('Partner (account manager)', client.accountManager?.name ?? '')}${field('Manager (job manager)', client.jobManager?.name ?? '')}
${field('Groups', groups.join(', '))}${field('Last modified', new Date(client.modifiedAt).toISOString())}
</dl>
<h2>Contacts</h2>
${contacts === '' ? '<p>No contacts.</p>' : `<table><thead><tr><th>Name</th><th>Position</th><th>Email</th><th>Mobile</th><th>Phone</th></tr></thead><tbody>${contacts}</tbody></table>`}
<h2>Notes</h2>
${client.notes.length === 0 ? '<p>No notes.</p>' : client.notes.map((n) => `<h3>${h(n.title)}</h3><p class="note">${h(n.text)}</p>`).join('')}`,
  );
}

export function notFoundPage(): string {
  return page(
    'Not found | XPM sandbox',
    '<h1>Not found</h1><p>There is no such page in the sandbox. <a href="/">Start here</a>.</p>',
  );
}
