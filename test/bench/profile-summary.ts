/**
 * Summarises a .cpuprofile written by `npm run bench -- --profile` again, through the source maps of
 * the current dist/ (which must be the build that was profiled: chunk names carry a content hash):
 *   npx tsx test/bench/profile-summary.ts bench-results/profile-first-…-worker.cpuprofile [--json]
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { DIST_DIR, ROOT } from './bench-setup';
import { asCpuProfile, summariseProfile } from './cpu-profile';
import { formatThread, trimSummary } from './profile-report';
import { SourceLocator } from './source-locator';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { json: { type: 'boolean' } } });
if (positionals.length === 0) {
  process.stderr.write('usage: npx tsx test/bench/profile-summary.ts <file.cpuprofile>… [--json]\n');
  process.exit(2);
}
const locator = SourceLocator.forBuild(ROOT, DIST_DIR);
for (const file of positionals) {
  const summary = summariseProfile(asCpuProfile(JSON.parse(readFileSync(file, 'utf8'))), (frame) =>
    locator.locate(frame),
  );
  const thread = { thread: 'profile', file: relative(ROOT, file), summary };
  process.stdout.write(
    values.json ? `${JSON.stringify(trimSummary(summary), null, 2)}\n` : `${formatThread(thread).join('\n')}\n`,
  );
}
