import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIAttachment, APIMessage, APIUser } from 'discord-api-types/v10';
import { makePng } from './fake-png.ts';
import { buildThread, gatewayMessage, hideContent, shapeForIntents } from './fake-payloads.ts';
import type { FakeGateway } from './fake-gateway.ts';
import { buildMessage, INTENTS, isGuildChannel, type FakeWorld } from './fake-world.ts';

/** One REST or CDN call as the fake saw it, for tests to assert on. */
export interface RecordedCall {
  method: string;
  /** Under /api/v10 for the API (e.g. `/channels/1/messages`), `/cdn/...` for the CDN. */
  path: string;
  query: string;
  /** Sent with `Authorization: Bot <token>`. */
  botAuth: boolean;
  /** JSON body, or a multipart body's payload_json. */
  body: Record<string, unknown> | null;
  files: { field: string; name: string; size: number }[];
  status: number;
  at: number;
}

/** A live interaction: its token works for webhooks; its original response is a message. */
export interface FakeInteraction {
  id: string;
  token: string;
  channelId: string;
  user: APIUser;
  createdAt: number;
  acknowledgedAt: number | null;
  callbackType: number | null;
  originalMessageId: string | null;
  /** For a button: the message the button is on. */
  sourceMessageId: string | null;
}

export interface FakeRestState {
  world: FakeWorld;
  gateway: () => FakeGateway;
  calls: RecordedCall[];
  interactions: Map<string, FakeInteraction>;
  cdnBase: string;
  /** Discord's per-file limit: bigger files get 413 / 40005. */
  uploadLimitBytes: number;
  /** Refuse the next N uploads with 413 / 40005 whatever their size. */
  failUploads: number;
  /** Initial response deadline, ms (Discord: 3 s). */
  ackDeadlineMs: number;
  /** Interaction token lifetime, ms (Discord: 15 min). */
  tokenLifetimeMs: number;
  /** The portal's Message Content switch; REST message reads are emptied without it. */
  messageContentAllowed: boolean;
  commands: Map<string, unknown[]>;
  /** Scripted errors: the next call matching method and path gets this answer instead. */
  faults: { method: string; path: RegExp; status: number; code: number; message: string }[];
  /** Scripted 429s: the next `count` calls matching method and path (only those with a file: `uploadsOnly`) are rate limited for `retryAfterSeconds`. */
  rateLimits: { method: string; path: RegExp; count: number; retryAfterSeconds: number; uploadsOnly?: boolean }[];
}

interface Reply {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  bytes?: { data: Buffer; contentType: string };
}

const ok = (json: unknown): Reply => ({ status: 200, json });
const noContent: Reply = { status: 204 };
const error = (status: number, code: number, message: string): Reply => ({ status, json: { code, message } });

/** Discord's 429 for one route's bucket: `retry_after` in the body (seconds, a float) and the rate-limit headers. */
const rateLimited = (retryAfterSeconds: number): Reply => ({
  status: 429,
  headers: {
    'retry-after': String(Math.ceil(retryAfterSeconds)),
    'x-ratelimit-limit': '5',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset-after': String(retryAfterSeconds),
    'x-ratelimit-bucket': 'fake-bucket',
    'x-ratelimit-scope': 'user',
  },
  json: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global: false, code: 0 },
});

async function readBody(request: IncomingMessage): Promise<{ body: Record<string, unknown> | null; files: { field: string; name: string; data: Buffer; contentType: string }[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const contentType = request.headers['content-type'] ?? '';
  if (raw.length === 0) return { body: null, files: [] };
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    const files: { field: string; name: string; data: Buffer; contentType: string }[] = [];
    let body: Record<string, unknown> | null = null;
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value) as Record<string, unknown>;
      } else {
        files.push({ field, name: value.name, data: Buffer.from(await value.arrayBuffer()), contentType: value.type });
      }
    }
    return { body, files };
  }
  return { body: JSON.parse(raw.toString('utf8')) as Record<string, unknown>, files: [] };
}

/** A REST/CDN request handler over the shared world; every call is recorded after it is answered. */
export function createRestHandler(state: FakeRestState) {
  const { world } = state;

  const attachmentsFrom = (channelId: string, files: { name: string; data: Buffer; contentType: string }[]): APIAttachment[] =>
    files.map((file) => {
      const id = world.snowflake();
      const path = `/attachments/${channelId}/${id}/${file.name}`;
      world.cdnFiles.set(path, { data: file.data, contentType: file.contentType });
      return { id, filename: file.name, size: file.data.length, url: `${state.cdnBase}${path}`, proxy_url: `${state.cdnBase}${path}`, content_type: file.contentType };
    });

  const store = (message: APIMessage, ephemeral = false): APIMessage => {
    world.messages.set(message.id, { message, ephemeral });
    if (!ephemeral) {
      const channel = world.channels.get(message.channel_id);
      const intent = isGuildChannel(channel) ? INTENTS.GuildMessages : INTENTS.DirectMessages;
      state.gateway().dispatch('MESSAGE_CREATE', gatewayMessage(world, message), intent, shapeForIntents(world));
    }
    return message;
  };

  const createMessage = (channelId: string, author: APIUser, body: Record<string, unknown>, files: { name: string; data: Buffer; contentType: string }[], ephemeral = false) => {
    const referenceId = (body.message_reference as { message_id?: string } | undefined)?.message_id;
    const referenced = referenceId ? world.messages.get(referenceId)?.message : undefined;
    if (referenceId && referenced?.channel_id !== channelId && (body.message_reference as { fail_if_not_exists?: boolean }).fail_if_not_exists !== false) {
      return error(400, 50035, 'Invalid Form Body: message_reference: Unknown message');
    }
    const message = buildMessage(world, {
      channelId,
      author,
      content: typeof body.content === 'string' ? body.content : '',
      attachments: attachmentsFrom(channelId, files),
      components: (body.components as APIMessage['components']) ?? [],
      flags: (typeof body.flags === 'number' ? body.flags : 0) | (ephemeral ? 64 : 0),
      reference: referenced?.channel_id === channelId ? referenced : null,
    });
    return ok(store(message, ephemeral));
  };

  const tooLarge = (files: { data: Buffer }[]): boolean => {
    if (files.length === 0) return false;
    if (state.failUploads > 0) {
      state.failUploads -= 1;
      return true;
    }
    return files.some((file) => file.data.length > state.uploadLimitBytes);
  };

  const editMessage = (id: string, body: Record<string, unknown>, files: { name: string; data: Buffer; contentType: string }[]) => {
    const stored = world.messages.get(id);
    if (!stored) return error(404, 10008, 'Unknown Message');
    const message = stored.message;
    if (typeof body.content === 'string') message.content = body.content;
    if (Array.isArray(body.components)) message.components = body.components as APIMessage['components'];
    // Like Discord: `attachments` lists the ones the message keeps (new uploads among them), and
    // uploads without the list are added; `embeds` replaces the embeds ([] removes them).
    const kept = Array.isArray(body.attachments)
      ? message.attachments.filter((attachment) => (body.attachments as { id?: unknown }[]).some((listed) => String(listed.id) === attachment.id))
      : message.attachments;
    if (Array.isArray(body.attachments) || files.length > 0) message.attachments = [...kept, ...attachmentsFrom(message.channel_id, files)];
    if (Array.isArray(body.embeds)) message.embeds = body.embeds as APIMessage['embeds'];
    message.flags = (message.flags ?? 0) & ~128; // no longer "thinking…"
    message.edited_timestamp = new Date().toISOString();
    return ok(message);
  };

  /** Writing into an archived thread is refused with 50083 until it is unarchived. */
  const archived = (channelId: string): boolean => {
    const channel = world.channels.get(channelId) as { thread_metadata?: { archived: boolean } } | undefined;
    return channel?.thread_metadata?.archived === true;
  };
  const archivedError = () => error(400, 50083, 'Thread is archived');

  const interactionFor = (token: string): FakeInteraction | Reply => {
    const interaction = state.interactions.get(token);
    if (!interaction) return error(404, 10015, 'Unknown Webhook');
    if (Date.now() - interaction.createdAt > state.tokenLifetimeMs) return error(401, 50027, 'Invalid Webhook Token');
    return interaction;
  };

  type Route = [string, RegExp, (match: string[], body: Record<string, unknown>, files: { field: string; name: string; data: Buffer; contentType: string }[], query: URLSearchParams) => Reply];
  const botRoutes: Route[] = [
    ['GET', /^\/gateway\/bot$/, () => ok({ url: state.gateway().url, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } })],
    ['GET', /^\/users\/@me$/, () => ok(world.bot)],
    [
      'GET',
      /^\/applications\/@me$/,
      () => ok({ id: world.applicationId, name: 'Reverie', icon: null, description: '', bot_public: true, bot_require_code_grant: false, verify_key: 'x', flags: 0, bot: world.bot }),
    ],
    ['PUT', /^\/applications\/(\d+)\/commands$/, (_m, body) => saveCommands('global', body)],
    ['PUT', /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/, (m, body) => saveCommands(`guild:${m[2]}`, body)],
    [
      'GET',
      /^\/channels\/(\d+)$/,
      ([, id]) => {
        const channel = world.channels.get(id as string);
        return channel ? ok(channel) : error(404, 10003, 'Unknown Channel');
      },
    ],
    [
      'PATCH',
      /^\/channels\/(\d+)$/,
      ([, id], body) => {
        const channel = world.channels.get(id as string);
        if (!channel) return error(404, 10003, 'Unknown Channel');
        if (typeof body.name === 'string') (channel as { name?: string }).name = body.name;
        const metadata = (channel as { thread_metadata?: { archived: boolean } }).thread_metadata;
        if (metadata && typeof body.archived === 'boolean') metadata.archived = body.archived;
        return ok(channel);
      },
    ],
    [
      'POST',
      /^\/channels\/(\d+)\/messages$/,
      ([, id], body, files) => {
        if (!world.channels.has(id as string)) return error(404, 10003, 'Unknown Channel');
        if (archived(id as string)) return archivedError();
        if (tooLarge(files)) return error(413, 40005, 'Request entity too large');
        return createMessage(id as string, world.bot, body, files);
      },
    ],
    [
      'GET',
      /^\/channels\/(\d+)\/messages\/(\d+)$/,
      ([, channelId, id]) => {
        const stored = world.messages.get(id as string);
        if (!stored || stored.ephemeral || stored.message.channel_id !== channelId) return error(404, 10008, 'Unknown Message');
        return ok(hideContent(world, stored.message, state.messageContentAllowed));
      },
    ],
    [
      'PATCH',
      /^\/channels\/(\d+)\/messages\/(\d+)$/,
      ([, channelId, id], body, files) => {
        const stored = world.messages.get(id as string);
        if (!stored || stored.ephemeral || stored.message.channel_id !== channelId) return error(404, 10008, 'Unknown Message');
        if (stored.message.author.id !== world.bot.id) return error(403, 50005, 'Cannot edit a message authored by another user');
        if (archived(channelId as string)) return archivedError();
        return editMessage(id as string, body, files);
      },
    ],
    [
      'DELETE',
      /^\/channels\/(\d+)\/messages\/(\d+)$/,
      ([, channelId, id]) => {
        const stored = world.messages.get(id as string);
        if (!stored || stored.message.channel_id !== channelId) return error(404, 10008, 'Unknown Message');
        world.messages.delete(id as string);
        state.gateway().dispatch('MESSAGE_DELETE', { id, channel_id: channelId, guild_id: world.guildId }, INTENTS.GuildMessages);
        return noContent;
      },
    ],
    [
      'POST',
      /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/,
      ([, channelId, id], body) => {
        const channel = world.channels.get(channelId as string);
        const stored = world.messages.get(id as string);
        if (!channel) return error(404, 10003, 'Unknown Channel');
        if (channel.type !== 0 && channel.type !== 5) return error(400, 50024, 'Cannot execute action on this channel type');
        if (!stored || stored.message.channel_id !== channelId) return error(404, 10008, 'Unknown Message');
        if (world.channels.has(id as string)) return error(400, 160004, 'A thread has already been created for this message');
        const thread = buildThread(world, { id: id as string, parentId: channelId as string, name: String(body.name ?? ''), autoArchiveMinutes: Number(body.auto_archive_duration ?? 1440) });
        world.channels.set(thread.id, thread);
        stored.message.flags = (stored.message.flags ?? 0) | 32; // HAS_THREAD
        state.gateway().dispatch('THREAD_CREATE', { ...thread, newly_created: true }, INTENTS.Guilds);
        return { status: 201, json: thread };
      },
    ],
    [
      'PUT',
      /^\/channels\/(\d+)\/messages\/(\d+)\/reactions\/([^/]+)\/@me$/,
      ([, channelId, id, emoji]) => {
        if (!world.messages.has(id as string)) return error(404, 10008, 'Unknown Message');
        if (archived(channelId as string)) return archivedError();
        const guild = isGuildChannel(world.channels.get(channelId as string));
        // Discord echoes the bot's own reactions; the adapter must ignore them.
        state.gateway().dispatch(
          'MESSAGE_REACTION_ADD',
          {
            user_id: world.bot.id,
            channel_id: channelId,
            message_id: id,
            emoji: { id: null, name: emoji as string },
            burst: false,
            type: 0,
            ...(guild ? { guild_id: world.guildId, member: world.memberPayload(world.bot.id, true) } : {}),
          },
          guild ? INTENTS.GuildMessageReactions : INTENTS.DirectMessageReactions,
        );
        return noContent;
      },
    ],
    ['GET', /^\/guilds\/(\d+)\/members\/(\d+)$/, ([, , userId]) => (world.members.has(userId as string) ? ok(world.memberPayload(userId as string, true)) : error(404, 10007, 'Unknown Member'))],
  ];

  function saveCommands(scope: string, body: unknown): Reply {
    const commands = (Array.isArray(body) ? body : []).map((command: Record<string, unknown>) => ({
      ...command,
      id: world.snowflake(),
      application_id: world.applicationId,
      version: world.snowflake(),
      type: 1,
    }));
    state.commands.set(scope, commands);
    return ok(commands);
  }

  const webhookRoutes: Route[] = [
    [
      'POST',
      /^\/interactions\/(\d+)\/([^/]+)\/callback$/,
      ([, , token], body, files) => {
        const interaction = state.interactions.get(token as string);
        if (!interaction) return error(404, 10062, 'Unknown interaction');
        if (interaction.acknowledgedAt !== null) return error(400, 40060, 'Interaction has already been acknowledged.');
        if (Date.now() - interaction.createdAt > state.ackDeadlineMs) return error(404, 10062, 'Unknown interaction');
        interaction.acknowledgedAt = Date.now();
        interaction.callbackType = Number(body.type);
        const data = (body.data ?? {}) as Record<string, unknown>;
        const ephemeral = (Number(data.flags ?? 0) & 64) !== 0;
        if (body.type === 4 || body.type === 5) {
          const created = createMessage(interaction.channelId, world.bot, { ...data, flags: body.type === 5 ? 128 : 0 }, files, ephemeral);
          interaction.originalMessageId = (created.json as APIMessage).id;
        } else if (body.type === 6 || body.type === 7) {
          interaction.originalMessageId = interaction.sourceMessageId;
          if (body.type === 7 && interaction.sourceMessageId) editMessage(interaction.sourceMessageId, data, []);
        }
        return noContent;
      },
    ],
    [
      'PATCH',
      /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/,
      ([, , token], body, files) => {
        const interaction = interactionFor(token as string);
        if (!('token' in interaction)) return interaction;
        if (!interaction.originalMessageId) return error(404, 10008, 'Unknown Message');
        return editMessage(interaction.originalMessageId, body, files);
      },
    ],
    [
      'DELETE',
      /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/,
      ([, , token]) => {
        const interaction = interactionFor(token as string);
        if (!('token' in interaction)) return interaction;
        const stored = interaction.originalMessageId ? world.messages.get(interaction.originalMessageId) : undefined;
        if (!stored) return error(404, 10008, 'Unknown Message');
        world.messages.delete(stored.message.id);
        if (!stored.ephemeral) state.gateway().dispatch('MESSAGE_DELETE', { id: stored.message.id, channel_id: stored.message.channel_id, guild_id: world.guildId }, INTENTS.GuildMessages);
        return noContent;
      },
    ],
    [
      'GET',
      /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/,
      ([, , token]) => {
        const interaction = interactionFor(token as string);
        if (!('token' in interaction)) return interaction;
        const stored = interaction.originalMessageId ? world.messages.get(interaction.originalMessageId) : undefined;
        return stored ? ok(stored.message) : error(404, 10008, 'Unknown Message');
      },
    ],
    [
      'POST',
      /^\/webhooks\/(\d+)\/([^/]+)$/,
      ([, , token], body, files) => {
        const interaction = interactionFor(token as string);
        if (!('token' in interaction)) return interaction;
        if (tooLarge(files)) return error(413, 40005, 'Request entity too large');
        return createMessage(interaction.channelId, world.bot, body, files, (Number(body.flags ?? 0) & 64) !== 0);
      },
    ],
  ];

  const cdn = (path: string): Reply => {
    const file = world.cdnFiles.get(path);
    if (file) return { status: 200, bytes: file };
    const avatar = /^\/avatars\/(\d+)\/(\w+)\.png$/.exec(path);
    const memberAvatar = /^\/guilds\/\d+\/users\/(\d+)\/avatars\/(\w+)\.png$/.exec(path);
    if (avatar && world.users.get(avatar[1] as string)?.avatar === avatar[2]) return { status: 200, bytes: { data: makePng(128, 128, [40, 120, 200]), contentType: 'image/png' } };
    if (memberAvatar && world.members.get(memberAvatar[1] as string)?.avatar === memberAvatar[2]) return { status: 200, bytes: { data: makePng(128, 128, [200, 80, 40]), contentType: 'image/png' } };
    return { status: 404, json: { message: 'Not Found' } };
  };

  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const method = request.method ?? 'GET';
    const { body, files } = await readBody(request);
    const botAuth = request.headers.authorization === `Bot ${world.token}`;
    // discord.js sends `@original` as `%40original` and emoji percent-encoded; routes see them decoded.
    let path = decodeURIComponent(url.pathname);
    let reply: Reply;
    if (path.startsWith('/cdn/')) {
      path = path.slice('/cdn'.length);
      reply = cdn(path);
      path = `/cdn${path}`;
    } else if (path.startsWith('/api/v10/')) {
      path = path.slice('/api/v10'.length);
      const webhook = webhookRoutes.find(([routeMethod, pattern]) => routeMethod === method && pattern.test(path));
      const bot = botRoutes.find(([routeMethod, pattern]) => routeMethod === method && pattern.test(path));
      const route = webhook ?? bot;
      const faultIndex = state.faults.findIndex((fault) => fault.method === method && fault.path.test(path));
      const fault = faultIndex >= 0 ? state.faults.splice(faultIndex, 1)[0] : undefined;
      const limit = state.rateLimits.find((each) => each.count > 0 && each.method === method && each.path.test(path) && (!each.uploadsOnly || files.length > 0));
      if (limit) limit.count -= 1;
      if (limit) reply = rateLimited(limit.retryAfterSeconds);
      else if (fault) reply = error(fault.status, fault.code, fault.message);
      else if (!route) reply = error(404, 0, `404: no fake route for ${method} ${path}`);
      else if (!webhook && !botAuth) reply = error(401, 0, '401: Unauthorized');
      else reply = route[2](route[1].exec(path) as unknown as string[], body ?? {}, files, url.searchParams);
    } else {
      reply = error(404, 0, 'Not Found');
    }
    state.calls.push({
      method,
      path,
      query: url.search,
      botAuth,
      body,
      files: files.map((file) => ({ field: file.field, name: file.name, size: file.data.length })),
      status: reply.status,
      at: Date.now(),
    });
    if (reply.bytes) {
      response.writeHead(reply.status, { 'content-type': reply.bytes.contentType, 'content-length': reply.bytes.data.length });
      response.end(reply.bytes.data);
    } else if (reply.json !== undefined) {
      const text = JSON.stringify(reply.json);
      response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      response.end(text);
    } else {
      response.writeHead(reply.status);
      response.end();
    }
  };
}
