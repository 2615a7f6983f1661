/**
 * Bodies for the content faults: what a broken upstream, a hostile one or a gateway in between might
 * send instead of XPM's XML (reliability.md §10 rows 1, 2, 4, 5, 6, 8).
 */
import type { ApiShape } from '../xpm/api-shape';
import type { Practice } from '../context';
import { statusText } from '../http';
import { utf8 } from '../xpm/body-stream';
import { SERVICE_NOT_AVAILABLE, problemResponse } from '../xpm/problems';
import type { ApiMethod } from '../xpm/xml';
import { RESPONSE_CLOSE, responseOpen } from '../xpm/xml';

const SAMPLE_UUID = '00000000-0000-4000-8000-000000000bad';

/** Well-formed up to one defect: a misspelt end tag, an element never closed, or an extra end tag. */
export function malformedXml(method: ApiMethod, variant: 'mismatched' | 'unclosed' | 'stray-close'): string {
  const head = `${responseOpen(method)}<Clients><Client><UUID>${SAMPLE_UUID}</UUID>`;
  switch (variant) {
    case 'mismatched':
      return `${head}<Name>Broken Tags Pty Ltd</Nmae></Client></Clients>${RESPONSE_CLOSE}`;
    case 'unclosed':
      return `${head}<Name>Broken Tags Pty Ltd</Name></Clients>${RESPONSE_CLOSE}`;
    case 'stray-close':
      return `${head}<Name>Broken Tags Pty Ltd</Name></Client></Client></Clients>${RESPONSE_CLOSE}`;
  }
}

/** Billion laughs (nested entity expansion) or an external SYSTEM entity; a safe reader refuses the DOCTYPE. */
export function doctypeXml(method: ApiMethod, variant: 'billion-laughs' | 'external-entity'): string {
  if (variant === 'external-entity') {
    return `<?xml version="1.0"?><!DOCTYPE Response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${responseOpen(method)}<Clients><Client><UUID>${SAMPLE_UUID}</UUID><Name>&xxe;</Name></Client></Clients>${RESPONSE_CLOSE}`;
  }
  let entities = '<!ENTITY lol "lol">';
  for (let i = 1; i <= 9; i++) {
    const previous = i === 1 ? 'lol' : `lol${i - 1}`;
    entities += `<!ENTITY lol${i} "${`&${previous};`.repeat(10)}">`;
  }
  return `<?xml version="1.0"?><!DOCTYPE Response [${entities}]>${responseOpen(method)}<Clients><Client><UUID>${SAMPLE_UUID}</UUID><Name>&lol9;</Name></Client></Clients>${RESPONSE_CLOSE}`;
}

/** Element names that pollute prototypes in naive object builders. */
export function protoTagsXml(method: ApiMethod): string {
  return `${responseOpen(method)}<Clients><Client><UUID>${SAMPLE_UUID}</UUID><Name>Prototype Pty Ltd</Name><__proto__><polluted>yes</polluted></__proto__><constructor><prototype><polluted>yes</polluted></prototype></constructor><toString>not a function</toString></Client></Clients>${RESPONSE_CLOSE}`;
}

/** A byte-order mark, declaration and comment before the real body: legal XML a reader must accept. */
export const BOM_DECLARATION_PREFIX = '\uFEFF<?xml version="1.0" encoding="utf-8"?><!-- served by the sandbox -->';

/** A gateway's HTML error page, as nginx in front of an API sends it. */
export function gatewayHtml(status: number, reason: string): string {
  return `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/**
 * The response for a `status` fault (a JSON problem; 503 is Xero's ServiceNotAvailable) or an
 * `html-error` fault (a gateway's HTML page), on any endpoint.
 */
export function errorFaultResponse(
  action: { readonly kind: 'status' | 'html-error'; readonly status: number },
  correlationId: string,
  headers: Record<string, string> = {},
): Response {
  if (action.kind === 'html-error') {
    return new Response(gatewayHtml(action.status, statusText(action.status)), {
      status: action.status,
      statusText: statusText(action.status),
      headers: { 'content-type': 'text/html', 'xero-correlation-id': correlationId },
    });
  }
  const problem =
    action.status === 503
      ? SERVICE_NOT_AVAILABLE
      : { status: action.status, title: statusText(action.status), detail: 'An error occurred' };
  return problemResponse(problem, correlationId, headers);
}

/**
 * A well-formed detailed list of at least `bytes`: the practice's clients repeated (with repeated
 * UUIDs — it only has to be big). Streamed from cached fragments, so it costs no memory.
 */
export function* oversizeParts(
  practice: Practice,
  method: ApiMethod,
  shape: ApiShape,
  bytes: number,
): Generator<Uint8Array> {
  const head = utf8(`${responseOpen(method)}<Clients>`);
  yield head;
  let sent = head.byteLength;
  const clients = practice.store.listClients();
  const filler = utf8(`<Client><UUID>${SAMPLE_UUID}</UUID><Name>${'Filler '.repeat(100)}</Name></Client>`);
  for (let i = 0; sent < bytes; i++) {
    const client = clients[i % Math.max(1, clients.length)];
    const part = client ? practice.fragments.get(client, 'detailed', shape) : filler;
    sent += part.byteLength;
    yield part;
  }
  yield utf8(`</Clients>${RESPONSE_CLOSE}`);
}
