import type { APIChannel, APIMessage, APIUser } from 'discord-api-types/v10';
import { INTENTS, isGuildChannel, type FakeWorld } from './fake-world.ts';

/** GUILD_CREATE as Discord sends it after READY: roles, channels, active threads, the bot's member. */
export function buildGuildCreate(world: FakeWorld): unknown {
  const guildChannels = [...world.channels.values()].filter(isGuildChannel);
  const threads = guildChannels.filter((channel) => channel.type === 11 || channel.type === 12);
  return {
    id: world.guildId,
    name: 'Fake Guild',
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: world.bot.id,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: world.roles,
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: world.premiumTier,
    premium_subscription_count: 0,
    preferred_locale: world.preferredLocale,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: world.members.size,
    voice_states: [],
    members: [world.memberPayload(world.bot.id, true)],
    channels: guildChannels.filter((channel) => channel.type !== 11 && channel.type !== 12),
    threads,
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export function buildThread(world: FakeWorld, fields: { id: string; parentId: string; name: string; autoArchiveMinutes: number }): APIChannel {
  return {
    id: fields.id,
    type: 11,
    guild_id: world.guildId,
    parent_id: fields.parentId,
    name: fields.name,
    owner_id: world.bot.id,
    last_message_id: null,
    rate_limit_per_user: 0,
    message_count: 0,
    member_count: 1,
    total_message_sent: 0,
    flags: 0,
    thread_metadata: {
      archived: false,
      auto_archive_duration: fields.autoArchiveMinutes,
      archive_timestamp: new Date().toISOString(),
      locked: false,
    },
  } as unknown as APIChannel;
}

/**
 * Without the MessageContent intent Discord empties content, attachments, embeds and components,
 * except in DMs, in messages that mention the app, and in the app's own messages.
 */
export function hideContent(world: FakeWorld, message: APIMessage, hasIntent: boolean): APIMessage {
  const channel = world.channels.get(message.channel_id);
  const visible = hasIntent || !isGuildChannel(channel) || message.author.id === world.bot.id || message.mentions.some((user) => user.id === world.bot.id);
  if (visible) return message;
  return { ...message, content: '', attachments: [], embeds: [], components: [] };
}

/** MESSAGE_CREATE's shape: the message plus guild_id, member and channel_type. */
export function gatewayMessage(world: FakeWorld, message: APIMessage): unknown {
  const channel = world.channels.get(message.channel_id);
  if (!isGuildChannel(channel)) return { ...message, channel_type: channel?.type ?? 1 };
  const member = world.members.has(message.author.id) ? { member: world.memberPayload(message.author.id, false) } : {};
  return { ...message, guild_id: world.guildId, channel_type: channel.type, ...member };
}

export function shapeForIntents(world: FakeWorld) {
  return (data: unknown, intents: number) => {
    const message = data as APIMessage & Record<string, unknown>;
    const hasIntent = (intents & INTENTS.MessageContent) !== 0;
    const shown = hideContent(world, message, hasIntent);
    const referenced = message.referenced_message ? { referenced_message: hideContent(world, message.referenced_message, hasIntent) } : {};
    return { ...message, ...shown, ...referenced };
  };
}

export function channelPayloadFor(world: FakeWorld, channelId: string, user: APIUser): APIChannel {
  const channel = world.channels.get(channelId);
  if (!channel) throw new Error(`no channel ${channelId}`);
  if (channel.type === 1) return { ...channel, recipients: [user] } as APIChannel;
  return channel;
}
