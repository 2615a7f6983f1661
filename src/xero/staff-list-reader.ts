/**
 * Reads XpmStaff records from `staff.api/list` (`Response/StaffList/Staff`) and `staff.api/get/{uuid}`
 * (`Response/Staff`), xpm-api.md §3 and §8.2.
 */
import { AppError } from '../domain/errors';
import { xpmStaffKey } from '../domain/ids';
import type { XpmStaff } from './types';
import type { Draft, TextKey } from './record-fields';
import type { RecordScope } from './xpm-record-reader';
import { XpmRecordReader } from './xpm-record-reader';

const STAFF_TEXT: ReadonlyMap<string, TextKey<XpmStaff>> = new Map<string, TextKey<XpmStaff>>([
  ['UUID', 'uuid'],
  ['ID', 'numericId'],
  ['Name', 'name'],
  ['Email', 'email'],
  ['Phone', 'phone'],
  ['Mobile', 'mobile'],
]);

function newStaff(): Draft<XpmStaff> {
  return { key: null, uuid: '', numericId: '', name: '', email: '', phone: '', mobile: '' };
}

/** Staff fields are the direct children of `<Staff>`; deeper elements are ignored. */
export class StaffScope implements RecordScope<XpmStaff> {
  private inList = false;
  private sawPayload = false;
  private staffDepth = -1;
  private staff: Draft<XpmStaff> | null = null;

  open(name: string, depth: number): boolean {
    if (this.staff !== null) return depth === this.staffDepth + 1 && STAFF_TEXT.has(name);
    if (depth === 1 && name === 'StaffList') {
      this.inList = true;
      this.sawPayload = true;
    } else if (name === 'Staff' && (depth === 1 || (depth === 2 && this.inList))) {
      this.staff = newStaff();
      this.staffDepth = depth;
      this.sawPayload = true;
    }
    return false;
  }

  close(name: string, depth: number, text: string): XpmStaff | null {
    const staff = this.staff;
    if (staff === null) {
      if (depth === 1 && name === 'StaffList') this.inList = false;
      return null;
    }
    if (depth === this.staffDepth) {
      this.staff = null;
      this.staffDepth = -1;
      staff.key = xpmStaffKey(staff.uuid, staff.numericId);
      return staff;
    }
    if (depth === this.staffDepth + 1) {
      const key = STAFF_TEXT.get(name);
      if (key !== undefined) staff[key] = text;
    }
    return null;
  }

  finish(): void {
    if (!this.sawPayload) {
      throw new AppError('xpm/unexpected-content', 'The XPM response holds no <StaffList> and no <Staff>.');
    }
  }
}

/** A streaming reader that hands each staff member to `onStaff` as soon as its `</Staff>` is parsed. */
export function createStaffListReader(onStaff: (staff: XpmStaff) => void): XpmRecordReader<XpmStaff> {
  return new XpmRecordReader(new StaffScope(), onStaff);
}
