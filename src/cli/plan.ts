/**
 * `npm run plan -- --clients FILE.xml [--staff FILE.xml] [--country AU] [--default-partner EMAIL]
 *  [--include-archived] [--rescue-numbers]`
 *
 * Prints the import plan (PRODUCT.md §6) as JSON. Exit 0 on success, 2 with a message on unreadable
 * or malformed input.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isAppError } from '../domain/errors';
import { parseClientListXml, parseStaffListXml } from '../xero/xpm-read';
import type { XpmClient, XpmStaff } from '../xero/types';
import { planImport } from '../sync/plan';
import { parsePlanOptions, PLAN_USAGE } from './plan-options';

export const EXIT_BAD_INPUT = 2;

class InputError extends Error {}

async function readXml(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new InputError(`Cannot read the ${what} file "${path}" (${reason}). Check the path and try again.`);
  }
}

function parseXml<T>(path: string, what: string, xml: string, parse: (xml: string) => T[]): T[] {
  try {
    return parse(xml);
  } catch (error) {
    if (isAppError(error)) {
      throw new InputError(`The ${what} file "${path}" is not a usable XPM response: ${error.message} [${error.code}]`);
    }
    throw error;
  }
}

/** The command line's flags, as node:util parses them (strict: unknown flags are an error). */
function parsePlanArgs(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      clients: { type: 'string' },
      staff: { type: 'string' },
      country: { type: 'string' },
      'default-partner': { type: 'string' },
      'include-archived': { type: 'boolean' },
      'rescue-numbers': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
}

export async function main(argv: readonly string[]): Promise<number> {
  let args: ReturnType<typeof parsePlanArgs>;
  try {
    const values = parsePlanArgs(argv);
    if (values.help) {
      process.stdout.write(`${PLAN_USAGE}\n`);
      return 0;
    }
    args = values;
  } catch (error) {
    process.stderr.write(`plan: ${(error as Error).message}\n\n${PLAN_USAGE}\n`);
    return EXIT_BAD_INPUT;
  }
  try {
    const options = parsePlanOptions(args);
    const clientsPath = args.clients;
    if (clientsPath === undefined)
      throw new InputError('--clients FILE.xml is required (a saved client.api/list response).');
    const clients: XpmClient[] = parseXml(
      clientsPath,
      'clients',
      await readXml(clientsPath, 'clients'),
      parseClientListXml,
    );
    const staff: XpmStaff[] =
      args.staff === undefined
        ? []
        : parseXml(args.staff, 'staff', await readXml(args.staff, 'staff'), parseStaffListXml);
    const plan = await planImport({ staff, clients }, options);
    process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof InputError || isAppError(error)) {
      process.stderr.write(`plan: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    throw error;
  }
}

// Run when executed directly (tsx src/cli/plan.ts), not when imported by tests.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`plan: unexpected failure: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
