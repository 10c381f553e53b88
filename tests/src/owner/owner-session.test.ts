import { expect, it } from 'vitest';
import { issueSession, roleOfToken, SESSION_TTL_MS, verifySession } from '../../../src/owner/owner-session.ts';

const tokens = { adminToken: 'admin-token-0123456789', viewerToken: 'viewer-token-0123456789' };
const NOW = Date.UTC(2026, 11, 6, 12);

it('grants admin for ADMIN_TOKEN, viewer for VIEWER_TOKEN and nothing for anything else', () => {
  expect(roleOfToken('admin-token-0123456789', tokens)).toBe('admin');
  expect(roleOfToken('viewer-token-0123456789', tokens)).toBe('viewer');
  expect(roleOfToken('admin-token-012345678', tokens)).toBeNull();
  expect(roleOfToken('', tokens)).toBeNull();
  // No VIEWER_TOKEN: an empty token is not a viewer login.
  expect(roleOfToken('', { adminToken: tokens.adminToken })).toBeNull();
});

it('verifies its own session until it expires, with the role it was issued for', () => {
  const session = issueSession('viewer', tokens, NOW);
  expect(verifySession(session, tokens, NOW + 1_000)).toBe('viewer');
  expect(verifySession(session, tokens, NOW + SESSION_TTL_MS + 1)).toBeNull();
});

it('refuses a tampered role or expiry, a cookie signed under other tokens, and garbage', () => {
  const session = issueSession('viewer', tokens, NOW);
  expect(verifySession(session.replace(/^viewer\./, 'admin.'), tokens, NOW)).toBeNull();
  const [role, expires, mac] = session.split('.');
  expect(verifySession(`${role}.${Number(expires) + SESSION_TTL_MS}.${mac}`, tokens, NOW)).toBeNull();
  // A rotated token signs everyone out.
  expect(verifySession(session, { ...tokens, adminToken: 'another-admin-token-0123' }, NOW)).toBeNull();
  expect(verifySession(undefined, tokens, NOW)).toBeNull();
  expect(verifySession('admin', tokens, NOW)).toBeNull();
});
