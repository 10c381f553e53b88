import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** What a login grants: admin may act (retry, remove jobs); viewer only reads. */
export type OwnerRole = 'admin' | 'viewer';

export interface OwnerTokens {
  /** ADMIN_TOKEN: the page is off without it. */
  adminToken: string;
  /** VIEWER_TOKEN: an optional read-only login. */
  viewerToken?: string | undefined;
}

/** A session outlives a working day, not a week: a leaked cookie stops working on its own. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export const SESSION_COOKIE = 'reverie_owner';

/**
 * Equal in constant time. Both sides are hashed first so their lengths match (timingSafeEqual
 * demands it) and the time taken says nothing about the secret's length either.
 */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The role a typed token grants, or null. Both tokens are always compared, so timing tells nothing. */
export function roleOfToken(token: string, tokens: OwnerTokens): OwnerRole | null {
  const admin = sameSecret(token, tokens.adminToken);
  const viewer = tokens.viewerToken !== undefined && tokens.viewerToken !== '' && sameSecret(token, tokens.viewerToken);
  return admin ? 'admin' : viewer ? 'viewer' : null;
}

/** Cookies are signed with a key derived from the tokens: changing either token logs everyone out. */
function signingKey(tokens: OwnerTokens): Buffer {
  return createHmac('sha256', tokens.adminToken)
    .update(`reverie-owner-session\n${tokens.viewerToken ?? ''}`)
    .digest();
}

function signature(payload: string, tokens: OwnerTokens): string {
  return createHmac('sha256', signingKey(tokens)).update(payload).digest('base64url');
}

/** `<role>.<expiresMs>.<hmac>`: nothing secret inside, only the signature makes it valid. */
export function issueSession(role: OwnerRole, tokens: OwnerTokens, nowMs: number): string {
  const payload = `${role}.${nowMs + SESSION_TTL_MS}`;
  return `${payload}.${signature(payload, tokens)}`;
}

/** The role a cookie value proves, or null when it is malformed, forged or expired. */
export function verifySession(value: string | undefined, tokens: OwnerTokens, nowMs: number): OwnerRole | null {
  const match = /^(admin|viewer)\.(\d{1,15})\.([\w-]{43})$/.exec(value ?? '');
  if (!match) return null;
  const [, role, expires, mac] = match as unknown as [string, OwnerRole, string, string];
  const expected = Buffer.from(signature(`${role}.${expires}`, tokens));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return Number(expires) > nowMs ? role : null;
}
