import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors';
import { createStaffListReader } from '../../src/xero/staff-list-reader';
import { parseStaffListXml } from '../../src/xero/xpm-read';
import type { XpmStaff } from '../../src/xero/types';
import { fixture } from './support/responses';
import { xsid } from '../support/ids';

const JO: XpmStaff = {
  key: xsid('dc48df15-1a5c-4675-9d82-4ca54e2c6e86'),
  uuid: 'dc48df15-1a5c-4675-9d82-4ca54e2c6e86',
  numericId: '',
  name: 'Jo Bloggs',
  email: 'jo@practice.example',
  phone: '',
  mobile: '021 555 0142',
};

describe('staff list reader', () => {
  it('reads staff.api/list', () => {
    expect(parseStaffListXml(fixture('staff-list.xml'))).toEqual<XpmStaff[]>([
      JO,
      {
        key: xsid('98466a19-16df-4ded-b657-0a80ef9a2094'),
        uuid: '98466a19-16df-4ded-b657-0a80ef9a2094',
        numericId: '',
        name: 'John Smith',
        email: 'john@practice.example',
        phone: '',
        mobile: '',
      },
    ]);
  });

  it('reads the staff.api/get shape and reports its WebUrl', () => {
    const staff: XpmStaff[] = [];
    const reader = createStaffListReader((s) => staff.push(s));
    reader.write(fixture('staff-get.xml'));
    expect(reader.end()).toEqual({
      apiMethod: 'Get',
      webUrl: 'https://practicemanager.xero.com/Staff/859230',
      count: 1,
    });
    expect(staff).toEqual([JO]);
  });

  it('reads an empty list, gives "" for missing fields and ignores unknown and nested ones', () => {
    expect(parseStaffListXml('<Response><Status>OK</Status><StaffList /></Response>')).toEqual([]);
    expect(
      parseStaffListXml(
        '<Response><Status>OK</Status><StaffList><Staff><ID>859230</ID><Name>Dev</Name><Extra><Email>no</Email></Extra></Staff></StaffList></Response>',
      ),
    ).toEqual([{ key: 'id:859230', uuid: '', numericId: '859230', name: 'Dev', email: '', phone: '', mobile: '' }]);
  });

  it('keeps phone numbers exactly', () => {
    const [staff] = parseStaffListXml(
      '<Response><Status>OK</Status><StaffList><Staff><Phone>007</Phone><Mobile> 0412345678 </Mobile></Staff></StaffList></Response>',
    );
    expect(staff?.phone).toBe('007');
    expect(staff?.mobile).toBe(' 0412345678 ');
  });

  it('turns Status ERROR into xpm/api-error and a client list into xpm/unexpected-content', () => {
    expect(() => parseStaffListXml(fixture('status-error.xml'))).toThrow(
      expect.objectContaining({ code: 'xpm/api-error' }),
    );
    expect(() => parseStaffListXml(fixture('client-list-detailed.xml'))).toThrow(
      expect.objectContaining({ code: 'xpm/unexpected-content' }),
    );
    expect(() => parseStaffListXml('<StaffList><Staff /></StaffList>')).toThrow(AppError);
  });
});
