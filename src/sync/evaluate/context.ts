/**
 * The EvaluationContext of a run: the valid staff by UUID (partner and manager lookup, R11) and the
 * Default Partner from Settings resolved against them.
 */
import type { EvaluationContext, StaffFields } from './evaluation';
import type { StaffLink } from '../../domain/records';
import type { SyncOptions } from '../../domain/settings';
import type { XpmStaffId } from '../../domain/ids';

/** Emails compare case-insensitively and without surrounding white space. */
function emailKey(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}

/**
 * Builds the context from the staff that passed R9 and the run's options. The Default Partner must
 * be one of those staff (matched by email, case-insensitive; the first in XPM order wins): a partner
 * is a synced staff member with a matching email (R11), so an email that matches none gives null.
 * Repeated staff UUIDs: the first wins, as in the store.
 */
export function buildEvaluationContext(staff: readonly StaffFields[], options: SyncOptions): EvaluationContext {
  const staffById = new Map<XpmStaffId, StaffLink>();
  for (const member of staff) {
    if (!staffById.has(member.id))
      staffById.set(member.id, { staffId: member.id, name: member.name, email: member.email });
  }
  const wanted = options.defaultPartnerEmail === null ? '' : emailKey(options.defaultPartnerEmail);
  const match = wanted === '' ? undefined : staff.find((member) => emailKey(member.email) === wanted);
  const defaultPartner = match === undefined ? null : (staffById.get(match.id) ?? null);
  return { options, staffById, defaultPartner };
}
