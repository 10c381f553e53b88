import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { closeServer, listen, replyJson } from '../http/json-server.ts';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../log/logger.ts';
import { RenderJobData } from '../pipeline/job-data.ts';
import { renderQueueName } from '../queue/queue-names.ts';
import { createJwksSource, verifyFalSignature, type JwksSource } from './fal-signature.ts';
import { createWebhookInbox, parseFalWebhookPath, shotIndexOfToken, type FalWebhookRecord, type WebhookInbox } from '../store/webhook-inbox.ts';

/**
 * Receives fal's webhooks at POST /hooks/fal/<clipId>/<token> (the URL the fal provider put on
 * the submit, under PUBLIC_URL). A request signed by fal's published keys is recorded in Redis and
 * its render job is woken: a submit whose answer was lost learns its request_id and continues; a
 * known one is polled now instead of at its next interval. Anything unsigned is refused with 401;
 * with FAL_USER_ID set, a webhook signed for another fal account with 403.
 */

export interface FalWebhookServerOptions {
  /** WEBHOOK_PORT; 0 picks a free port (tests). */
  port: number;
  /** Default 0.0.0.0: the TLS proxy for PUBLIC_URL forwards here. */
  host?: string;
  /** Shared connection (the producer's); not closed by `close()`. */
  redis: Redis;
  /** QUEUE_PREFIX. */
  prefix: string;
  /** FAL_JWKS_URL. */
  jwksUrl: string;
  /** FAL_USER_ID: when set, only webhooks signed for this fal account are accepted. */
  falUserId?: string | undefined;
  logger: Logger;
  now?: () => number;
  /** Injected key source (tests); default fetches `jwksUrl`. */
  jwks?: JwksSource;
}

/** The receiver as a node:http listener, to mount on another server (HTTP_PORT); `close` closes its queue handle. */
export interface FalWebhookListener {
  listener: RequestListener;
  close(): Promise<void>;
}

export interface RunningWebhookServer {
  /** http://host:port of the listener (not PUBLIC_URL). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** fal's payloads are small JSON; a video result is a URL, not bytes. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

class BodyTooLarge extends Error {}

async function readBody(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function header(incoming: IncomingMessage, name: string): string | null {
  const value = incoming.headers[name];
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * Wakes the render job the webhook belongs to. A shot still waiting on a lost submit gets the
 * request id written into its handle; either way a delayed job is promoted so it polls now. The
 * inbox record already holds the truth, so a race with a worker that picked the job up is harmless.
 */
async function wakeRenderJob(queue: Queue, clipId: string, token: string, record: FalWebhookRecord, logger: Logger): Promise<boolean> {
  for (const jobId of [`${clipId}-render`, `${clipId}-render-fal`]) {
    const job = await queue.getJob(jobId);
    if (!job || !(await job.isDelayed())) continue;
    const parsed = RenderJobData.safeParse(job.data);
    const shotIndex = shotIndexOfToken(token);
    const shot = parsed.success && shotIndex !== null ? parsed.data.shots[shotIndex] : undefined;
    if (parsed.success && shot?.operation?.operationId === `pending-${token}`) {
      shot.operation = { ...shot.operation, operationId: record.requestId, data: { ...shot.operation.data, pending: false, reconciledBy: 'webhook' } };
      await job.updateData(parsed.data);
      logger.info({ jobId, requestId: record.requestId }, 'fal-webhook-reconciled');
    }
    await job.promote().catch(() => undefined);
    return true;
  }
  return false;
}

export function createFalWebhookListener(options: Omit<FalWebhookServerOptions, 'port' | 'host'>): FalWebhookListener {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const jwks = options.jwks ?? createJwksSource({ url: options.jwksUrl, now });
  const inbox: WebhookInbox = createWebhookInbox(options.redis, options.prefix);
  const queue = new Queue(renderQueueName('fal'), { connection: options.redis, prefix: options.prefix });
  // Its connection's errors, repeated (the connection's owner logs them); unheard, BullMQ prints them to stderr.
  queue.on('error', (error) => logger.debug({ err: error }, 'queue-error'));

  const handle = async (incoming: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = parseFalWebhookPath(new URL(incoming.url ?? '/', 'http://localhost').pathname);
    if (incoming.method !== 'POST' || !path) return replyJson(response, 404, { error: 'not found' });
    const body = await readBody(incoming);
    const signed = {
      requestId: header(incoming, 'x-fal-webhook-request-id') ?? '',
      userId: header(incoming, 'x-fal-webhook-user-id') ?? '',
      timestamp: header(incoming, 'x-fal-webhook-timestamp') ?? '',
      signatureHex: header(incoming, 'x-fal-webhook-signature') ?? '',
    };
    let valid = signed.requestId !== '' && verifyFalSignature(signed, body, await jwks.keys(), now());
    // fal may have rotated its keys since we cached them.
    if (!valid && signed.requestId !== '') valid = verifyFalSignature(signed, body, await jwks.keys(true), now());
    if (!valid) {
      logger.warn({ clipId: path.clipId }, 'fal-webhook-rejected');
      return replyJson(response, 401, { error: 'invalid signature' });
    }
    // The signature proves fal sent it, not for whom: any fal customer can aim a webhook here.
    if (options.falUserId && signed.userId !== options.falUserId) {
      logger.warn({ clipId: path.clipId }, 'fal-webhook-other-account');
      return replyJson(response, 403, { error: 'webhook from another fal account' });
    }
    let payload: { request_id?: unknown; status?: unknown; error?: unknown };
    try {
      payload = JSON.parse(body.toString('utf8')) as typeof payload;
    } catch {
      return replyJson(response, 400, { error: 'body is not JSON' });
    }
    const requestId = typeof payload.request_id === 'string' ? payload.request_id : signed.requestId;
    if (requestId !== signed.requestId) return replyJson(response, 400, { error: 'request_id does not match the signed header' });
    const record: FalWebhookRecord = {
      requestId,
      status: payload.status === 'ERROR' ? 'ERROR' : 'OK',
      error: typeof payload.error === 'string' ? payload.error.slice(0, 300) : null,
      receivedAt: now(),
    };
    await inbox.save(path.clipId, path.token, record);
    const woke = await wakeRenderJob(queue, path.clipId, path.token, record, logger);
    logger.info({ clipId: path.clipId, requestId, status: record.status, woke }, 'fal-webhook-received');
    replyJson(response, 200, { ok: true });
  };

  return {
    listener(incoming, response) {
      handle(incoming, response).catch((error: unknown) => {
        if (error instanceof BodyTooLarge) return replyJson(response, 413, { error: 'too large' });
        logger.error({ err: error }, 'fal-webhook-failed');
        // 5xx: fal retries the delivery later.
        if (!response.headersSent) replyJson(response, 500, { error: 'internal' });
      });
    },
    close: () => queue.close(),
  };
}

/** The receiver on a port of its own (WEBHOOK_PORT, when it differs from HTTP_PORT). */
export async function startFalWebhookServer(options: FalWebhookServerOptions): Promise<RunningWebhookServer> {
  const hooks = createFalWebhookListener(options);
  const server = createServer(hooks.listener);
  const port = await listen(server, options.port, options.host ?? '0.0.0.0');
  options.logger.info({ port }, 'fal-webhook-listening');
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    async close() {
      await closeServer(server);
      await hooks.close();
    },
  };
}
