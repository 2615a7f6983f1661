/**
 * The XPM response envelope shared by every reader (xpm-api.md §1.3–1.4):
 * `<Response api-method="…"><Status>OK|ERROR</Status>[<ErrorDescription>…][<WebUrl>…]…payload…</Response>`.
 * HTTP 200 with `<Status>ERROR</Status>` is an error, never data (S9), so records are released to
 * the caller only once `<Status>OK</Status>` has been read.
 */
import { AppError } from '../domain/errors';
import { clip } from './xml-stream';

/** XPM's error texts are one short sentence ("Invalid job identifier"); anything longer is cut so the log and UI stay readable. */
export const MAX_XPM_ERROR_DESCRIPTION_CHARS = 300;

/** What the envelope said, once the document ended without error. */
export interface XpmEnvelopeSummary {
  /** The root's api-method attribute ("List", "Get", …), '' when absent. */
  readonly apiMethod: string;
  /** `<WebUrl>` of a `get/{uuid}` response, '' when absent. */
  readonly webUrl: string;
}

const ROOT = 'Response';

function isOk(status: string): boolean {
  return status.trim().toUpperCase() === 'OK';
}

/** Tracks the envelope elements (depth 0 and 1) for a record reader. */
export class XpmEnvelope {
  private apiMethod = '';
  private webUrl = '';
  private status: string | null = null;
  private errorDescription: string | null = null;

  /** True once `<Status>OK</Status>` was read: records may be handed out. */
  get ok(): boolean {
    return this.status !== null && isOk(this.status);
  }

  /** Call for every element at depth 0 or 1; returns whether to collect its text. */
  open(name: string, depth: number, attributes: Readonly<Record<string, string>>): boolean {
    if (depth === 0) {
      if (name !== ROOT) {
        throw new AppError(
          'xpm/unexpected-content',
          `The XPM response starts with <${clip(name, 40)}> instead of <Response>.`,
        );
      }
      this.apiMethod = clip(attributes['api-method'] ?? '', 40);
      return false;
    }
    return depth === 1 && (name === 'Status' || name === 'ErrorDescription' || name === 'WebUrl');
  }

  /** Call for every element closing at depth 0 or 1. */
  close(name: string, depth: number, text: string): void {
    if (depth === 0) {
      this.requireOk();
      return;
    }
    if (depth !== 1) return;
    if (name === 'Status') this.status = text;
    else if (name === 'ErrorDescription') this.errorDescription = text;
    else if (name === 'WebUrl') this.webUrl = text;
    else return;
    if (this.status !== null && !isOk(this.status) && this.errorDescription !== null) this.requireOk();
  }

  /** Throws unless the envelope said OK; call when the document ended. */
  finish(): XpmEnvelopeSummary {
    this.requireOk();
    return { apiMethod: this.apiMethod, webUrl: this.webUrl };
  }

  private requireOk(): void {
    if (this.status === null) {
      throw new AppError('xml/malformed', 'The XPM response has no <Status> element.');
    }
    if (isOk(this.status)) return;
    const description = this.errorDescription?.trim() ?? '';
    const upstream =
      description === '' ? clip(this.status.trim(), 40) : clip(description, MAX_XPM_ERROR_DESCRIPTION_CHARS);
    throw new AppError('xpm/api-error', `XPM reported an error: ${upstream}`, { upstream });
  }
}
