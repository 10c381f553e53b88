import type { Message } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { shortCommand } from '../../../commands/short-command.ts';
import { readCommandToken } from '../../../adapters/telegram/decode-command.ts';
import { parseCommandArguments } from '../../../commands/text-arguments.ts';
import { decodeControl, encodeControl, parseReactionList, reactionMode } from '../../../adapters/telegram/decode-control.ts';
import { addressOf, decodeMessage, explicitReplyOf, requestIdOf } from '../../../adapters/telegram/decode-message.ts';
import { clampText } from '../../../adapters/telegram/telegram-port.ts';
import { CreationRequest } from '../../../src/domain/creation-request.ts';
import { makeRequest } from '../../helpers/requests.ts';
import { entitiesOf } from '../../fakes/fake-telegram/fake-telegram-users.ts';
import { groupChat, makeUser, privateChat } from '../../fakes/fake-telegram/fake-telegram-world.ts';

const bot = { id: 42, username: 'Reverie_Bot' };
const botUser = { id: 42, is_bot: true, first_name: 'Reverie', username: 'Reverie_Bot' };
const ada = makeUser(7, 'Ada');
const group = groupChat(-1001, 'Friends');
const forum = groupChat(-1002, 'Studio', true);

let nextId = 10;
function message(fields: Partial<Message> & { text?: string }): Message {
  nextId += 1;
  const text = fields.text;
  return { message_id: nextId, date: 0, chat: group, from: ada, ...(text !== undefined ? { entities: entitiesOf(text) } : {}), ...fields } as Message;
}

describe('decodeMessage', () => {
  it('takes any text in a private chat, and nothing from bots or without words', () => {
    expect(decodeMessage(message({ chat: privateChat(ada), text: 'a short about snow' }), bot)).toMatchObject({ kind: 'text', body: 'a short about snow' });
    expect(decodeMessage(message({ chat: privateChat(ada), from: { ...ada, is_bot: true }, text: 'hi' }), bot)).toBeNull();
    expect(decodeMessage(message({ chat: privateChat(ada), text: '   ' }), bot)).toBeNull();
    // A private chat belongs to no community (the user's own space); a group is one.
    expect(addressOf(message({ chat: privateChat(ada), text: 'x' })).communityId).toBeNull();
  });

  it('in groups needs an @mention (any case), a reply to the bot, or a command for us', () => {
    expect(decodeMessage(message({ text: 'a short about snow' }), bot)).toBeNull();
    expect(decodeMessage(message({ text: '@reverie_bot, a short about snow' }), bot)).toMatchObject({ kind: 'text', body: 'a short about snow' });
    expect(decodeMessage(message({ text: 'hey @Reverie_Bot make it rain' }), bot)).toMatchObject({ body: 'hey make it rain' });
    const botMessage = message({ from: botUser, text: 'clip' });
    expect(decodeMessage(message({ text: 'now sadder', reply_to_message: botMessage as Message.CommonMessage as never }), bot)).toMatchObject({ kind: 'text', referenced: null });
    expect(decodeMessage(message({ text: '/short@Reverie_Bot a kite' }), bot)).toMatchObject({ kind: 'command', commandName: 'short', body: 'a kite' });
    expect(decodeMessage(message({ text: '/short a kite' }), bot)).toMatchObject({ kind: 'command', commandName: 'short' });
    expect(decodeMessage(message({ text: '/short@other_bot a kite' }), bot)).toBeNull();
    expect(decodeMessage(message({ chat: privateChat(ada), text: '/start' }), bot)).toMatchObject({ kind: 'start' });
  });

  it('reads "this text" from the replied message, a quote, or a .txt; not from the bot’s own words', () => {
    const original = message({ from: makeUser(8, 'Bob'), caption: 'Happy holidays!' });
    expect(decodeMessage(message({ text: '@reverie_bot make this a short', reply_to_message: original as never }), bot)?.referenced).toEqual({
      kind: 'text',
      source: 'reply',
      text: 'Happy holidays!',
    });
    expect(decodeMessage(message({ text: '@reverie_bot this', reply_to_message: original as never, quote: { text: 'holidays', position: 6 } }), bot)?.referenced).toEqual({
      kind: 'text',
      source: 'quote',
      text: 'holidays',
    });
    const document = { file_id: 'f1', file_unique_id: 'u1', file_name: 'notes.TXT', file_size: 12 };
    expect(decodeMessage(message({ chat: privateChat(ada), document }), bot)).toMatchObject({ kind: 'text', body: '', referenced: { kind: 'document', fileId: 'f1' } });
    expect(decodeMessage(message({ chat: privateChat(ada), document: { ...document, file_name: 'photo.png', mime_type: 'image/png' } }), bot)).toBeNull();
  });

  it('keeps forum topics, and does not mistake the topic’s creation message for a reply', () => {
    const topicStart = message({ chat: forum, message_thread_id: 500, forum_topic_created: { name: 'Shorts', icon_color: 1 } } as Partial<Message>);
    const inTopic = message({ chat: forum, text: '@reverie_bot a short', message_thread_id: 500, is_topic_message: true, reply_to_message: topicStart as never });
    expect(explicitReplyOf(inTopic)).toBeNull();
    expect(decodeMessage(inTopic, bot)?.referenced).toBeNull();
    expect(addressOf(inTopic)).toEqual({ platform: 'telegram', conversationId: '-1002', threadId: '500', replyToMessageId: String(inTopic.message_id), statusMessageId: null, communityId: '-1002' });
    // A reply thread in a plain supergroup has a thread id too, but no topic to send into.
    expect(addressOf(message({ text: 'x', message_thread_id: 77 })).threadId).toBeNull();
  });

  it('derives request ids the core accepts, negative chat ids included', () => {
    const id = requestIdOf({ chat: group, message_id: 99 });
    expect(id).toBe('telegram--1001-99');
    expect(CreationRequest.safeParse(makeRequest({ id })).success).toBe(true);
  });
});

describe('command arguments', () => {
  it('reads /short@bot and typed name:value options; the rest is the sentence', () => {
    expect(readCommandToken('/Short@Reverie_Bot  make it\nso')).toEqual({ name: 'short', target: 'Reverie_Bot', rest: 'make it\nso' });
    expect(readCommandToken('short')).toBeNull();
    expect(parseCommandArguments(shortCommand, 'style:anime seconds=99 avatar:yes orientation:Landscape a cat in the rain')).toEqual({
      style: 'anime',
      seconds: 60,
      avatar: true,
      orientation: 'landscape',
      sentence: 'a cat in the rain',
    });
    expect(parseCommandArguments(shortCommand, 'style:nonsense time: 5pm')).toEqual({ sentence: 'style:nonsense time: 5pm' });
    expect(shortCommand.run({ options: parseCommandArguments(shortCommand, 'seconds:3 a kite'), locale: 'en' })).toMatchObject({ kind: 'create', sentence: 'a kite', options: { seconds: 3 } });
  });
});

describe('controls', () => {
  it('keeps callback data within 64 bytes and falls back to the message for long clip ids', () => {
    expect(encodeControl('regenerate', 'telegram--1001234567890-2147483647')).toBe('r:telegram--1001234567890-2147483647');
    expect(decodeControl('v:telegram-5-6-r')).toEqual({ action: 'variation', clipId: 'telegram-5-6-r' });
    const long = `telegram--1001234567890-2147483647${'-r'.repeat(20)}`;
    expect(encodeControl('delete', long)).toBe('d');
    expect(decodeControl('d')).toEqual({ action: 'delete', clipId: null });
    expect(decodeControl('x:1')).toBeNull();
    expect(decodeControl(undefined)).toBeNull();
  });

  it('maps configured reactions, ignoring variation selectors', () => {
    const map = { regenerate: parseReactionList('👎, 😢'), variation: parseReactionList('🤩 ❤️') };
    expect(reactionMode(['😢'], map)).toBe('regenerate');
    expect(reactionMode(['❤'], map)).toBe('variation');
    expect(reactionMode(['👍'], map)).toBeNull();
  });

  it('cuts text by characters, never inside an emoji', () => {
    expect(clampText('🎬🎬🎬', 2)).toBe('🎬…');
    expect(clampText('short', 10)).toBe('short');
  });
});
