/**
 * `npm run sandbox -- --port P [--clients N] [--seed S] [--test-controls] [--api-shape 3.0] …` (PRODUCT.md §7).
 * Prints where it listens and how to sign in; exits cleanly on SIGINT/SIGTERM; exits 2 on bad arguments.
 */
import { ArgumentError, USAGE, parseArgs } from './args';
import type { CliOptions } from './args';
import { startSandbox } from './server';
import type { RunningSandbox } from './server';

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof ArgumentError) {
      process.stderr.write(`sandbox: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  const started = performance.now();
  let running: RunningSandbox;
  try {
    running = await startSandbox(options);
  } catch (error) {
    process.stderr.write(
      `sandbox: could not start on ${options.host}:${options.port}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
  const { state } = running.sandbox;
  const lines = [
    `XPM sandbox listening on ${running.url} (ready in ${Math.round(performance.now() - started)} ms)`,
    `  Sign in: connect from the app, or open ${running.url}/ for details. Any email and password work.`,
    `  Client id: ${state.settings.clientId}; redirect URIs: any loopback URL${state.settings.redirectUris.length ? ` and ${state.settings.redirectUris.join(', ')}` : ''}`,
    ...state.organisations.map((o) => {
      const size = state.practices.get(o.tenantId)?.store.listClients().length;
      return `  ${o.tenantType.padEnd(15)} ${o.tenantName}${size === undefined ? '' : ` (${size} clients, seed ${o.practice?.seed ?? ''})`}`;
    }),
    `  API: /practicemanager/3.1/ answers in the ${state.settings.apiShape} shape; /practicemanager/3.0/ in the 3.0 shape.`,
    `  Daily limit: ${state.settings.dailyLimit} calls per practice. Test controls: ${state.settings.testControls ? `on at ${running.url}/__sandbox` : 'off'}.`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = (signal: string): void => {
    process.stdout.write(`sandbox: ${signal}, shutting down\n`);
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

void main();
