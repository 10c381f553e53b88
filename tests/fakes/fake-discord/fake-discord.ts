import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIAttachment, APIChannel, APIMessage, APIUser } from 'discord-api-types/v10';
import { startFakeGateway, type FakeGateway, type Identify } from './fake-gateway.ts';
import { channelPayloadFor, gatewayMessage, shapeForIntents } from './fake-payloads.ts';
import { createRestHandler, type FakeInteraction, type FakeRestState, type RecordedCall } from './fake-rest.ts';
import { buildMessage, createWorld, INTENTS, isGuildChannel, PERMISSIONS, type FakeWorld } from './fake-world.ts';

export type { FakeInteraction, RecordedCall };

/**
 * A small Discord on 127.0.0.1: REST under /api/v10, a CDN under /cdn and a gateway WebSocket,
 * enough for the real discord.js client to log in, receive events the test injects, and answer
 * through REST calls the test then asserts on.
 */
export interface FakeDiscordOptions {
  /** The Developer Portal's Message Content switch (off: identifying with it closes 4014). */
  messageContentAllowed?: boolean;
  /** Per-file upload limit, bytes (default 10 MiB). */
  uploadLimitBytes?: number;
  /** Initial interaction response deadline, ms (default 3 s, as Discord). */
  ackDeadlineMs?: number;
  preferredLocale?: string;
}

export interface FakeUserOptions {
  name: string;
  /** A global avatar (default true). */
  avatar?: boolean;
  /** A server avatar too (default false). */
  serverAvatar?: boolean;
  moderator?: boolean;
  /** Manage Server (may run /settings). */
  admin?: boolean;
}

export interface FakeDiscord {
  apiBase: string;
  cdnBase: string;
  token: string;
  world: FakeWorld;
  bot: APIUser;
  calls: RecordedCall[];
  identifies: Identify[];
  /** DISCORD_* settings that point Reverie at this fake. */
  env: Record<string, string>;
  addUser(options: FakeUserOptions): APIUser;
  dmChannelFor(user: APIUser): string;
  /** A user posts a message (in the text channel unless `channelId`); the gateway dispatches it. */
  postMessage(options: { author: APIUser; content: string; channelId?: string; replyTo?: string; attachments?: { name: string; data: Buffer; contentType: string }[] }): APIMessage;
  slash(options: { user: APIUser; name: string; options?: Record<string, string | number | boolean>; channelId?: string; locale?: string; attachmentSizeLimit?: number }): FakeInteraction;
  click(options: { user: APIUser; messageId: string; customId: string; locale?: string }): FakeInteraction;
  react(options: { user: APIUser; messageId: string; emoji: string }): void;
  /** The next call matching method and path is answered with this Discord error (e.g. 403 / 50013). */
  failNextCall(method: string, path: RegExp, answer: { status: number; code: number; message: string }): void;
  /** The next `count` calls matching method and path (with a file, given `uploadsOnly`) answer 429 with `retry_after` and Discord's rate-limit headers. */
  rateLimitNextCalls(method: string, path: RegExp, limit: { count: number; retryAfterSeconds: number; uploadsOnly?: boolean }): void;
  /** Archives a thread, as Discord does after its auto-archive time without activity. */
  archiveThread(threadId: string): void;
  /** The next `count` uploads get 413 / 40005, whatever their size. */
  failNextUploads(count?: number): void;
  waitForCall(predicate: (call: RecordedCall) => boolean, options?: { timeoutMs?: number; from?: number; what?: string }): Promise<RecordedCall>;
  message(id: string): APIMessage | undefined;
  messagesIn(channelId: string): APIMessage[];
  channel(id: string): APIChannel | undefined;
  gatewaySessions(): number;
  close(): Promise<void>;
}

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const token = `fake.${randomBytes(12).toString('hex')}`;
  const world = createWorld({ token, ...(options.preferredLocale ? { preferredLocale: options.preferredLocale } : {}) });
  const state: FakeRestState = {
    world,
    gateway: () => gateway,
    calls: [],
    interactions: new Map(),
    cdnBase: '',
    uploadLimitBytes: options.uploadLimitBytes ?? 10 * 1024 * 1024,
    failUploads: 0,
    ackDeadlineMs: options.ackDeadlineMs ?? 3_000,
    tokenLifetimeMs: 15 * 60_000,
    messageContentAllowed: options.messageContentAllowed ?? false,
    commands: new Map(),
    faults: [],
    rateLimits: [],
  };
  const handler = createRestHandler(state);
  const server = createServer((request, response) => {
    handler(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: String(error), code: 0 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.cdnBase = `${base}/cdn`;
  const gateway: FakeGateway = startFakeGateway(server, base, world, { messageContentAllowed: state.messageContentAllowed });

  const dmChannels = new Map<string, string>();
  const dmChannelFor = (user: APIUser): string => {
    let id = dmChannels.get(user.id);
    if (!id) {
      id = world.snowflake();
      dmChannels.set(user.id, id);
      world.channels.set(id, { id, type: 1, last_message_id: null, flags: 0, recipients: [user] } as unknown as APIChannel);
    }
    return id;
  };

  const newInteraction = (user: APIUser, channelId: string, sourceMessageId: string | null): FakeInteraction => {
    const interaction: FakeInteraction = {
      id: world.snowflake(),
      token: `interaction.${randomBytes(16).toString('hex')}`,
      channelId,
      user,
      createdAt: Date.now(),
      acknowledgedAt: null,
      callbackType: null,
      originalMessageId: null,
      sourceMessageId,
    };
    state.interactions.set(interaction.token, interaction);
    return interaction;
  };

  /** What every interaction payload carries: who, where, locale, limits. */
  const interactionBase = (interaction: FakeInteraction, locale: string, attachmentSizeLimit: number) => {
    const channel = world.channels.get(interaction.channelId);
    const inGuild = isGuildChannel(channel);
    return {
      id: interaction.id,
      application_id: world.applicationId,
      token: interaction.token,
      version: 1,
      channel_id: interaction.channelId,
      channel: channelPayloadFor(world, interaction.channelId, interaction.user),
      locale,
      app_permissions: world.permissionsOf(world.bot.id).toString(),
      entitlements: [],
      attachment_size_limit: attachmentSizeLimit,
      ...(inGuild
        ? {
            guild_id: world.guildId,
            guild: { id: world.guildId, locale: world.preferredLocale, features: [] },
            guild_locale: world.preferredLocale,
            member: { ...world.memberPayload(interaction.user.id, true), permissions: world.permissionsOf(interaction.user.id).toString() },
            authorizing_integration_owners: { '0': world.guildId },
            context: 0,
          }
        : { user: interaction.user, authorizing_integration_owners: { '0': world.guildId }, context: 1 }),
    };
  };

  const fake: FakeDiscord = {
    apiBase: `${base}/api`,
    cdnBase: state.cdnBase,
    token,
    world,
    bot: world.bot,
    calls: state.calls,
    identifies: gateway.identifies,
    env: { DISCORD_TOKEN: token, DISCORD_API_BASE: `${base}/api`, DISCORD_CDN_BASE: state.cdnBase },
    addUser(userOptions) {
      const id = world.snowflake();
      const user: APIUser = {
        id,
        username: userOptions.name.toLowerCase(),
        discriminator: '0',
        global_name: userOptions.name,
        avatar: userOptions.avatar === false ? null : `a${randomBytes(8).toString('hex')}`,
      };
      world.users.set(id, user);
      world.members.set(id, {
        userId: id,
        roles: [...(userOptions.moderator ? [world.moderatorRoleId] : []), ...(userOptions.admin ? [world.adminRoleId] : [])],
        nick: null,
        avatar: userOptions.serverAvatar ? `s${randomBytes(8).toString('hex')}` : null,
        joinedAt: new Date().toISOString(),
      });
      return user;
    },
    dmChannelFor,
    postMessage({ author, content, channelId, replyTo, attachments }) {
      const target = channelId ?? world.textChannelId;
      const stored: APIAttachment[] = (attachments ?? []).map((file) => {
        const id = world.snowflake();
        const path = `/attachments/${target}/${id}/${file.name}`;
        world.cdnFiles.set(path, { data: file.data, contentType: file.contentType });
        return { id, filename: file.name, size: file.data.length, url: `${state.cdnBase}${path}`, proxy_url: `${state.cdnBase}${path}`, content_type: file.contentType };
      });
      const reference = replyTo ? (world.messages.get(replyTo)?.message ?? null) : null;
      const message = buildMessage(world, { channelId: target, author, content, attachments: stored, reference });
      world.messages.set(message.id, { message, ephemeral: false });
      const intent = isGuildChannel(world.channels.get(target)) ? INTENTS.GuildMessages : INTENTS.DirectMessages;
      gateway.dispatch('MESSAGE_CREATE', gatewayMessage(world, message), intent, shapeForIntents(world));
      return message;
    },
    slash({ user, name, options: values = {}, channelId, locale = 'en-US', attachmentSizeLimit = 10 * 1024 * 1024 }) {
      const interaction = newInteraction(user, channelId ?? world.textChannelId, null);
      const typeOf = (value: unknown) => (typeof value === 'string' ? 3 : typeof value === 'boolean' ? 5 : 4);
      gateway.dispatch(
        'INTERACTION_CREATE',
        {
          ...interactionBase(interaction, locale, attachmentSizeLimit),
          type: 2,
          data: { id: world.snowflake(), name, type: 1, options: Object.entries(values).map(([key, value]) => ({ name: key, type: typeOf(value), value })) },
        },
        null,
      );
      return interaction;
    },
    click({ user, messageId, customId, locale = 'en-US' }) {
      const stored = world.messages.get(messageId);
      if (!stored) throw new Error(`no message ${messageId} to click on`);
      const interaction = newInteraction(user, stored.message.channel_id, messageId);
      gateway.dispatch('INTERACTION_CREATE', { ...interactionBase(interaction, locale, 10 * 1024 * 1024), type: 3, message: stored.message, data: { custom_id: customId, component_type: 2 } }, null);
      return interaction;
    },
    react({ user, messageId, emoji }) {
      const stored = world.messages.get(messageId);
      if (!stored) throw new Error(`no message ${messageId} to react to`);
      const channelId = stored.message.channel_id;
      const guild = isGuildChannel(world.channels.get(channelId));
      gateway.dispatch(
        'MESSAGE_REACTION_ADD',
        {
          user_id: user.id,
          channel_id: channelId,
          message_id: messageId,
          message_author_id: stored.message.author.id,
          emoji: { id: null, name: emoji },
          burst: false,
          type: 0,
          ...(guild ? { guild_id: world.guildId, member: world.memberPayload(user.id, true) } : {}),
        },
        guild ? INTENTS.GuildMessageReactions : INTENTS.DirectMessageReactions,
      );
    },
    failNextCall(method, path, answer) {
      state.faults.push({ method, path, ...answer });
    },
    rateLimitNextCalls(method, path, limit) {
      state.rateLimits.push({ method, path, ...limit });
    },
    archiveThread(threadId) {
      const thread = world.channels.get(threadId) as { thread_metadata?: { archived: boolean } } | undefined;
      if (!thread?.thread_metadata) throw new Error(`${threadId} is not a thread`);
      thread.thread_metadata.archived = true;
    },
    failNextUploads(count = 1) {
      state.failUploads += count;
    },
    async waitForCall(predicate, waitOptions = {}) {
      const deadline = Date.now() + (waitOptions.timeoutMs ?? 30_000);
      for (;;) {
        const found = state.calls.slice(waitOptions.from ?? 0).find(predicate);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`fake Discord: timed out waiting for ${waitOptions.what ?? 'a call'}; saw ${state.calls.map((call) => `${call.method} ${call.path} ${call.status}`).join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    message: (id) => world.messages.get(id)?.message,
    messagesIn: (channelId) => [...world.messages.values()].filter((stored) => stored.message.channel_id === channelId && !stored.ephemeral).map((stored) => stored.message),
    channel: (id) => world.channels.get(id),
    gatewaySessions: () => gateway.sessionCount(),
    async close() {
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

export { PERMISSIONS };
