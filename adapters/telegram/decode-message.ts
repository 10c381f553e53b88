import type { Chat, Document, Message, MessageEntity, User } from 'grammy/types';
import type { Address, Requester } from '../../src/domain/creation-request.ts';
import { readCommandToken } from './decode-command.ts';

/**
 * Telegram messages → what the user asked for. Plain mapping functions: no API calls here, so
 * every trigger rule (private chats, @mentions, replies, forum topics) is testable on its own.
 */

export interface BotIdentity {
  id: number;
  username: string;
}

/** "This text": words already in the update, or a .txt document still to download. */
export type ReferencedSource = { kind: 'text'; source: 'reply' | 'quote'; text: string } | { kind: 'document'; source: 'attachment'; fileId: string; fileName: string; sizeBytes: number | null };

export interface DecodedTrigger {
  /** start = /start; command = /help, /styles, /short (name set); text = a casual sentence. */
  kind: 'start' | 'command' | 'text';
  commandName: string | null;
  /** The words after the command and without the bot's @mention. */
  body: string;
  referenced: ReferencedSource | null;
}

/** Request ids carry the chat and the message: a re-delivered update maps to the same id. */
export function requestIdOf(message: Pick<Message, 'chat' | 'message_id'>): string {
  return `telegram-${message.chat.id}-${message.message_id}`;
}

/** How a posted clip is remembered for reactions: message ids are unique per chat only. */
export function messageKeyOf(chatId: number | string, messageId: number | string): string {
  return `${chatId}:${messageId}`;
}

/**
 * A forum topic's messages carry `reply_to_message` pointing at the topic's creation message even
 * when the user did not reply to anything; that is not "this text".
 */
export function explicitReplyOf(message: Message): Message | null {
  const reply = message.reply_to_message;
  if (!reply) return null;
  if (reply.forum_topic_created) return null;
  if (message.is_topic_message && reply.message_id === message.message_thread_id) return null;
  return reply;
}

export function addressOf(message: Message): Address {
  return {
    platform: 'telegram',
    conversationId: String(message.chat.id),
    // message_thread_id also marks reply threads in plain supergroups; only forum topics take it back.
    threadId: message.is_topic_message && message.message_thread_id !== undefined ? String(message.message_thread_id) : null,
    replyToMessageId: String(message.message_id),
    statusMessageId: null,
    communityId: communityIdOf(message.chat),
  };
}

/** A group or supergroup is a community (its chat id); a private chat is the user's own space. */
export function communityIdOf(chat: Chat): string | null {
  return chat.type === 'group' || chat.type === 'supergroup' ? String(chat.id) : null;
}

export function requesterOf(user: User): Requester {
  return {
    userId: String(user.id),
    displayName: [user.first_name, user.last_name].filter(Boolean).join(' ').slice(0, 100),
    locale: user.language_code && user.language_code.length >= 2 ? user.language_code : 'en',
  };
}

function isTextDocument(document: Document | undefined): document is Document {
  if (!document) return false;
  return document.mime_type === 'text/plain' || /\.txt$/i.test(document.file_name ?? '');
}

function documentSource(document: Document): ReferencedSource {
  return { kind: 'document', source: 'attachment', fileId: document.file_id, fileName: document.file_name ?? 'text.txt', sizeBytes: document.file_size ?? null };
}

function mentionsBot(text: string, entities: MessageEntity[], bot: BotIdentity): boolean {
  return entities.some((entity) => {
    if (entity.type === 'text_mention') return entity.user.id === bot.id;
    if (entity.type !== 'mention') return false;
    return text.slice(entity.offset, entity.offset + entity.length).toLowerCase() === `@${bot.username.toLowerCase()}`;
  });
}

/** The text without the bot's @mention(s), whitespace tidied. */
function withoutMention(text: string, bot: BotIdentity): string {
  const mention = new RegExp(`@${bot.username}\\b`, 'gi');
  return text
    .replace(mention, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/^[\s,:，：]+/, '')
    .trim();
}

function referencedOf(message: Message, reply: Message | null, bot: BotIdentity): ReferencedSource | null {
  if (isTextDocument(message.document)) return documentSource(message.document);
  if (message.quote?.text) return { kind: 'text', source: 'quote', text: message.quote.text };
  // A reply to the bot itself addresses the bot; its own words are not the user's script.
  if (!reply || reply.from?.id === bot.id) return null;
  if (isTextDocument(reply.document)) return documentSource(reply.document);
  const text = reply.text ?? reply.caption;
  return text ? { kind: 'text', source: 'reply', text } : null;
}

/**
 * Decides whether a message is for us and what it says. Private chats: anything with words or a
 * .txt. Groups: an @mention, an explicit reply to one of our messages, or a command (bare or
 * `@ourname`; `/cmd@otherbot` is someone else's).
 */
export function decodeMessage(message: Message, bot: BotIdentity): DecodedTrigger | null {
  if (!message.from || message.from.is_bot) return null;
  const text = message.text ?? message.caption ?? '';
  const entities = message.entities ?? message.caption_entities ?? [];
  const reply = explicitReplyOf(message);
  const referenced = referencedOf(message, reply, bot);
  if (text.trim() === '' && referenced?.kind !== 'document') return null;

  const command = entities.some((entity) => entity.type === 'bot_command' && entity.offset === 0) ? readCommandToken(text) : null;
  if (command?.target && command.target.toLowerCase() !== bot.username.toLowerCase()) return null;
  const isPrivate = message.chat.type === 'private';
  const addressed = isPrivate || command !== null || mentionsBot(text, entities, bot) || reply?.from?.id === bot.id;
  if (!addressed) return null;

  if (command?.name === 'start') return { kind: 'start', commandName: 'start', body: command.rest, referenced: null };
  if (command) return { kind: 'command', commandName: command.name, body: withoutMention(command.rest, bot), referenced };
  return { kind: 'text', commandName: null, body: withoutMention(text, bot), referenced };
}
