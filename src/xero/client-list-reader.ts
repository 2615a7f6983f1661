/**
 * Reads XpmClient records from `client.api/list` (detailed or not) and `client.api/get/{uuid}`
 * (xpm-api.md §2.2, §2.4, §2.5, §8.1). Fields are found by element name and position in the tree
 * relative to the `<Client>` element, never by order, so `BillingClient/UUID` or
 * `Relationships/Relationship/RelatedClient` can never be mistaken for the client's own fields.
 */
import { AppError } from '../domain/errors';
import { xpmClientKey, xpmContactKey, xpmStaffKey } from '../domain/ids';
import type { XpmClient, XpmContact, XpmRef, XpmStaffRef } from './types';
import type { Draft, FlagKey, TextKey } from './record-fields';
import { isYes } from './record-fields';
import type { ClientDraft } from './client-fields';
import { CLIENT_FLAGS, CLIENT_TEXT, CONTACT_FLAGS, CONTACT_TEXT, newClient, newContact, newRef } from './client-fields';
import type { RecordScope } from './xpm-record-reader';
import { XpmRecordReader } from './xpm-record-reader';

/** Which direct child of `<Client>` is open. */
type Section = 'none' | 'account-manager' | 'job-manager' | 'contacts' | 'groups';

function isRefField(name: string): boolean {
  return name === 'UUID' || name === 'ID' || name === 'Name';
}

function setRefField(ref: Draft<XpmRef>, name: string, text: string): void {
  if (name === 'UUID') ref.uuid = text;
  else if (name === 'ID') ref.numericId = text;
  else if (name === 'Name') ref.name = text;
}

/** An `<AccountManager/>` with no UUID, ID or Name names nobody: treat it as unset. */
function staffRefOrNull(ref: Draft<XpmRef> | null): XpmStaffRef | null {
  if (ref === null || (ref.uuid === '' && ref.numericId === '' && ref.name === '')) return null;
  return { ...ref, key: xpmStaffKey(ref.uuid, ref.numericId) };
}

/**
 * Client records sit at `Response/Clients/Client` (list, search) or `Response/Client` (get). Within
 * one, depth relative to `<Client>` decides: 1 = the client's fields, 2 = a reference's fields or a
 * Contact/Group, 3 = a contact's or group's fields; anything else is ignored.
 */
export class ClientScope implements RecordScope<XpmClient> {
  private inClients = false;
  private sawPayload = false;
  private clientDepth = -1;
  private client: ClientDraft | null = null;
  private section: Section = 'none';
  private contact: Draft<XpmContact> | null = null;
  private ref: Draft<XpmRef> | null = null;
  /** The field an open leaf element fills, looked up once when it opens (elements nest, so one slot per level suffices). */
  private clientText: TextKey<XpmClient> | null = null;
  private clientFlag: FlagKey<XpmClient> | null = null;
  private contactText: TextKey<XpmContact> | null = null;
  private contactFlag: FlagKey<XpmContact> | null = null;

  open(name: string, depth: number): boolean {
    const client = this.client;
    if (client === null) {
      if (depth === 1 && name === 'Clients') {
        this.inClients = true;
        this.sawPayload = true;
      } else if (name === 'Client' && (depth === 1 || (depth === 2 && this.inClients))) {
        this.client = newClient();
        this.clientDepth = depth;
        this.section = 'none';
        this.contact = null;
        this.ref = null;
        this.clientText = this.clientFlag = this.contactText = this.contactFlag = null;
        this.sawPayload = true;
      }
      return false;
    }
    switch (depth - this.clientDepth) {
      case 1:
        return this.openClientChild(name);
      case 2:
        return this.openGrandchild(name);
      case 3:
        if (this.section === 'contacts' && this.contact !== null) return this.openContactChild(name);
        return this.section === 'groups' && this.ref !== null && isRefField(name);
      default:
        return false;
    }
  }

  close(name: string, depth: number, text: string): XpmClient | null {
    const client = this.client;
    if (client === null) {
      if (depth === 1 && name === 'Clients') this.inClients = false;
      return null;
    }
    switch (depth - this.clientDepth) {
      case 0:
        this.client = null;
        this.clientDepth = -1;
        client.key = xpmClientKey(client.uuid, client.numericId);
        return client;
      case 1:
        this.closeClientChild(client, text);
        return null;
      case 2:
        this.closeGrandchild(client, name, text);
        return null;
      case 3:
        if (this.section === 'contacts' && this.contact !== null) this.closeContactChild(this.contact, text);
        else if (this.section === 'groups' && this.ref !== null) setRefField(this.ref, name, text);
        return null;
      default:
        return null;
    }
  }

  finish(): void {
    if (!this.sawPayload) {
      throw new AppError('xpm/unexpected-content', 'The XPM response holds no <Clients> list and no <Client>.');
    }
  }

  private openClientChild(name: string): boolean {
    this.clientText = CLIENT_TEXT.get(name) ?? null;
    if (this.clientText !== null) return true;
    this.clientFlag = CLIENT_FLAGS.get(name) ?? null;
    if (this.clientFlag !== null) return true;
    switch (name) {
      case 'AccountManager':
        this.section = 'account-manager';
        this.ref = newRef();
        break;
      case 'JobManager':
        this.section = 'job-manager';
        this.ref = newRef();
        break;
      case 'Contacts':
        this.section = 'contacts';
        break;
      case 'Groups':
        this.section = 'groups';
        break;
      default:
        this.section = 'none';
    }
    return false;
  }

  private openContactChild(name: string): boolean {
    this.contactText = CONTACT_TEXT.get(name) ?? null;
    if (this.contactText !== null) return true;
    this.contactFlag = CONTACT_FLAGS.get(name) ?? null;
    return this.contactFlag !== null;
  }

  private closeContactChild(contact: Draft<XpmContact>, text: string): void {
    if (this.contactText !== null) contact[this.contactText] = text;
    else if (this.contactFlag !== null) contact[this.contactFlag] = isYes(text);
    this.contactText = null;
    this.contactFlag = null;
  }

  private openGrandchild(name: string): boolean {
    switch (this.section) {
      case 'account-manager':
      case 'job-manager':
        return isRefField(name);
      case 'contacts':
        if (name === 'Contact') this.contact = newContact();
        return false;
      case 'groups':
        if (name === 'Group') this.ref = newRef();
        return false;
      case 'none':
        return false;
    }
  }

  private closeClientChild(client: ClientDraft, text: string): void {
    if (this.clientText !== null) {
      client[this.clientText] = text;
      this.clientText = null;
      return;
    }
    if (this.clientFlag !== null) {
      client[this.clientFlag] = isYes(text);
      this.clientFlag = null;
      return;
    }
    if (this.section === 'account-manager') client.accountManager = staffRefOrNull(this.ref);
    else if (this.section === 'job-manager') client.jobManager = staffRefOrNull(this.ref);
    this.section = 'none';
    this.ref = null;
    this.contact = null;
  }

  private closeGrandchild(client: ClientDraft, name: string, text: string): void {
    switch (this.section) {
      case 'account-manager':
      case 'job-manager':
        if (this.ref !== null) setRefField(this.ref, name, text);
        break;
      case 'contacts':
        if (name === 'Contact' && this.contact !== null) {
          this.contact.key = xpmContactKey(this.contact.uuid, this.contact.numericId);
          client.contacts.push(this.contact);
          this.contact = null;
        }
        break;
      case 'groups':
        if (name === 'Group' && this.ref !== null) {
          client.groups.push(this.ref);
          this.ref = null;
        }
        break;
      case 'none':
        break;
    }
  }
}

/** A streaming reader that hands each client to `onClient` as soon as its `</Client>` is parsed. */
export function createClientListReader(onClient: (client: XpmClient) => void): XpmRecordReader<XpmClient> {
  return new XpmRecordReader(new ClientScope(), onClient);
}
