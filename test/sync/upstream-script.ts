/** A scripted XPM upstream for engine tests: responses per path, queued or default, and a request log. */
import type { HttpPort, TokenSource } from '../../src/sync/ports';

export type Responder = (request: Request) => Response | Promise<Response>;

export class ScriptedUpstream implements HttpPort {
  readonly requests: Request[] = [];
  private readonly queues = new Map<string, Responder[]>();
  private readonly defaults = new Map<string, Responder>();

  /** The responder used when nothing is queued for the path (e.g. 'client.api/list'). */
  on(path: string, responder: Responder): this {
    this.defaults.set(path, responder);
    return this;
  }

  /** Responders used once each, in order, before the default. */
  queue(path: string, ...responders: Responder[]): this {
    this.queues.set(path, [...(this.queues.get(path) ?? []), ...responders]);
    return this;
  }

  async fetch(request: Request): Promise<Response> {
    this.requests.push(request);
    const path = new URL(request.url).pathname.replace(/^.*\/xpm\/3\.1\//, '');
    const next = this.queues.get(path)?.shift() ?? this.defaults.get(path);
    if (!next) throw new Error(`unexpected request to ${path}`);
    return next(request);
  }

  count(path: string): number {
    return this.requests.filter((r) => new URL(r.url).pathname.endsWith(path)).length;
  }
}

export const SERVER_DATE = 'Tue, 24 Nov 2026 03:00:00 GMT';

export function xml(body: string, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(body, {
    status: init.status ?? 200,
    headers: {
      'content-type': 'text/xml; charset=utf-8',
      date: SERVER_DATE,
      'x-daylimit-remaining': '4990',
      ...init.headers,
    },
  });
}

export function status(code: number, headers: Record<string, string> = {}, body: string | null = null): Response {
  return new Response(body, { status: code, headers: { date: SERVER_DATE, ...headers } });
}

export function problem(code: number, detail: string): Response {
  return new Response(
    JSON.stringify({ Type: null, Title: 'Unauthorized', Status: code, Detail: detail, Instance: 'x' }),
    {
      status: code,
      headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer error=invalid_token' },
    },
  );
}

export class FakeTokens implements TokenSource {
  refreshes = 0;
  token = 'token-1';
  failRefresh: Error | null = null;
  async accessToken(): Promise<string> {
    return this.token;
  }
  async refresh(): Promise<string> {
    this.refreshes += 1;
    if (this.failRefresh) throw this.failRefresh;
    this.token = `token-${this.refreshes + 1}`;
    return this.token;
  }
}
