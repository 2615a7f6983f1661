/**
 * `npm run plan -- --clients FILE.xml [--staff FILE.xml] [--country AU] [--default-partner EMAIL]
 *  [--include-archived] [--rescue-numbers]`
 *
 * Prints the import plan (PRODUCT.md §6) as JSON. Exit 0 on success, 2 with a message on unreadable
 * or malformed input.
 */
import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { isAppError } from '../domain/errors';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../domain/config';
import { parseClientListXml, parseStaffListXml } from '../xero/xpm-read';
import type { XpmClient, XpmStaff } from '../xero/types';
import { planImport } from '../sync/plan';
import { parsePlanOptions, PLAN_USAGE } from './plan-options';

export const EXIT_BAD_INPUT = 2;

class InputError extends Error {}

/**
 * The file's text, read as a stream and refused once it passes `maxBytes` — the same guard the app
 * applies to one XPM response, checked while reading so an endless input (a pipe, /dev/zero) stops too.
 */
async function readXml(path: string, what: string, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(path)) {
      const buffer = chunk as Buffer;
      bytes += buffer.length;
      if (bytes > maxBytes) {
        throw new InputError(
          `The ${what} file "${path}" is larger than ${maxBytes.toLocaleString('en')} bytes, the most the app reads ` +
            'from one XPM response (maxResponseBytes in config.json), so it was not read. If it is a real XPM ' +
            'response, raise the limit with --max-response-bytes N.',
        );
      }
      chunks.push(buffer);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new InputError(`Cannot read the ${what} file "${path}" (${reason}). Check the path and try again.`);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** --max-response-bytes: the app's maxResponseBytes (config.json), by default DEFAULT_MAX_RESPONSE_BYTES. */
export function parseMaxBytes(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_RESPONSE_BYTES;
  const value = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value <= 0) {
    throw new InputError(`--max-response-bytes "${text}" must be a positive whole number of bytes.`);
  }
  return value;
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
      'max-response-bytes': { type: 'string' },
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
    const maxBytes = parseMaxBytes(args['max-response-bytes']);
    const clientsPath = args.clients;
    if (clientsPath === undefined)
      throw new InputError('--clients FILE.xml is required (a saved client.api/list response).');
    const clients: XpmClient[] = parseXml(
      clientsPath,
      'clients',
      await readXml(clientsPath, 'clients', maxBytes),
      parseClientListXml,
    );
    const staff: XpmStaff[] =
      args.staff === undefined
        ? []
        : parseXml(args.staff, 'staff', await readXml(args.staff, 'staff', maxBytes), parseStaffListXml);
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
