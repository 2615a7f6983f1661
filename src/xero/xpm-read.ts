/**
 * One call per XPM list response: check the response, stream its body through the matching reader,
 * and report what was read. These are the entry points the sync worker and the command line use.
 */
import type { XpmClient, XpmStaff } from './types';
import type { BodyOptions } from './xml-body';
import { pipeXmlBody } from './xml-body';
import { createClientListReader } from './client-list-reader';
import { createStaffListReader } from './staff-list-reader';
import type { XpmReadSummary } from './xpm-record-reader';

export interface XpmBodySummary extends XpmReadSummary {
  /** Body bytes received. */
  readonly bytes: number;
}

/**
 * Streams a `client.api/list` or `client.api/get` response, calling `onClient` for each client as it
 * completes. Clients are provisional until the promise resolves: a body that fails later (truncated,
 * malformed) rejects after earlier clients were delivered.
 * @see xpm-api.md §2.2, §8.1
 */
export async function readClientList(
  response: Response,
  onClient: (client: XpmClient) => void,
  options: BodyOptions = {},
): Promise<XpmBodySummary> {
  const reader = createClientListReader(onClient);
  const bytes = await pipeXmlBody(response, reader, options);
  return { ...reader.end(), bytes };
}

/** Reads a whole `staff.api/list` (or `staff.api/get`) response; staff lists are small. @see xpm-api.md §3 */
export async function readStaffList(response: Response, options: BodyOptions = {}): Promise<XpmStaff[]> {
  const staff: XpmStaff[] = [];
  const reader = createStaffListReader((member) => staff.push(member));
  await pipeXmlBody(response, reader, options);
  reader.end();
  return staff;
}

/** Reads a client list already held as text (saved responses for the command line, tests). */
export function parseClientListXml(xml: string): XpmClient[] {
  const clients: XpmClient[] = [];
  const reader = createClientListReader((client) => clients.push(client));
  reader.write(xml);
  reader.end();
  return clients;
}

/** Reads a staff list already held as text. */
export function parseStaffListXml(xml: string): XpmStaff[] {
  const staff: XpmStaff[] = [];
  const reader = createStaffListReader((member) => staff.push(member));
  reader.write(xml);
  reader.end();
  return staff;
}
