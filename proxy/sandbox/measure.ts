/**
 * Measures the benchmark load: `npx tsx proxy/sandbox/measure.ts [--clients 15000] [--runs 3]`.
 * Starts a sandbox on a free loopback port, signs in over HTTP and downloads
 * `client.api/list?detailed=true` with fetch, printing the generation time, the body size and the
 * download times (the first download serializes and caches every client; later ones stream the cache).
 */
import { startSandbox } from './server';
import { signIn } from './sign-in';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} needs a whole number`);
  return value;
}

async function main(): Promise<void> {
  const clients = option('--clients', 15_000);
  const runs = option('--runs', 3);
  const started = performance.now();
  const running = await startSandbox({ port: 0, clients });
  const generatedMs = performance.now() - started;
  try {
    const { accessToken, tenantIds } = await signIn(running.url);
    const tenantId = Object.values(tenantIds)[0] ?? '';
    const downloads: { ms: number; bytes: number }[] = [];
    for (let run = 0; run < runs; run++) {
      const t = performance.now();
      const response = await fetch(`${running.url}/practicemanager/3.1/client.api/list?detailed=true`, {
        headers: { authorization: `Bearer ${accessToken}`, 'xero-tenant-id': tenantId },
      });
      const reader = response.body?.getReader();
      let bytes = 0;
      for (;;) {
        const next = await reader?.read();
        if (!next || next.done) break;
        bytes += next.value.byteLength;
      }
      downloads.push({ ms: performance.now() - t, bytes });
      // Stay clear of the 60-per-minute limit however many runs are asked for.
      if (run + 1 < runs && (run + 1) % 50 === 0) running.sandbox.controls.advanceClock(60_000);
    }
    const bytes = downloads[0]?.bytes ?? 0;
    console.log(
      JSON.stringify(
        {
          clients,
          generateMs: Math.round(generatedMs),
          detailedListBytes: bytes,
          detailedListMB: Number((bytes / 1e6).toFixed(1)),
          firstDownloadMs: Math.round(downloads[0]?.ms ?? 0),
          cachedDownloadMs: downloads.slice(1).map((d) => Math.round(d.ms)),
        },
        null,
        2,
      ),
    );
  } finally {
    await running.close();
  }
}

void main();
