import { ChannelType, type Attachment, type Channel, type GuildMember, type Message, type User } from 'discord.js';
import type { MediaRef, Origin, Requester } from '../../src/domain/creation-request.ts';
import { guessLocale, truncateText } from './discord-text.ts';

/**
 * Plain mappings from discord.js structures to Reverie's request parts. No network here: the
 * handlers acknowledge first and do downloads afterwards.
 */

/** At most this many reference pictures per request (CreationRequest allows 4). */
const MAX_PICTURES = 4;
const AVATAR_SIZE = 512;

export interface MessageTrigger {
  kind: 'dm' | 'mention';
  /** The message text with the bot's mention removed. */
  sentence: string;
  locale: string;
  /** Images attached to the message, served by the configured CDN. */
  pictures: MediaRef[];
  /** An attached .txt to read as the script. */
  textFile: { url: string; sizeBytes: number; name: string } | null;
  /** The message this one replies to, whose text may be the script. */
  repliedToId: string | null;
  /** A text channel where a new thread can hang off the message (not a thread, forum or DM). */
  canStartThread: boolean;
}

/** `<@id>` / `<@!id>` of the bot, or the mention of its managed role. */
function mentionSource(botUserId: string, botRoleId: string | null): string {
  return botRoleId ? `<@!?${botUserId}>|<@&${botRoleId}>` : `<@!?${botUserId}>`;
}

/** A URL we may fetch: only from the configured CDN base, so a payload cannot point us elsewhere. */
export function isCdnUrl(url: string, cdnBase: string): boolean {
  return url.startsWith(`${cdnBase}/`);
}

export function isTextFile(attachment: Pick<Attachment, 'name' | 'contentType'>): boolean {
  return /\.txt$/i.test(attachment.name) || (attachment.contentType ?? '').startsWith('text/plain');
}

export function pictureRefsOf(attachments: Iterable<Attachment>, cdnBase: string): MediaRef[] {
  const pictures: MediaRef[] = [];
  for (const attachment of attachments) {
    if (!(attachment.contentType ?? '').startsWith('image/') || !isCdnUrl(attachment.url, cdnBase)) continue;
    pictures.push({ kind: 'url', location: attachment.url, mimeType: attachment.contentType, source: 'attachment' });
  }
  return pictures.slice(0, MAX_PICTURES);
}

/**
 * A DM to the bot, or a guild message that mentions it explicitly, becomes a request; anything
 * else (bots, system messages, replies that only ping us) is not for us and maps to null.
 */
export function decodeMessageTrigger(message: Message, botUserId: string, cdnBase: string): MessageTrigger | null {
  if (message.author.bot || message.system || message.author.id === botUserId) return null;
  const isDm = message.channel.type === ChannelType.DM;
  const botRoleId = message.guild?.roles.botRoleFor(botUserId)?.id ?? null;
  const mention = mentionSource(botUserId, botRoleId);
  if (!isDm && !new RegExp(mention).test(message.content)) return null;
  const sentence = message.content
    .replace(new RegExp(mention, 'g'), ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
  const textAttachment = [...message.attachments.values()].find(isTextFile);
  return {
    kind: isDm ? 'dm' : 'mention',
    sentence,
    locale: guessLocale(sentence, message.guild?.preferredLocale ?? null),
    pictures: pictureRefsOf(message.attachments.values(), cdnBase),
    textFile: textAttachment && isCdnUrl(textAttachment.url, cdnBase) ? { url: textAttachment.url, sizeBytes: textAttachment.size, name: textAttachment.name } : null,
    repliedToId: message.reference?.messageId ?? null,
    canStartThread: message.channel.type === ChannelType.GuildText && !message.hasThread,
  };
}

export function decodeRequester(user: User, member: GuildMember | null, locale: string): Requester {
  const displayName = member?.displayName ?? user.globalName ?? user.username;
  return { userId: user.id, displayName: truncateText(displayName, 100), locale };
}

/**
 * The requester's picture: their server avatar, else their global one, else none (the planner
 * then notes "no avatar"). Always a static PNG, and only from the configured CDN base.
 */
export function decodeAvatar(user: User, member: GuildMember | null, cdnBase: string): MediaRef | null {
  const options = { extension: 'png', forceStatic: true, size: AVATAR_SIZE } as const;
  const url = member?.avatarURL(options) ?? user.avatarURL(options) ?? null;
  if (!url || !isCdnUrl(url, cdnBase)) return null;
  return { kind: 'url', location: url, mimeType: 'image/png', source: 'avatar' };
}

/**
 * Where an event happened: a thread counts as its parent channel's (so an admin's channel list
 * covers the threads requests open there), and the guild is the community; a DM has none.
 */
export function decodeOrigin(channelId: string, channel: Channel | null, guildId: string | null): Origin {
  const thread = channel?.isThread() ? channel : null;
  return { conversationId: thread?.parentId ?? channelId, threadId: thread?.id ?? null, communityId: guildId };
}
