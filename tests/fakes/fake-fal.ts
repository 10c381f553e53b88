import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { startScriptedServer, type FakeReply, type FakeRequest, type ScriptedServer } from './scripted-server.ts';

/**
 * A small fal.ai on 127.0.0.1 for the real `@fal-ai/client` (status, result) and Reverie's own
 * single submit POST: the queue API, a media host for the MP4, fal's JWKS, and fal's webhook
 * delivery (signed with the fake's own ED25519 key). Every request is recorded; each route answers
 * from a script (the last reply repeats) or, unscripted, like a healthy fal: IN_QUEUE →
 * IN_PROGRESS → COMPLETED, one step per status poll.
 */

// ——— fal ———

export type FalRoute = 'submit' | 'status' | 'result' | 'cancel' | 'download' | 'jwks' | 'unknown';

export type QueueState = 'IN_QUEUE' | 'IN_PROGRESS' | 'COMPLETED';

export interface FalRequestRecord {
  id: string;
  endpointId: string;
  input: unknown;
  /** The fal_webhook query parameter of the submit, or null. */
  webhookUrl: string | null;
  statusPolls: number;
  /** True once a queue cancel (PUT …/cancel) reached the fake for this request. */
  cancelled: boolean;
  /** True once a status poll answered COMPLETED: the generation no longer runs at fal. */
  completed: boolean;
}

export interface FakeFal extends Omit<ScriptedServer<FalRoute, FakeFal>, 'resetScripts'> {
  /** The MP4 every result points at. */
  video: Buffer;
  /** Submits that reached the fake, by request id (also those whose answer was dropped). */
  submitted: Map<string, FalRequestRecord>;
  /** Request ids a queue cancel named, in order (repeats included). */
  cancels: string[];
  /** The most generations running at once (submitted, not yet COMPLETED or cancelled): a model's concurrency as fal sees it. */
  maxRunning: number;
  /** States a request walks through, one per status poll; the last repeats. Default IN_QUEUE → IN_PROGRESS → COMPLETED. */
  states: QueueState[];
  /** Forgets requests, scripts and counters: the next submit is fal-request-1 again. */
  reset(): void;
  /**
   * POSTs fal's webhook for a request to its fal_webhook URL; `tamper` breaks the signature;
   * `userId` is the fal account it is signed for (default fake-user).
   */
  deliverWebhook(requestId: string, options?: { status?: 'OK' | 'ERROR'; tamper?: boolean; payload?: unknown; userId?: string }): Promise<number>;
  /** The JWKS the fake serves at /.well-known/jwks.json (FAL_JWKS_URL). */
  jwksUrl: string;
  /**
   * Answers every submit with 429 until `untilMs` (epoch ms), with `retry-after: <seconds>` or,
   * given null, without one. A refused submit creates nothing: it is not in `submitted`.
   */
  rateLimitUntil(untilMs: number, retryAfterSeconds: number | null): void;
  /** Submits answered 429 by `rateLimitUntil`, with when each arrived. */
  rateLimited: number[];
}

/** fal's answer to a submit: queued, with the URLs of the request (a script that holds a submit answers with it). */
export function falQueued(fake: Pick<FakeFal, 'url'>, request: FakeRequest<FalRoute>): FakeReply {
  const id = request.id ?? 'unknown';
  const base = `${fake.url}${request.path.split('/').slice(0, 3).join('/')}/requests/${id}`;
  return { json: { request_id: id, status: 'IN_QUEUE', queue_position: 0, status_url: `${base}/status`, response_url: base, cancel_url: `${base}/cancel` } };
}

/** fal's 422 for a moderated output, as `result` returns it after COMPLETED. */
export function falContentPolicy(categories: string[] = ['model_moderated']): FakeReply {
  return {
    status: 422,
    json: {
      detail: [{ loc: ['body', 'prompt'], msg: 'The content could not be processed because it contained material flagged by a content checker.', type: 'content_policy_violation', categories }],
    },
  };
}

export function falError(status: number, detail: string, errorType?: string): FakeReply {
  return { status, json: { detail, ...(errorType ? { error_type: errorType } : {}) }, ...(errorType ? { headers: { 'x-fal-error-type': errorType } } : {}) };
}

/** `…/requests/<id>/status`, `…/requests/<id>/cancel`, `…/requests/<id>`; everything else POSTed is a submit. */
function falRouteOf(method: string, path: string): { route: FalRoute; id: string | null } {
  let match: RegExpExecArray | null;
  if (method === 'GET' && path === '/.well-known/jwks.json') return { route: 'jwks', id: null };
  if (method === 'GET' && (match = /^\/files\/([^/]+)\.mp4$/.exec(path))) return { route: 'download', id: match[1] ?? null };
  if (method === 'GET' && (match = /\/requests\/([^/]+)\/status$/.exec(path))) return { route: 'status', id: match[1] ?? null };
  if (method === 'PUT' && (match = /\/requests\/([^/]+)\/cancel$/.exec(path))) return { route: 'cancel', id: match[1] ?? null };
  if (method === 'GET' && (match = /\/requests\/([^/]+)$/.exec(path))) return { route: 'result', id: match[1] ?? null };
  if (method === 'POST' && !path.includes('/requests/')) return { route: 'submit', id: null };
  return { route: 'unknown', id: null };
}

export async function startFakeFal(options: { videoPath: string }): Promise<FakeFal> {
  const video = await readFile(options.videoPath);
  const keys = generateKeyPairSync('ed25519');
  const jwk = keys.publicKey.export({ format: 'jwk' });
  const submitted = new Map<string, FalRequestRecord>();
  let submitCount = 0;
  let rateLimit: { untilMs: number; retryAfterSeconds: number | null } | null = null;
  const refused = new WeakSet<FakeRequest<FalRoute>>();

  const defaults = (request: FakeRequest<FalRoute>): FakeReply => {
    const record = request.id ? submitted.get(request.id) : undefined;
    switch (request.route) {
      case 'submit': {
        if (refused.has(request)) {
          const retryAfter = rateLimit?.retryAfterSeconds ?? null;
          return {
            status: 429,
            json: { detail: 'Too many requests: the rate limit of your account was exceeded' },
            ...(retryAfter === null ? {} : { headers: { 'retry-after': String(retryAfter) } }),
          };
        }
        return falQueued(fake, request);
      }
      case 'status': {
        if (!record) return { status: 404, json: { detail: `request ${request.id} not found` } };
        // fal: "a failed or cancelled request also has the status COMPLETED".
        if (record.cancelled) return { json: { status: 'COMPLETED', request_id: record.id } };
        const state = fake.states[Math.min(record.statusPolls, fake.states.length - 1)] ?? 'COMPLETED';
        record.statusPolls += 1;
        if (state === 'COMPLETED') record.completed = true;
        return { status: state === 'COMPLETED' ? 200 : 202, json: { status: state, request_id: record.id, ...(state === 'IN_QUEUE' ? { queue_position: 0 } : {}) } };
      }
      case 'result':
        if (!record) return { status: 404, json: { detail: `request ${request.id} not found` } };
        return { json: { video: { url: `${fake.url}/files/${record.id}.mp4`, content_type: 'video/mp4', file_name: `${record.id}.mp4`, file_size: video.length } } };
      case 'cancel':
        if (!record) return { status: 404, json: { detail: `request ${request.id} not found` } };
        return { json: { status: 'CANCELLATION_REQUESTED' } };
      case 'download':
        return { headers: { 'content-type': 'video/mp4' }, bytes: video };
      case 'jwks':
        return { json: { keys: [{ ...jwk, kid: 'fake-fal-1', use: 'sig', alg: 'EdDSA' }] } };
      default:
        return { status: 404, json: { detail: `fake-fal has no route for ${request.method} ${request.path}` } };
    }
  };

  // A submit that reached fal is a request fal knows, whatever happens to the answer.
  const recordSubmit = (request: FakeRequest<FalRoute>) => {
    if (request.route === 'cancel' && request.id) {
      fake.cancels.push(request.id);
      const record = submitted.get(request.id);
      if (record) record.cancelled = true;
    }
    if (request.route !== 'submit') return;
    if (rateLimit && request.at < rateLimit.untilMs) {
      refused.add(request);
      fake.rateLimited.push(request.at);
      return;
    }
    submitCount += 1;
    request.id = `fal-request-${submitCount}`;
    submitted.set(request.id, {
      id: request.id,
      endpointId: request.path.slice(1),
      input: request.body,
      webhookUrl: request.query.get('fal_webhook'),
      statusPolls: 0,
      cancelled: false,
      completed: false,
    });
    const running = [...submitted.values()].filter((each) => !each.completed && !each.cancelled).length;
    fake.maxRunning = Math.max(fake.maxRunning, running);
  };
  const core = await startScriptedServer<FalRoute, FakeFal>('fake-fal', falRouteOf, defaults, () => fake, recordSubmit);

  const signWebhook = (privateKey: KeyObject, requestId: string, userId: string, body: Buffer) => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const digest = createHash('sha256').update(body).digest('hex');
    const message = Buffer.from(`${requestId}\n${userId}\n${timestamp}\n${digest}`);
    return { timestamp, signature: sign(null, message, privateKey).toString('hex') };
  };

  const fake: FakeFal = {
    url: core.url,
    requests: core.requests,
    script: core.script,
    calls: core.calls,
    waitFor: core.waitFor,
    close: core.close,
    video,
    submitted,
    cancels: [],
    maxRunning: 0,
    states: ['IN_QUEUE', 'IN_PROGRESS', 'COMPLETED'],
    jwksUrl: `${core.url}/.well-known/jwks.json`,
    rateLimited: [],
    rateLimitUntil(untilMs, retryAfterSeconds) {
      rateLimit = { untilMs, retryAfterSeconds };
    },
    reset() {
      rateLimit = null;
      fake.rateLimited = [];
      core.resetScripts();
      submitted.clear();
      fake.cancels = [];
      fake.maxRunning = 0;
      submitCount = 0;
      fake.states = ['IN_QUEUE', 'IN_PROGRESS', 'COMPLETED'];
    },
    async deliverWebhook(requestId, deliver = {}) {
      const record = submitted.get(requestId);
      if (!record?.webhookUrl) throw new Error(`fake-fal: request ${requestId} was submitted without a webhook URL`);
      const status = deliver.status ?? 'OK';
      const payload = deliver.payload ?? (status === 'OK' ? { video: { url: `${fake.url}/files/${requestId}.mp4` } } : { detail: [{ type: 'content_policy_violation', msg: 'flagged' }] });
      const body = Buffer.from(JSON.stringify({ request_id: requestId, gateway_request_id: requestId, status, payload, ...(status === 'ERROR' ? { error: 'Invalid status code: 422' } : {}) }));
      const userId = deliver.userId ?? 'fake-user';
      const { timestamp, signature } = signWebhook(keys.privateKey, requestId, userId, body);
      // A tampered delivery: the same signed headers over a body that differs by one byte.
      const sent = deliver.tamper ? Buffer.concat([body, Buffer.from(' ')]) : body;
      const response = await fetch(record.webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-fal-webhook-request-id': requestId,
          'x-fal-webhook-user-id': userId,
          'x-fal-webhook-timestamp': timestamp,
          'x-fal-webhook-signature': signature,
        },
        body: sent,
      });
      await response.arrayBuffer();
      return response.status;
    },
  };
  return fake;
}
