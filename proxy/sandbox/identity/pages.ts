/**
 * The sign-in, consent and error pages. They look like Xero's (a white card on grey, Xero blue)
 * but say plainly that this is a local sandbox. Labels are a stable interface (PRODUCT.md §7):
 * `Email`, `Password`, `Log in`; each organisation's checkbox is labelled with its name; `Allow
 * access`, `Cancel`. No JavaScript: the flow handle travels in a hidden field.
 */
import type { Organisation } from '../data/tenants';
import { escapeHtml } from '../http';

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;background:#f2f3f4;color:#1e3246}
.sandbox{background:#fff4cc;color:#5c4400;text-align:center;padding:8px 12px;font-size:14px;border-bottom:1px solid #f0d36a}
main{max-width:440px;margin:40px auto;padding:0 16px}
.card{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,10,30,.2);padding:32px}
.logo{display:flex;align-items:center;justify-content:center;gap:10px;margin-bottom:20px;font-weight:700;font-size:20px;color:#13b5ea}
.logo span.mark{display:inline-flex;width:40px;height:40px;border-radius:50%;background:#13b5ea;color:#fff;align-items:center;justify-content:center;font-size:22px}
h1{font-size:22px;margin:0 0 16px;text-align:center}
h2{font-size:16px;margin:24px 0 8px}
label{display:block;font-weight:600;margin:16px 0 6px}
input[type=text],input[type=password]{width:100%;padding:10px 12px;border:1px solid #a6a9b0;border-radius:4px;font-size:16px}
input:focus,button:focus{outline:3px solid #0078c8;outline-offset:2px}
button{display:block;width:100%;margin-top:20px;padding:12px;border:0;border-radius:4px;font-size:16px;font-weight:600;cursor:pointer;background:#0078c8;color:#fff}
button.secondary{background:#fff;color:#0078c8;border:1px solid #0078c8;margin-top:10px}
.error{color:#c31b1b;background:#fdecec;border-radius:4px;padding:8px 12px;margin:16px 0 0}
ul.scopes{padding-left:20px;margin:0}
ul.scopes li{margin:6px 0}
fieldset{border:0;padding:0;margin:24px 0 0}
legend{font-size:16px;font-weight:600;padding:0;margin-bottom:4px}
.org{display:flex;align-items:baseline;gap:8px;padding:8px 0;border-bottom:1px solid #e1e2e5}
.org label{display:inline;margin:0;font-weight:500}
.org .kind{margin-left:auto;font-size:13px;color:#59606b}
.muted{color:#59606b;font-size:14px;text-align:center}
`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(
    title,
  )} | Xero sandbox</title><style>${STYLE}</style></head><body><div class="sandbox" role="note">Sandbox: a local simulation of Xero for XPM Contact Sync. Nothing you type here leaves this computer.</div><main><div class="card"><div class="logo" aria-hidden="true"><span class="mark">x</span>xero sandbox</div>${body}</div></main></body></html>`;
}

function errorLine(error: string | null): string {
  return error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '';
}

export function loginPage(flow: string, email: string, error: string | null): string {
  return page(
    'Log in',
    `<h1>Log in</h1>
<form method="post" action="/identity/connect/authorize/login" novalidate>
<input type="hidden" name="flow" value="${escapeHtml(flow)}">
<label for="email">Email</label>
<input type="text" id="email" name="email" inputmode="email" autocomplete="username" autofocus value="${escapeHtml(email)}">
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password">
${errorLine(error)}
<button type="submit">Log in</button>
</form>
<p class="muted">Any email address and password will do.</p>`,
  );
}

export interface ConsentDetails {
  readonly flow: string;
  readonly appName: string;
  readonly email: string;
  readonly scopeLines: readonly string[];
  readonly organisations: readonly Organisation[];
  readonly error: string | null;
}

const TENANT_KIND: Readonly<Record<string, string>> = {
  PRACTICEMANAGER: 'Practice Manager',
  ORGANISATION: 'Accounting',
};

export function consentPage(details: ConsentDetails): string {
  const orgs = details.organisations
    .map((o, i) => {
      const id = `org-${i}`;
      return `<div class="org"><input type="checkbox" id="${id}" name="tenant" value="${escapeHtml(o.tenantId)}"><label for="${id}">${escapeHtml(
        o.tenantName,
      )}</label><span class="kind">${escapeHtml(TENANT_KIND[o.tenantType] ?? o.tenantType)}</span></div>`;
    })
    .join('');
  return page(
    'Allow access',
    `<h1>${escapeHtml(details.appName)} wants to access your Xero data</h1>
<p class="muted">Signed in as ${escapeHtml(details.email)}</p>
<h2>This app will be able to:</h2>
<ul class="scopes">${details.scopeLines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>
<form method="post" action="/identity/connect/authorize/consent">
<input type="hidden" name="flow" value="${escapeHtml(details.flow)}">
<fieldset><legend>Organisations to connect</legend>${orgs}</fieldset>
${errorLine(details.error)}
<button type="submit" name="action" value="allow">Allow access</button>
<button type="submit" name="action" value="cancel" class="secondary">Cancel</button>
</form>`,
  );
}

export function errorPage(title: string, message: string): string {
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p class="muted">Go back to the app and start connecting again.</p>`,
  );
}
