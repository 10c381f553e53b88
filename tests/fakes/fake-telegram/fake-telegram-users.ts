import type { Chat, Document, Message, MessageEntity, User } from 'grammy/types';
import type { FakeTelegram } from './fake-telegram-server.ts';

/**
 * What a person does in a Telegram client, as the updates Telegram would send: a message (with
 * the entities the client computes), a button press, a reaction.
 */

/** Entities a client attaches: `/command` at the start, `@username` mentions (UTF-16 offsets, like Telegram). */
export function entitiesOf(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  const command = /^\/\w+(@\w+)?/.exec(text);
  if (command) entities.push({ type: 'bot_command', offset: 0, length: command[0].length });
  for (const mention of text.matchAll(/(^|\s)(@\w{5,32})/g)) {
    entities.push({ type: 'mention', offset: (mention.index ?? 0) + (mention[1]?.length ?? 0), length: mention[2]?.length ?? 0 });
  }
  return entities;
}

export interface UserMessageInput {
  chat: Chat;
  from: User;
  text?: string;
  caption?: string;
  document?: Document;
  /** An explicit reply (the user chose "Reply"). */
  replyTo?: Message;
  quote?: string;
  /** The forum topic: the message id of its creation service message. */
  threadId?: number;
}

/** Stores the message in the fake chat and delivers it as a `message` update. */
export function sendUserMessage(fake: FakeTelegram, input: UserMessageInput): Message {
  const { world } = fake;
  if (!world.chats.has(input.chat.id)) world.chats.set(input.chat.id, input.chat);
  const topicStarter = input.threadId === undefined ? undefined : world.find(input.chat.id, input.threadId);
  // Telegram quirk: a topic message that is not a reply still points at the topic's creation message.
  const replyTo = input.replyTo ?? topicStarter;
  const message = world.store({
    message_id: world.nextMessageId(input.chat.id),
    date: Math.floor(Date.now() / 1000),
    chat: input.chat,
    from: input.from,
    ...(input.text !== undefined ? { text: input.text, entities: entitiesOf(input.text) } : {}),
    ...(input.caption !== undefined ? { caption: input.caption, caption_entities: entitiesOf(input.caption) } : {}),
    ...(input.document ? { document: input.document } : {}),
    ...(replyTo ? { reply_to_message: replyTo } : {}),
    ...(input.quote ? { quote: { text: input.quote, position: 0 } } : {}),
    ...(input.threadId !== undefined ? { message_thread_id: input.threadId, is_topic_message: true } : {}),
  } as Message);
  fake.inject({ message } as Parameters<FakeTelegram['inject']>[0]);
  return message;
}

let callbackCounter = 0;

/** A press of an inline button on `message` by `from`; returns the callback query id. */
export function pressButton(fake: FakeTelegram, input: { from: User; message: Message; data: string }): string {
  callbackCounter += 1;
  const id = `cbq-${callbackCounter}`;
  fake.inject({ callback_query: { id, from: input.from, message: input.message, chat_instance: `instance-${input.message.chat.id}`, data: input.data } });
  return id;
}

/** A user sets `emoji` as their reaction on a message (no thread id: Telegram sends none). */
export function react(fake: FakeTelegram, input: { chat: Chat; user: User; messageId: number; emoji: string; previous?: string[] }): void {
  fake.inject({
    message_reaction: {
      chat: input.chat,
      message_id: input.messageId,
      user: input.user,
      date: Math.floor(Date.now() / 1000),
      old_reaction: (input.previous ?? []).map((emoji) => ({ type: 'emoji', emoji }) as never),
      new_reaction: [{ type: 'emoji', emoji: input.emoji } as never],
    },
  });
}

/** The inline keyboard's callback data of a bot message, row by row flattened. */
export function buttonsOf(message: Message): { text: string; data: string }[] {
  const markup = (message as Message & { reply_markup?: { inline_keyboard: { text: string; callback_data?: string }[][] } }).reply_markup;
  return (markup?.inline_keyboard ?? []).flat().map((button) => ({ text: button.text, data: button.callback_data ?? '' }));
}
