/**
 * A client XPM's answer listed again (M8): the same UUID, or integer ID when it has no UUID, as a
 * client read earlier in the same answer. Only the first copy is read; this is the log entry saying
 * the later copy was left out.
 */
import type { XpmClient } from '../../xero/types';
import type { RecordIssue } from '../../domain/reasons';
import { makeIssue } from './issues';
import { clientNameOf, clientSubject } from './client-record';

export function repeatedClientIssue(client: XpmClient): RecordIssue {
  const name = clientNameOf(client);
  const byUuid = client.uuid.trim() !== '';
  return makeIssue(
    clientSubject(client, name),
    { kind: 'client', client: name },
    byUuid ? 'UUID' : 'ID',
    byUuid ? client.uuid : client.numericId,
    { code: 'duplicate-in-response' },
  );
}
