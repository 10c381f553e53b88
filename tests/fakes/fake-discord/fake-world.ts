import type { APIAttachment, APIChannel, APIGuildMember, APIMessage, APIRole, APIUser } from 'discord-api-types/v10';

/**
 * The fake Discord's memory: one guild with a text channel, users and their members, DM channels,
 * threads and every message. REST routes, the gateway and the test's "user actions" share it.
 */

/** Permission bits the fake computes with (discord-api-types' PermissionFlagsBits values). */
export const PERMISSIONS = {
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  UseApplicationCommands: 1n << 31n,
  CreatePublicThreads: 1n << 35n,
  SendMessagesInThreads: 1n << 38n,
} as const;

/** Gateway intent bits the fake filters dispatches by. */
export const INTENTS = {
  Guilds: 1 << 0,
  GuildMessages: 1 << 9,
  GuildMessageReactions: 1 << 10,
  DirectMessages: 1 << 12,
  DirectMessageReactions: 1 << 13,
  MessageContent: 1 << 15,
} as const;

const EVERYONE_PERMISSIONS =
  PERMISSIONS.AddReactions |
  PERMISSIONS.ViewChannel |
  PERMISSIONS.SendMessages |
  PERMISSIONS.EmbedLinks |
  PERMISSIONS.AttachFiles |
  PERMISSIONS.ReadMessageHistory |
  PERMISSIONS.UseApplicationCommands |
  PERMISSIONS.CreatePublicThreads |
  PERMISSIONS.SendMessagesInThreads;

export interface FakeMember {
  userId: string;
  roles: string[];
  nick: string | null;
  /** Server avatar hash, or null. */
  avatar: string | null;
  joinedAt: string;
}

/** A stored message plus what the channel API must not show (ephemeral interaction replies). */
export interface StoredMessage {
  message: APIMessage;
  ephemeral: boolean;
}

export interface FakeWorld {
  token: string;
  bot: APIUser;
  applicationId: string;
  guildId: string;
  textChannelId: string;
  everyoneRoleId: string;
  moderatorRoleId: string;
  /** A role with Manage Server: the members who may run /settings. */
  adminRoleId: string;
  botRoleId: string;
  preferredLocale: string;
  premiumTier: number;
  users: Map<string, APIUser>;
  members: Map<string, FakeMember>;
  roles: APIRole[];
  /** Guild channels and threads (raw API objects) and DM channels. */
  channels: Map<string, APIChannel>;
  messages: Map<string, StoredMessage>;
  /** Bytes the fake CDN serves, by path under the CDN base (e.g. `/attachments/1/2/a.txt`). */
  cdnFiles: Map<string, { data: Buffer; contentType: string }>;
  snowflake(): string;
  memberPayload(userId: string, withUser: boolean): APIGuildMember;
  /** The member's permissions in the guild (no channel overwrites in this fake). */
  permissionsOf(userId: string): bigint;
}

const DISCORD_EPOCH = 1420070400000n;

function role(id: string, name: string, permissions: bigint, position: number, botId?: string): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    position,
    permissions: permissions.toString(),
    managed: botId !== undefined,
    mentionable: false,
    flags: 0 as APIRole['flags'],
    ...(botId ? { tags: { bot_id: botId } } : {}),
  };
}

export function createWorld(options: { token: string; preferredLocale?: string; premiumTier?: number }): FakeWorld {
  let counter = 0n;
  const snowflake = () => {
    counter += 1n;
    return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (counter & 0x3fffffn)).toString();
  };
  const guildId = snowflake();
  const botId = snowflake();
  const bot: APIUser = { id: botId, username: 'Reverie', discriminator: '0000', global_name: 'Reverie', avatar: null, bot: true };
  const moderatorRoleId = snowflake();
  const adminRoleId = snowflake();
  const botRoleId = snowflake();
  const textChannelId = snowflake();
  const world: FakeWorld = {
    token: options.token,
    bot,
    applicationId: botId,
    guildId,
    textChannelId,
    everyoneRoleId: guildId,
    moderatorRoleId,
    adminRoleId,
    botRoleId,
    preferredLocale: options.preferredLocale ?? 'en-US',
    premiumTier: options.premiumTier ?? 0,
    users: new Map([[botId, bot]]),
    members: new Map([[botId, { userId: botId, roles: [botRoleId], nick: null, avatar: null, joinedAt: new Date().toISOString() }]]),
    roles: [
      role(guildId, '@everyone', EVERYONE_PERMISSIONS, 0),
      role(moderatorRoleId, 'Moderator', EVERYONE_PERMISSIONS | PERMISSIONS.ManageMessages, 1),
      role(botRoleId, 'Reverie', EVERYONE_PERMISSIONS, 2, botId),
      role(adminRoleId, 'Admin', EVERYONE_PERMISSIONS | PERMISSIONS.ManageGuild, 3),
    ],
    channels: new Map(),
    messages: new Map(),
    cdnFiles: new Map(),
    snowflake,
    memberPayload(userId, withUser) {
      const member = world.members.get(userId);
      const user = world.users.get(userId);
      if (!member || !user) throw new Error(`no member ${userId}`);
      return {
        ...(withUser ? { user } : {}),
        nick: member.nick,
        avatar: member.avatar,
        roles: member.roles,
        joined_at: member.joinedAt,
        deaf: false,
        mute: false,
        flags: 0,
      } as unknown as APIGuildMember;
    },
    permissionsOf(userId) {
      const member = world.members.get(userId);
      if (!member) return 0n;
      return world.roles.filter((candidate) => candidate.id === guildId || member.roles.includes(candidate.id)).reduce((bits, candidate) => bits | BigInt(candidate.permissions), 0n);
    },
  };
  world.channels.set(textChannelId, {
    id: textChannelId,
    type: 0,
    guild_id: guildId,
    name: 'general',
    position: 0,
    permission_overwrites: [],
    parent_id: null,
    nsfw: false,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0,
  } as unknown as APIChannel);
  return world;
}

/** Everything a real message payload has; `guild_id`/`member` are added by the gateway only. */
export function buildMessage(
  world: FakeWorld,
  fields: { channelId: string; author: APIUser; content: string; attachments?: APIAttachment[]; components?: APIMessage['components']; type?: number; flags?: number; reference?: APIMessage | null },
): APIMessage {
  const mentionIds = [...fields.content.matchAll(/<@!?(\d+)>/g)].map((match) => match[1] as string);
  const mentions = mentionIds.map((id) => world.users.get(id)).filter((user): user is APIUser => user !== undefined);
  const reference = fields.reference ?? null;
  return {
    id: world.snowflake(),
    channel_id: fields.channelId,
    author: fields.author,
    content: fields.content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions,
    mention_roles: [...fields.content.matchAll(/<@&(\d+)>/g)].map((match) => match[1] as string),
    attachments: fields.attachments ?? [],
    embeds: [],
    pinned: false,
    type: fields.type ?? (reference ? 19 : 0),
    flags: fields.flags ?? 0,
    components: fields.components ?? [],
    ...(reference ? { message_reference: { type: 0, message_id: reference.id, channel_id: reference.channel_id }, referenced_message: reference } : {}),
  } as APIMessage;
}

export function isGuildChannel(channel: APIChannel | undefined): channel is APIChannel & { guild_id: string } {
  return channel !== undefined && 'guild_id' in channel && typeof channel.guild_id === 'string';
}
