import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';

/**
 * fal's webhook signatures: ED25519 over `request_id \n user_id \n timestamp \n sha256hex(body)`,
 * hex in `x-fal-webhook-signature`, checked against the public keys fal publishes as a JWKS
 * (https://rest.alpha.fal.ai/.well-known/jwks.json by default; FAL_JWKS_URL for tests).
 */

export interface FalSignatureHeaders {
  requestId: string;
  userId: string;
  /** Unix seconds, as a string. */
  timestamp: string;
  signatureHex: string;
}

/** Replays older (or clocks further ahead) than this are refused, seconds. */
export const TIMESTAMP_LEEWAY_SECONDS = 300;

/** The exact bytes fal signs. */
export function falSignedMessage(headers: Omit<FalSignatureHeaders, 'signatureHex'>, body: Buffer): Buffer {
  const digest = createHash('sha256').update(body).digest('hex');
  return Buffer.from(`${headers.requestId}\n${headers.userId}\n${headers.timestamp}\n${digest}`, 'utf8');
}

/** True when one of `keys` signed this body with these headers, within the timestamp leeway. */
export function verifyFalSignature(headers: FalSignatureHeaders, body: Buffer, keys: readonly KeyObject[], nowMs: number): boolean {
  const timestamp = Number(headers.timestamp);
  if (!/^\d{1,12}$/.test(headers.timestamp) || Math.abs(nowMs / 1000 - timestamp) > TIMESTAMP_LEEWAY_SECONDS) return false;
  if (!/^[0-9a-f]{128}$/i.test(headers.signatureHex)) return false;
  const message = falSignedMessage(headers, body);
  const signature = Buffer.from(headers.signatureHex, 'hex');
  return keys.some((key) => {
    try {
      return verify(null, message, key, signature);
    } catch {
      return false;
    }
  });
}

export interface JwksSource {
  /** The current keys; `refresh` refetches (once a minute at most) after a verification failure, for key rotation. */
  keys(refresh?: boolean): Promise<KeyObject[]>;
}

/** Keys fal publishes as OKP/Ed25519 JWKs; anything else in the set is skipped. */
export function keysFromJwks(jwks: unknown): KeyObject[] {
  const list = (jwks as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list)) return [];
  const keys: KeyObject[] = [];
  for (const jwk of list as Record<string, unknown>[]) {
    if (jwk?.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') continue;
    try {
      keys.push(createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' }));
    } catch {
      // A malformed key is skipped; the others still verify.
    }
  }
  return keys;
}

/** Fetched on first use and cached for a day, as fal's own examples do. */
export function createJwksSource(options: { url: string; timeoutMs?: number; cacheMs?: number; now?: () => number }): JwksSource {
  const now = options.now ?? Date.now;
  const cacheMs = options.cacheMs ?? 24 * 3600_000;
  let cached: { keys: KeyObject[]; fetchedAt: number } | null = null;
  let inFlight: Promise<KeyObject[]> | null = null;

  const load = async (): Promise<KeyObject[]> => {
    const response = await fetch(options.url, { signal: AbortSignal.timeout(options.timeoutMs ?? 10_000), headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`fal JWKS answered HTTP ${response.status}`);
    const keys = keysFromJwks(await response.json());
    if (keys.length === 0) throw new Error('fal JWKS holds no Ed25519 keys');
    cached = { keys, fetchedAt: now() };
    return keys;
  };

  return {
    async keys(refresh = false) {
      const age = cached ? now() - cached.fetchedAt : Infinity;
      const stale = age > cacheMs || (refresh && age > 60_000);
      if (cached && !stale) return cached.keys;
      inFlight ??= load().finally(() => {
        inFlight = null;
      });
      try {
        return await inFlight;
      } catch (error) {
        // A failed refresh keeps the keys we had; with none, the webhook cannot be trusted.
        if (cached) return cached.keys;
        throw error;
      }
    },
  };
}
