import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load-config.ts';
import { createLogger } from '../../../src/log/logger.ts';
import { startFalWebhookServer, type RunningWebhookServer } from '../../../src/webhooks/fal-webhook-server.ts';
import { createWebhookInbox, falWebhookPath } from '../../../src/store/webhook-inbox.ts';
import { startFakeFal, type FakeFal } from '../../fakes/fake-fal.ts';
import { REDIS_URL } from '../../helpers/test-reverie.ts';
import { deletePrefix } from '../../../src/queue/redis-connection.ts';

/**
 * fal signs every customer's webhooks with the same published keys, so a valid signature only
 * proves "from fal". With FAL_USER_ID set, the signed x-fal-webhook-user-id must be the operator's:
 * someone else's fal account pointing its webhooks at our URL is refused and nothing is recorded.
 */

const prefix = `test-fal-account-${randomBytes(4).toString('hex')}`;
let fal: FakeFal;
let redis: Redis;
let hooks: RunningWebhookServer;

/** A submit to the fake fal whose fal_webhook is our receiver: the fake can then deliver for it. */
async function submitWithWebhook(clipId: string): Promise<{ requestId: string; token: string }> {
  const token = `s0-${randomBytes(4).toString('hex')}`;
  const webhookUrl = `${hooks.url}${falWebhookPath(clipId, token)}`;
  const sent = await fetch(`${fal.url}/fal-ai/kling-video/v3/standard/text-to-video?fal_webhook=${encodeURIComponent(webhookUrl)}`, {
    method: 'POST',
    headers: { authorization: 'Key test-fal-key', 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: 'rain' }),
  });
  const { request_id: requestId } = (await sent.json()) as { request_id: string };
  return { requestId, token };
}

beforeAll(async () => {
  fal = await startFakeFal({ videoPath: '/dev/null' });
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  hooks = await startFalWebhookServer({
    port: 0,
    host: '127.0.0.1',
    redis,
    prefix,
    jwksUrl: fal.jwksUrl,
    falUserId: 'operator-account',
    logger: createLogger({ level: 'silent', secrets: [] }),
  });
});

afterAll(async () => {
  await hooks.close();
  await redis.quit();
  await fal.close();
  await deletePrefix(REDIS_URL, prefix);
});

describe('fal webhooks with FAL_USER_ID set', () => {
  it('refuses a correctly signed webhook from another fal account, and records nothing', async () => {
    const clipId = `req-${randomBytes(4).toString('hex')}`;
    const { requestId, token } = await submitWithWebhook(clipId);

    expect(await fal.deliverWebhook(requestId, { userId: 'someone-else' })).toBe(403);
    expect(await createWebhookInbox(redis, prefix).find(clipId, token)).toBeNull();
  });

  it('accepts the operator’s own account', async () => {
    const clipId = `req-${randomBytes(4).toString('hex')}`;
    const { requestId, token } = await submitWithWebhook(clipId);

    expect(await fal.deliverWebhook(requestId, { userId: 'operator-account' })).toBe(200);
    expect(await createWebhookInbox(redis, prefix).find(clipId, token)).toMatchObject({ requestId, status: 'OK' });
  });

  it('reads FAL_USER_ID from the config, unset by default', () => {
    expect(parseConfig({}).FAL_USER_ID).toBeUndefined();
    expect(parseConfig({ FAL_USER_ID: 'operator-account' }).FAL_USER_ID).toBe('operator-account');
  });
});
