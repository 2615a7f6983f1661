/**
 * A client (or staff member) XPM's answer listed again (M8): the same UUID, or integer ID when it has
 * no UUID, as one read earlier in the same answer. Only the first copy is read; this is the log entry saying
 * the later copy was left out.
 */
import type { XpmClient, XpmStaff } from '../../xero/types';
import type { RecordIssue } from '../../domain/reasons';
import { makeIssue } from './issues';
import { clientNameOf, clientSubject } from './client-record';
import { collapseWhiteSpace } from '../../domain/text';

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

/** The same for a staff member the staff list repeats. */
export function repeatedStaffIssue(staff: XpmStaff): RecordIssue {
  const person = collapseWhiteSpace(staff.name);
  const byUuid = staff.uuid.trim() !== '';
  return makeIssue(
    { entity: 'staff', clientId: null, contactId: null, staffId: staff.key, clientName: '', personName: person },
    { kind: 'staff', person, email: staff.email, id: staff.key ?? '' },
    byUuid ? 'UUID' : 'ID',
    byUuid ? staff.uuid : staff.numericId,
    { code: 'duplicate-in-response' },
  );
}
