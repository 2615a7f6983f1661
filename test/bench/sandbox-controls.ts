/** The sandbox's test controls over HTTP (proxy/sandbox/README.md): the stack is started with testControls on. */

export interface RequestTotals {
  readonly xpm: number;
  readonly identity: number;
  readonly all: number;
}

export class SandboxControls {
  constructor(private readonly sandboxUrl: string) {}

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.sandboxUrl}/__sandbox/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`sandbox control ${method} ${path}: HTTP ${response.status} ${text.slice(0, 300)}`);
    return text === '' ? null : (JSON.parse(text) as unknown);
  }

  /** Bumps the modification time of `count` active clients (the sandbox's `touchClients`). */
  async touchClients(count: number): Promise<void> {
    await this.call('POST', 'mutate', { op: 'touchClients', count });
  }

  /** Active (not deleted, not archived) clients that have a business structure, in the practice's order. */
  async clientsWithStructure(): Promise<string[]> {
    const data = (await this.call('GET', 'data')) as {
      clients?: { uuid: string; isDeleted: boolean; isArchived: boolean; businessStructure: string | null }[];
    };
    return (data.clients ?? [])
      .filter((c) => !c.isDeleted && !c.isArchived && c.businessStructure !== null)
      .map((c) => c.uuid);
  }

  /** Removes these clients' business structure (tax block): each is then rejected with business-structure-missing. */
  async removeBusinessStructure(uuids: readonly string[]): Promise<void> {
    await this.call('POST', 'mutate', {
      ops: uuids.map((uuid) => ({ op: 'editClient', uuid, fields: { businessStructure: null } })),
    });
  }

  async clearRequests(): Promise<void> {
    await this.call('DELETE', 'requests');
  }

  /** Requests the sandbox answered per endpoint (e.g. `client.api/list`) since the last clear. */
  async requestCounts(): Promise<Readonly<Record<string, number>>> {
    const report = (await this.call('GET', 'requests')) as { counts?: Record<string, number> };
    return report.counts ?? {};
  }

  async requestTotals(): Promise<RequestTotals> {
    const report = (await this.call('GET', 'requests')) as { totals?: Partial<RequestTotals> };
    return { xpm: report.totals?.xpm ?? 0, identity: report.totals?.identity ?? 0, all: report.totals?.all ?? 0 };
  }
}
