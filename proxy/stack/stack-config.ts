/**
 * The config.json `npm start` serves with the app (src/domain/config.ts): the sandbox as Xero, the
 * proxy beside it. Only a stack started with the sandbox's test controls turns on the app's test
 * clock hook (`testClock`); every other stack's config has no such field, so the hook is inert.
 */
import type { AppConfig } from '../../src/domain/config';
import { DEFAULT_CLIENT_ID } from '../sandbox/sandbox';

export interface StackConfigInput {
  readonly sandboxUrl: string;
  readonly proxyUrl: string;
  readonly testControls: boolean;
  readonly maxResponseBytes?: number;
}

export function stackAppConfig(input: StackConfigInput): AppConfig {
  return {
    clientId: DEFAULT_CLIENT_ID,
    proxyUrl: input.proxyUrl,
    authorizeUrl: `${input.sandboxUrl}/identity/connect/authorize`,
    issuer: input.sandboxUrl,
    xpmWebUrl: input.sandboxUrl,
    upstreamLabel: 'Sandbox',
    ...(input.maxResponseBytes !== undefined ? { maxResponseBytes: input.maxResponseBytes } : {}),
    ...(input.testControls ? { testClock: true } : {}),
  };
}
