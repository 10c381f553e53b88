import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update, User } from 'grammy/types';
import { ApiFailure, METHODS, type UploadedFile } from './fake-telegram-methods.ts';
import { createWorld, type FakeWorld } from './fake-telegram-world.ts';
import { parseMultipart } from './multipart.ts';

/**
 * A small Bot API server on 127.0.0.1 for tests: real grammY talks to it over HTTP. It keeps
 * chats and messages (so edits of unknown or unchanged messages fail as on Telegram), long-polls
 * getUpdates, honours `offset` and sticky `allowed_updates`, posts to a webhook when one is set,
 * records every call, and can be scripted to fail (429 with retry_after, 413, 403).
 */

export interface RecordedCall {
  method: string;
  /** JSON body, or the multipart text fields with JSON values parsed. */
  params: Record<string, unknown>;
  /** Uploaded files by the parameter that referenced them (`video`, `thumbnail`; an InputMedia's file under its type). */
  files: Record<string, UploadedFile>;
  /** The HTTP status answered, and the result when it was 200. */
  status: number;
  result?: unknown;
  at: number;
}

export interface ScriptedFailure {
  errorCode: number;
  description: string;
  retryAfter?: number;
}

type UpdateBody = Omit<Update, 'update_id'>;

export interface FakeTelegram {
  apiRoot: string;
  token: string;
  world: FakeWorld;
  calls: RecordedCall[];
  /** The last `allowed_updates` a getUpdates or setWebhook sent (sticky, as on Telegram). */
  allowedUpdates: readonly string[] | null;
  webhook: { url: string; secretToken: string | null } | null;
  /** sendVideo larger than this answers 413. */
  uploadLimitBytes: number | null;
  callsOf(method: string): RecordedCall[];
  waitForCall(method: string, predicate?: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  /** The next `times` calls of `method` fail with this answer. */
  failNext(method: string, failure: ScriptedFailure, times?: number): void;
  /**
   * The next call of `method` is neither read nor answered, as an upload stuck midway: the clip
   * never reaches the chat, and the call is dropped with its connection. Resolves when it arrived.
   */
  stallNext(method: string): Promise<void>;
  inject(update: UpdateBody): number;
  close(): Promise<void>;
}

/** Telegram's default set when allowed_updates is empty or was never sent. */
const DEFAULT_EXCLUDED = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);
const MAX_HOLD_MS = 1_000;

function typeOf(update: UpdateBody): string {
  return Object.keys(update).find((key) => key !== 'update_id') ?? 'unknown';
}

function coerceField(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseInput(body: Buffer, contentType: string, url: URL): { params: Record<string, unknown>; files: Record<string, UploadedFile> } {
  const params: Record<string, unknown> = Object.fromEntries([...url.searchParams].map(([key, value]) => [key, coerceField(value)]));
  const files: Record<string, UploadedFile> = {};
  if (contentType.startsWith('application/json') && body.length > 0) Object.assign(params, JSON.parse(body.toString('utf8')));
  if (contentType.startsWith('multipart/form-data')) {
    const parts = parseMultipart(body, contentType);
    const attached = new Map(parts.filter((part) => part.filename !== null).map((part) => [part.name, part]));
    for (const part of parts.filter((candidate) => candidate.filename === null)) {
      const value = part.data.toString('utf8');
      const attachment = value.startsWith('attach://') ? attached.get(value.slice('attach://'.length)) : undefined;
      if (attachment) files[part.name] = { size: attachment.data.length, filename: attachment.filename, data: attachment.data };
      params[part.name] = attachment ? value : coerceField(value);
    }
    // A file sent directly under the parameter's own name (curl -F video=@clip.mp4), or one a JSON
    // field names by `attach://<name>` (sendMediaGroup's photos): kept under its own name.
    for (const [name, part] of attached) files[name] ??= { size: part.data.length, filename: part.filename, data: part.data };
    // One InputMedia (editMessageMedia's `media`): its file under its type (`video`), its thumbnail as `thumbnail`.
    const media = params.media as Record<string, unknown> | undefined;
    if (media && !Array.isArray(media) && typeof media === 'object') {
      for (const [key, value] of Object.entries(media)) {
        const part = typeof value === 'string' && value.startsWith('attach://') ? attached.get(value.slice('attach://'.length)) : undefined;
        if (part) files[key === 'media' ? String(media.type) : key] = { size: part.data.length, filename: part.filename, data: part.data };
      }
    }
  }
  return { params, files };
}

export async function startFakeTelegram(options: { token?: string; bot?: Partial<User> & { username: string } } = {}): Promise<FakeTelegram> {
  const token = options.token ?? '123456:TEST-fake-token';
  const botId = Number(token.split(':')[0]);
  const world = createWorld({ id: botId, is_bot: true, first_name: 'Reverie', ...options.bot, username: options.bot?.username ?? 'reverie_test_bot' });
  const queue: Update[] = [];
  let nextUpdateId = 1;
  const pollers = new Set<() => void>();
  const callWaiters = new Set<(call: RecordedCall) => void>();
  const failures = new Map<string, ScriptedFailure[]>();
  const stalls = new Map<string, () => void>();

  const record = (call: RecordedCall) => {
    fake.calls.push(call);
    for (const waiter of [...callWaiters]) waiter(call);
  };

  const answer = (response: ServerResponse, status: number, payload: unknown) => {
    if (response.writableEnded || response.destroyed) return;
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(payload));
  };
  const failure = (response: ServerResponse, error: ApiFailure) =>
    answer(response, error.errorCode, {
      ok: false,
      error_code: error.errorCode,
      description: error.message,
      ...(error.retryAfter !== undefined ? { parameters: { retry_after: error.retryAfter } } : {}),
    });

  const deliverable = () => {
    const allowed = fake.allowedUpdates && fake.allowedUpdates.length > 0 ? new Set(fake.allowedUpdates) : null;
    return queue.filter((update) => (allowed ? allowed.has(typeOf(update)) : !DEFAULT_EXCLUDED.has(typeOf(update))));
  };

  const getUpdates = (request: IncomingMessage, response: ServerResponse, params: Record<string, unknown>, call: RecordedCall) => {
    if (fake.webhook) {
      throw new ApiFailure(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    }
    if (Array.isArray(params.allowed_updates)) fake.allowedUpdates = params.allowed_updates as string[];
    const offset = Number(params.offset ?? 0);
    // Confirming an offset forgets everything before it, delivered or filtered out.
    while (queue.length > 0 && (queue[0]?.update_id ?? 0) < offset) queue.shift();
    const limit = Math.max(1, Math.min(100, Number(params.limit ?? 100)));
    const flush = (): boolean => {
      const ready = deliverable().slice(0, limit);
      if (ready.length === 0) return false;
      answer(response, 200, { ok: true, result: ready });
      return true;
    };
    record(call);
    if (flush()) return;
    const holdMs = Math.min(MAX_HOLD_MS, Number(params.timeout ?? 0) * 1000);
    const done = () => {
      clearTimeout(timer);
      pollers.delete(poll);
    };
    const poll = () => {
      if (flush()) done();
    };
    const timer = setTimeout(() => {
      done();
      answer(response, 200, { ok: true, result: [] });
    }, holdMs);
    pollers.add(poll);
    request.on('close', done);
    response.on('close', done);
  };

  const postToWebhook = async (update: Update) => {
    if (!fake.webhook) return;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (fake.webhook.secretToken) headers['x-telegram-bot-api-secret-token'] = fake.webhook.secretToken;
    const response = await fetch(fake.webhook.url, { method: 'POST', headers, body: JSON.stringify(update) }).catch(() => null);
    record({ method: 'webhook-post', params: { update_id: update.update_id }, files: {}, status: response?.status ?? 0, at: Date.now() });
  };

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
      if (fileMatch) {
        const file = [...world.files.values()].find((candidate) => candidate.path === decodeURIComponent(fileMatch[2] ?? ''));
        record({ method: 'file-download', params: { path: fileMatch[2] }, files: {}, status: file && fileMatch[1] === token ? 200 : 404, at: Date.now() });
        if (!file || fileMatch[1] !== token) return answer(response, 404, { ok: false, error_code: 404, description: 'Not Found' });
        response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.data.length });
        return response.end(file.data);
      }
      const match = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
      const stalled = stalls.get(match?.[2] ?? '');
      if (stalled) {
        stalls.delete(match?.[2] ?? '');
        stalled();
        return;
      }
      const body = await readBody(request);
      if (!match) return answer(response, 404, { ok: false, error_code: 404, description: 'Not Found' });
      const [, callToken, method = ''] = match;
      const { params, files } = parseInput(body, request.headers['content-type'] ?? '', url);
      const call: RecordedCall = { method, params, files, status: 200, at: Date.now() };
      try {
        if (callToken !== token) throw new ApiFailure(401, 'Unauthorized');
        const scripted = failures.get(method)?.shift();
        if (scripted) throw new ApiFailure(scripted.errorCode, scripted.description, scripted.retryAfter);
        if (method === 'getUpdates') return getUpdates(request, response, params, call);
        const handler = METHODS[method];
        if (!handler) throw new ApiFailure(404, 'Not Found: method not found');
        const result = handler(
          world,
          { params, files },
          {
            uploadLimitBytes: fake.uploadLimitBytes,
            setWebhook: (hookUrl, secretToken) => {
              fake.webhook = hookUrl ? { url: hookUrl, secretToken } : null;
              if (hookUrl && Array.isArray(params.allowed_updates)) fake.allowedUpdates = params.allowed_updates as string[];
            },
          },
        );
        call.result = result;
        record(call);
        answer(response, 200, { ok: true, result });
      } catch (error) {
        const apiError = error instanceof ApiFailure ? error : new ApiFailure(500, `Internal Server Error: ${String(error)}`);
        call.status = apiError.errorCode;
        record(call);
        failure(response, apiError);
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeTelegram = {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    world,
    calls: [],
    allowedUpdates: null,
    webhook: null,
    uploadLimitBytes: null,
    callsOf: (method) => fake.calls.filter((call) => call.method === method),
    waitForCall(method, predicate = () => true, timeoutMs = 60_000) {
      const matches = (call: RecordedCall) => call.method === method && call.status === 200 && predicate(call);
      const found = fake.calls.find(matches);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          callWaiters.delete(waiter);
          reject(new Error(`no successful ${method} call matching within ${timeoutMs} ms; calls: ${fake.calls.map((call) => `${call.method}:${call.status}`).join(' ')}`));
        }, timeoutMs);
        const waiter = (call: RecordedCall) => {
          if (!matches(call)) return;
          clearTimeout(timer);
          callWaiters.delete(waiter);
          resolve(call);
        };
        callWaiters.add(waiter);
      });
    },
    failNext(method, scripted, times = 1) {
      failures.set(method, [...(failures.get(method) ?? []), ...Array.from({ length: times }, () => scripted)]);
    },
    stallNext(method) {
      return new Promise((resolve) => stalls.set(method, resolve));
    },
    inject(body) {
      const update = { update_id: nextUpdateId++, ...body } as Update;
      if (fake.webhook) {
        void postToWebhook(update);
      } else {
        queue.push(update);
        for (const poll of [...pollers]) poll();
      }
      return update.update_id;
    },
    async close() {
      for (const poll of [...pollers]) poll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
