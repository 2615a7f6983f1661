/**
 * `npm run proxy`: starts the proxy from environment variables (see proxy/README.md), writes one
 * JSON log line per request to stdout, and shuts down on SIGINT/SIGTERM. Bad configuration exits 2
 * with a message naming the variable.
 */
import { configFromEnv, ENV_VARIABLES } from './config';
import { formatLogLine } from './log';
import { startProxy, type RunningProxy } from './server';

const EXIT_BAD_CONFIG = 2;
const EXIT_START_FAILED = 1;

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    process.stdout.write(
      `Usage: PROXY_ALLOWED_ORIGINS=https://app.example npm run proxy\nVariables: ${ENV_VARIABLES.join(', ')}\nSee proxy/README.md.\n`,
    );
    return;
  }
  const result = configFromEnv(process.env);
  if (!result.ok) {
    process.stderr.write(`proxy: invalid configuration: ${result.variable} ${result.message}\n`);
    process.exit(EXIT_BAD_CONFIG);
  }
  const { config } = result;
  let running: RunningProxy;
  try {
    running = await startProxy({ ...config, log: (entry) => process.stdout.write(`${formatLogLine(entry)}\n`) });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`proxy: could not listen on ${config.host}:${config.port}: ${reason}\n`);
    process.exit(EXIT_START_FAILED);
  }
  process.stdout.write(
    `${JSON.stringify({
      event: 'proxy.started',
      url: running.url,
      identityUpstream: config.identityUpstream.href,
      apiUpstream: config.apiUpstream.href,
      allowedOrigins: config.allowedOrigins,
    })}\n`,
  );
  const stop = (signal: string) => {
    process.stdout.write(`${JSON.stringify({ event: 'proxy.stopping', signal })}\n`);
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

void main();
