import type { Redis } from 'ioredis';

/**
 * Verified fal webhooks, kept in Redis under the clip id and the per-submit token that were in
 * the webhook URL. The receiver writes; the fal provider reads, so a render job whose submit
 * answer was lost learns its `request_id` from any process.
 */

export interface FalWebhookRecord {
  /** fal's request id: what status / result / cancel need. */
  requestId: string;
  status: 'OK' | 'ERROR';
  /** fal's error text for ERROR ("Invalid status code: 422"), else null. */
  error: string | null;
  receivedAt: number;
}

export interface WebhookInbox {
  save(clipId: string, token: string, record: FalWebhookRecord): Promise<void>;
  find(clipId: string, token: string): Promise<FalWebhookRecord | null>;
}

/** Longer than any generation deadline: a late webhook still finds its record. */
const KEEP_SECONDS = 3 * 24 * 3600;

/** Ids and tokens go into Redis keys and URL paths: the same safe alphabet as request ids. */
export const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;

export function createWebhookInbox(redis: Redis, prefix: string): WebhookInbox {
  const keyOf = (clipId: string, token: string) => {
    if (!SAFE_ID.test(clipId) || !SAFE_ID.test(token)) throw new Error('webhook ids must be letters, digits, - and _');
    return `${prefix}:fal-webhook:${clipId}:${token}`;
  };
  return {
    async save(clipId, token, record) {
      await redis.set(keyOf(clipId, token), JSON.stringify(record), 'EX', KEEP_SECONDS);
    },
    async find(clipId, token) {
      const text = await redis.get(keyOf(clipId, token));
      if (!text) return null;
      const parsed = JSON.parse(text) as Partial<FalWebhookRecord>;
      if (typeof parsed.requestId !== 'string' || (parsed.status !== 'OK' && parsed.status !== 'ERROR')) return null;
      return { requestId: parsed.requestId, status: parsed.status, error: parsed.error ?? null, receivedAt: Number(parsed.receivedAt ?? 0) };
    },
  };
}

/** The path of a submit's webhook, under PUBLIC_URL: /hooks/fal/<clipId>/<token>. */
export function falWebhookPath(clipId: string, token: string): string {
  return `/hooks/fal/${clipId}/${token}`;
}

/** `{ clipId, token }` from a webhook path, or null for anything else. */
export function parseFalWebhookPath(pathname: string): { clipId: string; token: string } | null {
  const match = /^\/hooks\/fal\/([^/]+)\/([^/]+)\/?$/.exec(pathname);
  if (!match?.[1] || !match[2] || !SAFE_ID.test(match[1]) || !SAFE_ID.test(match[2])) return null;
  return { clipId: match[1], token: match[2] };
}

/** `s<shot>-<nonce>`: which shot the webhook is for, and unguessable. */
export function shotIndexOfToken(token: string): number | null {
  const match = /^s(\d{1,2})-[A-Za-z0-9]+$/.exec(token);
  return match?.[1] ? Number(match[1]) : null;
}
