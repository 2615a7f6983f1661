/**
 * The identity service's state: sign-in flows in progress, authorization codes, grants (one per
 * completed consent: the user, the scopes, the connected organisations) and their tokens.
 *
 * Tokens and codes are stored only as SHA-256 hashes: the sandbox can check them but never shows them.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { SandboxClock } from '../clock';
import type { Organisation, TenantType } from '../data/tenants';
import { signJwt } from './jwt';

/** Xero: access tokens last 30 minutes (xpm-api.md §6.3). */
export const ACCESS_TOKEN_TTL_S = 1800;
/** Xero's id_tokens expire after 5 minutes; they are for checking the sign-in, not for API calls. */
export const ID_TOKEN_TTL_S = 300;
/** Xero: the previous refresh token stays usable for 30 minutes after a rotation, in case the response was lost. */
export const REFRESH_GRACE_MS = 30 * 60_000;
/** Xero: a refresh token unused for 60 days expires. */
export const REFRESH_IDLE_MS = 60 * 24 * 3600_000;
/** Authorization codes are short-lived (xpm-api.md §6.2 says 30 s–5 min; 5 minutes is the kinder end). */
export const CODE_TTL_MS = 5 * 60_000;
/** A person has 15 minutes to get from the sign-in page through consent. */
export const FLOW_TTL_MS = 15 * 60_000;

export interface AuthorizeRequest {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly state: string | null;
  readonly codeChallenge: string;
  readonly nonce: string | null;
}

export interface User {
  readonly sub: string;
  readonly email: string;
  readonly name: string;
  readonly givenName: string;
  readonly familyName: string;
}

export interface Connection {
  readonly id: string;
  readonly authEventId: string;
  readonly tenantId: string;
  readonly tenantType: TenantType;
  readonly tenantName: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface Grant {
  readonly id: string;
  readonly clientId: string;
  readonly user: User;
  readonly scopes: readonly string[];
  readonly authEventId: string;
  readonly authTime: number;
  readonly sessionId: string;
  readonly nonce: string | null;
  connections: Connection[];
  revoked: boolean;
}

interface Flow {
  readonly request: AuthorizeRequest;
  readonly user: User | null;
  readonly expiresAt: number;
}

interface CodeRecord {
  readonly request: AuthorizeRequest;
  readonly user: User;
  readonly organisations: readonly Organisation[];
  readonly authTime: number;
  readonly expiresAt: number;
  used: boolean;
  /** The grant issued when the code was redeemed: a reuse of the code revokes it. */
  grantId: string | null;
}

interface AccessTokenRecord {
  readonly grantId: string;
  expiresAt: number;
}

interface RefreshTokenRecord {
  readonly grantId: string;
  readonly issuedAt: number;
  /** `current` is the latest; `previous` is usable until `graceUntil`; `spent` is dead. */
  state: 'current' | 'previous' | 'spent';
  graceUntil: number;
}

export interface TokenSet {
  readonly accessToken: string;
  readonly refreshToken: string | null;
  readonly idToken: string | null;
  readonly expiresIn: number;
  readonly scope: string;
}

export type Authentication =
  | { readonly ok: true; readonly grant: Grant }
  | { readonly ok: false; readonly reason: 'invalid' }
  | { readonly ok: false; readonly reason: 'expired'; readonly expiredAt: number };

export type CodeRedemption =
  | { readonly ok: true; readonly code: CodeRecord }
  | { readonly ok: false; readonly reason: 'unknown' | 'expired' | 'reused' };

const hash = (secret: string): string => createHash('sha256').update(secret).digest('base64url');
const opaque = (bytes: number): string => randomBytes(bytes).toString('base64url');

/** A stable user id per email, so signing in twice with one email is the same Xero user. */
export function userFor(email: string): User {
  const normalised = email.trim().toLowerCase();
  const digest = createHash('sha256').update(`user:${normalised}`).digest('hex');
  const sub = `${digest.slice(0, 8)}-${digest.slice(8, 12)}-4${digest.slice(13, 16)}-a${digest.slice(17, 20)}-${digest.slice(20, 32)}`;
  const words = (normalised.split('@')[0] ?? '')
    .split(/[._+-]+/)
    .filter((w) => w !== '')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  const givenName = words[0] ?? 'Sandbox';
  const familyName = words.slice(1).join(' ') || 'User';
  return { sub, email: email.trim(), name: `${givenName} ${familyName}`, givenName, familyName };
}

export interface GrantSummary {
  readonly id: string;
  readonly email: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly connections: readonly {
    readonly id: string;
    readonly tenantId: string;
    readonly tenantName: string;
    readonly tenantType: TenantType;
  }[];
  readonly createdAt: string;
  readonly revoked: boolean;
}

export class GrantStore {
  private flows = new Map<string, Flow>();
  private codes = new Map<string, CodeRecord>();
  private grants = new Map<string, Grant>();
  private accessTokens = new Map<string, AccessTokenRecord>();
  private refreshTokens = new Map<string, RefreshTokenRecord>();

  constructor(private readonly clock: SandboxClock) {}

  clear(): void {
    this.flows.clear();
    this.codes.clear();
    this.grants.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }

  // ---- sign-in flow: single-use handles, one per page ----

  /** Stores the flow and returns the opaque handle the next page's form carries. */
  startFlow(request: AuthorizeRequest, user: User | null = null): string {
    this.prune();
    const id = opaque(24);
    this.flows.set(id, { request, user, expiresAt: this.clock.now() + FLOW_TTL_MS });
    return id;
  }

  /** Takes a flow (single use: a replayed or forged form post finds nothing). */
  takeFlow(id: string): Flow | undefined {
    const flow = this.flows.get(id);
    this.flows.delete(id);
    if (!flow || flow.expiresAt <= this.clock.now()) return undefined;
    return flow;
  }

  // ---- codes ----

  issueCode(request: AuthorizeRequest, user: User, organisations: readonly Organisation[]): string {
    const code = opaque(32);
    const now = this.clock.now();
    this.codes.set(hash(code), {
      request,
      user,
      organisations,
      authTime: now,
      expiresAt: now + CODE_TTL_MS,
      used: false,
      grantId: null,
    });
    return code;
  }

  /** Marks a code used. A second use revokes the grant issued from the first (RFC 6749 §4.1.2). */
  redeemCode(code: string): CodeRedemption {
    const record = this.codes.get(hash(code));
    if (!record) return { ok: false, reason: 'unknown' };
    if (record.used) {
      if (record.grantId) this.revoke(record.grantId);
      return { ok: false, reason: 'reused' };
    }
    record.used = true;
    if (record.expiresAt <= this.clock.now()) return { ok: false, reason: 'expired' };
    return { ok: true, code: record };
  }

  /** Creates the grant for a redeemed code and issues its first tokens. */
  grantFromCode(
    code: string,
    record: CodeRedemption & { ok: true },
    issuer: string,
  ): { grant: Grant; tokens: TokenSet } {
    const { request, user, organisations, authTime } = record.code;
    const now = this.clock.now();
    const authEventId = randomUUID();
    const grant: Grant = {
      id: randomUUID(),
      clientId: request.clientId,
      user,
      scopes: request.scopes,
      authEventId,
      authTime,
      sessionId: opaque(16),
      nonce: request.nonce,
      connections: organisations.map((o) => ({
        id: randomUUID(),
        authEventId,
        tenantId: o.tenantId,
        tenantType: o.tenantType,
        tenantName: o.tenantName,
        createdAt: now,
        updatedAt: now,
      })),
      revoked: false,
    };
    this.grants.set(grant.id, grant);
    const stored = this.codes.get(hash(code));
    if (stored) stored.grantId = grant.id;
    return { grant, tokens: this.issueTokens(grant, issuer, true) };
  }

  /** `issuer` is the sandbox's public origin, the `iss` of every token. */
  private issueTokens(grant: Grant, issuer: string, withNonce: boolean): TokenSet {
    const now = this.clock.now();
    const iat = Math.floor(now / 1000);
    const accessToken = signJwt({
      nbf: iat,
      exp: iat + ACCESS_TOKEN_TTL_S,
      iss: issuer,
      aud: `${issuer}/resources`,
      client_id: grant.clientId,
      sub: grant.user.sub,
      auth_time: Math.floor(grant.authTime / 1000),
      xero_userid: grant.user.sub,
      global_session_id: grant.sessionId,
      sid: grant.sessionId,
      jti: opaque(16), // makes every access token unique and unguessable
      authentication_event_id: grant.authEventId,
      scope: grant.scopes,
    });
    this.accessTokens.set(hash(accessToken), { grantId: grant.id, expiresAt: now + ACCESS_TOKEN_TTL_S * 1000 });
    let refreshToken: string | null = null;
    if (grant.scopes.includes('offline_access')) {
      refreshToken = opaque(32);
      this.refreshTokens.set(hash(refreshToken), { grantId: grant.id, issuedAt: now, state: 'current', graceUntil: 0 });
    }
    let idToken: string | null = null;
    if (grant.scopes.includes('openid')) {
      idToken = signJwt({
        nbf: iat,
        exp: iat + ID_TOKEN_TTL_S,
        iss: issuer,
        aud: grant.clientId,
        iat,
        sid: grant.sessionId,
        sub: grant.user.sub,
        auth_time: Math.floor(grant.authTime / 1000),
        xero_userid: grant.user.sub,
        global_session_id: grant.sessionId,
        preferred_username: grant.user.email,
        email: grant.user.email,
        given_name: grant.user.givenName,
        family_name: grant.user.familyName,
        name: grant.user.name,
        amr: ['pwd'],
        ...(withNonce && grant.nonce !== null ? { nonce: grant.nonce } : {}),
      });
    }
    return { accessToken, refreshToken, idToken, expiresIn: ACCESS_TOKEN_TTL_S, scope: grant.scopes.join(' ') };
  }

  // ---- refresh: rotation with a grace period for the previous token ----

  /**
   * Exchanges a refresh token. The current token rotates (it becomes `previous`, usable for
   * REFRESH_GRACE_MS); the previous one, inside its grace, also gets a fresh pair (the client lost
   * the last response) and the never-received current token dies. Anything else fails.
   */
  refresh(
    refreshToken: string,
    clientId: string,
    issuer: string,
  ): { ok: true; grant: Grant; tokens: TokenSet } | { ok: false } {
    const record = this.refreshTokens.get(hash(refreshToken));
    const now = this.clock.now();
    if (!record || record.state === 'spent') return { ok: false };
    const grant = this.grants.get(record.grantId);
    if (!grant || grant.revoked || grant.clientId !== clientId) return { ok: false };
    if (now - record.issuedAt >= REFRESH_IDLE_MS) return { ok: false };
    if (record.state === 'previous' && now >= record.graceUntil) return { ok: false };
    for (const other of this.refreshTokens.values()) {
      if (other.grantId !== grant.id || other === record) continue;
      if (other.state === 'current') other.state = 'spent';
      else if (record.state === 'current' && other.state === 'previous') other.state = 'spent';
    }
    if (record.state === 'current') {
      record.state = 'previous';
      record.graceUntil = now + REFRESH_GRACE_MS;
    }
    return { ok: true, grant, tokens: this.issueTokens(grant, issuer, false) };
  }

  /** The grant a refresh token belongs to, whatever its state (for revocation and faults). */
  grantOfRefreshToken(refreshToken: string): Grant | undefined {
    const record = this.refreshTokens.get(hash(refreshToken));
    return record ? this.grants.get(record.grantId) : undefined;
  }

  grantOfAccessToken(accessToken: string): Grant | undefined {
    const record = this.accessTokens.get(hash(accessToken));
    return record ? this.grants.get(record.grantId) : undefined;
  }

  // ---- API access ----

  /** Checks a bearer token: unknown, revoked and expired tokens fail (xpm-api.md §1.4b). */
  authenticate(accessToken: string): Authentication {
    const record = this.accessTokens.get(hash(accessToken));
    if (!record) return { ok: false, reason: 'invalid' };
    const grant = this.grants.get(record.grantId);
    if (!grant || grant.revoked) return { ok: false, reason: 'invalid' };
    if (record.expiresAt <= this.clock.now()) return { ok: false, reason: 'expired', expiredAt: record.expiresAt };
    return { ok: true, grant };
  }

  /** Revocation ends the grant: its tokens stop working and its connections are removed. */
  revoke(grantId: string): boolean {
    const grant = this.grants.get(grantId);
    if (!grant || grant.revoked) return false;
    grant.revoked = true;
    grant.connections = [];
    for (const record of this.refreshTokens.values()) if (record.grantId === grantId) record.state = 'spent';
    return true;
  }

  revokeAll(): string[] {
    return [...this.grants.values()].filter((g) => this.revoke(g.id)).map((g) => g.id);
  }

  /** Test control: every access token issued so far expires now. */
  expireAccessTokens(): number {
    const now = this.clock.now();
    let count = 0;
    for (const record of this.accessTokens.values()) {
      if (record.expiresAt > now) {
        record.expiresAt = now;
        count += 1;
      }
    }
    return count;
  }

  removeConnection(grant: Grant, connectionId: string): boolean {
    const before = grant.connections.length;
    grant.connections = grant.connections.filter((c) => c.id !== connectionId);
    return grant.connections.length < before;
  }

  summaries(): GrantSummary[] {
    return [...this.grants.values()].map((g) => ({
      id: g.id,
      email: g.user.email,
      clientId: g.clientId,
      scopes: g.scopes,
      connections: g.connections.map((c) => ({
        id: c.id,
        tenantId: c.tenantId,
        tenantName: c.tenantName,
        tenantType: c.tenantType,
      })),
      createdAt: new Date(g.authTime).toISOString(),
      revoked: g.revoked,
    }));
  }

  /** Drops flows and codes that can no longer be used, so a long-running sandbox does not grow. */
  private prune(): void {
    const now = this.clock.now();
    for (const [id, flow] of this.flows) if (flow.expiresAt <= now) this.flows.delete(id);
    for (const [id, code] of this.codes)
      if (code.expiresAt + CODE_TTL_MS <= now && code.grantId === null) this.codes.delete(id);
  }
}
