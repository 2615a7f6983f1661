/**
 * The size of the practice synced for the list figures. QUALITY.md asks for a store of 50,000
 * contacts (U1), filled by a real sync of a large enough practice. The app and the proxy cap the
 * client-list response (the caps are read here from where they are defined, so raising them raises
 * this size); until a practice of the requested size fits under both, the largest that fits is
 * synced instead and the report says how many contacts the store really held.
 */
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../proxy/limits';
import { DEFAULT_MAX_RESPONSE_BYTES as APP_MAX_RESPONSE_BYTES } from '../../src/domain/config';

/** The size estimate is linear in clients (the sandbox's mess is uniform); this keeps clear of the cap. */
const CAP_MARGIN = 0.97;

export interface ListPracticeSize {
  readonly clients: number;
  /** The response cap that bounds it (the smaller of the app's and the proxy's), in bytes. */
  readonly capBytes: number;
  /** True when fewer clients than requested are synced because of the cap. */
  readonly capped: boolean;
}

export function listPracticeSize(requested: number, bytesPerClient: number): ListPracticeSize {
  const capBytes = Math.min(APP_MAX_RESPONSE_BYTES, DEFAULT_MAX_RESPONSE_BYTES);
  const fits = Math.floor((capBytes * CAP_MARGIN) / bytesPerClient);
  return { clients: Math.min(requested, fits), capBytes, capped: fits < requested };
}
