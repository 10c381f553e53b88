import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Message } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '../../../src/i18n/messages.ts';
import { makeStill, makeWorkDir } from '../../fixtures/make-media.ts';
import { addProfilePhoto, createTopic, groupChat, makeUser } from '../../fakes/fake-telegram/fake-telegram-world.ts';
import { buttonsOf, pressButton, sendUserMessage } from '../../fakes/fake-telegram/fake-telegram-users.ts';
import { clipReplyTo, replyTo, resultOf, startTelegramHarness, waitForDelivered, type TelegramHarness } from '../../fakes/fake-telegram/telegram-harness.ts';
import type { RecordedCall } from '../../fakes/fake-telegram/fake-telegram-server.ts';

let harness: TelegramHarness;
const ada = makeUser(601, 'Ada');
const bob = makeUser(602, 'Bob');
const mod = makeUser(603, 'Mo');
const group = groupChat(-1001234567890, 'Friends');
const forum = groupChat(-1009876543210, 'Studio', true);
/**
 * Ada's clip in the group: made once, by whichever test needs it first, so the reply and button
 * tests do not depend on the test that checks it running before them.
 */
let groupClipMade: Promise<{ chatter: Message; other: Message; mention: Message; clip: Message }> | null = null;
const clipInGroup = () => (groupClipMade ??= makeGroupClip());

async function makeGroupClip() {
  const { fake } = harness;
  const chatter = sendUserMessage(fake, { chat: group, from: bob, text: 'Happy holidays, everyone! 🎄' });
  const other = sendUserMessage(fake, { chat: group, from: bob, text: '/short@some_other_bot a cat' });
  const mention = sendUserMessage(fake, { chat: group, from: ada, text: '@reverie_test_bot make this a 3 second square short', replyTo: chatter });
  const { video } = await requestClip(mention);
  return { chatter, other, mention, clip: resultOf(video) };
}

beforeAll(async () => {
  harness = await startTelegramHarness();
  harness.fake.world.chats.set(group.id, group);
  harness.fake.world.chats.set(forum.id, forum);
  harness.fake.world.members.set(`${group.id}:${mod.id}`, 'administrator');
});

afterAll(async () => {
  await harness?.close();
});

const answerOf = (queryId: string) => (call: RecordedCall) => call.params.callback_query_id === queryId;

/** Sends and waits for the status reply and the clip, both replying to the request message. */
async function requestClip(message: Message): Promise<{ status: Message; video: RecordedCall }> {
  const { fake } = harness;
  const status = resultOf(await fake.waitForCall('sendMessage', replyTo(message.chat.id, message.message_id)));
  const video = await fake.waitForCall('editMessageMedia', clipReplyTo(message.chat.id, message.message_id));
  await waitForDelivered(harness, message.chat.id, status.message_id, resultOf(video).message_id);
  return { status, video };
}

describe('Telegram groups', () => {
  it('ignores group chatter, and takes an @mention replying to someone’s message as "make this"', async () => {
    const { fake } = harness;
    const { chatter, other, mention } = await clipInGroup();

    expect(fake.calls.some(replyTo(group.id, chatter.message_id))).toBe(false);
    expect(fake.calls.some(replyTo(group.id, other.message_id))).toBe(false);
    const record = await harness.test.reverie.context.clips.get(`telegram-${group.id}-${mention.message_id}`);
    expect(record?.request.sentence).toBe('make this a 3 second square short');
    expect(record?.request.referencedText).toEqual({ source: 'reply', text: 'Happy holidays, everyone! 🎄' });
    expect(record?.request.where.threadId).toBeNull();
  });

  it('takes a reply to one of the bot’s messages, and /short@botname with options', async () => {
    const { fake } = harness;
    const { clip: groupClip } = await clipInGroup();
    const reply = sendUserMessage(fake, { chat: group, from: bob, text: 'a 3 second square short about rain on a window', replyTo: groupClip });
    const command = sendUserMessage(fake, { chat: group, from: ada, text: '/short@reverie_test_bot style:anime a 3 second square short about a kite' });
    await requestClip(reply);
    await requestClip(command);
    const replied = await harness.test.reverie.context.clips.get(`telegram-${group.id}-${reply.message_id}`);
    // The bot's own caption is not the user's script.
    expect(replied?.request.referencedText).toBeNull();
    expect(replied?.request.requester.userId).toBe(String(bob.id));
    const commanded = await harness.test.reverie.context.clips.get(`telegram-${group.id}-${command.message_id}`);
    expect(commanded?.request.sentence).toBe('a 3 second square short about a kite');
    expect(commanded?.request.options.style).toBe('anime');
  });

  it('refuses a button press by someone who is not the requester, and lets an admin delete', async () => {
    const { fake } = harness;
    const { clip: groupClip } = await clipInGroup();
    const [regenerate, , remove] = buttonsOf(groupClip);
    const statusesBefore = fake.callsOf('sendMessage').length;

    const refused = pressButton(fake, { from: bob, message: groupClip, data: regenerate?.data ?? '' });
    const answer = await fake.waitForCall('answerCallbackQuery', answerOf(refused));
    expect(answer.params.show_alert).toBe(true);
    expect(answer.params.text).toBe(translate('en', 'control.not-yours'));
    expect(fake.callsOf('getChatMember').some((call) => call.params.user_id === bob.id)).toBe(true);
    expect(fake.callsOf('sendMessage').length).toBe(statusesBefore);

    const deleted = pressButton(fake, { from: mod, message: groupClip, data: remove?.data ?? '' });
    const deleteAnswer = await fake.waitForCall('answerCallbackQuery', answerOf(deleted));
    expect(deleteAnswer.params.text).toBe(translate('en', 'control.deleted'));
    expect(fake.callsOf('deleteMessage').some((call) => call.params.message_id === groupClip.message_id)).toBe(true);
  });

  it('answers a forum topic request in its topic, with the avatar, and regenerates there', async () => {
    const { fake } = harness;
    const work = await makeWorkDir();
    try {
      addProfilePhoto(fake.world, ada.id, await readFile(await makeStill(join(work.path, 'ada.jpg'), 320, 320)));
    } finally {
      await work.remove();
    }
    const topic = createTopic(fake.world, forum, ada, 'Shorts');
    const message = sendUserMessage(fake, { chat: forum, from: ada, text: '@reverie_test_bot a 3 second square short with my avatar about the mountains', threadId: topic.message_id });
    const { status, video } = await requestClip(message);

    expect(fake.calls.find(replyTo(forum.id, message.message_id))?.params.message_thread_id).toBe(topic.message_id);
    expect(status.message_thread_id).toBe(topic.message_id);
    expect(resultOf(video).message_thread_id).toBe(topic.message_id);
    const requestId = `telegram-${forum.id}-${message.message_id}`;
    const record = await harness.test.reverie.context.clips.get(requestId);
    // The topic's creation message is not "this text".
    expect(record?.request.referencedText).toBeNull();
    expect(record?.request.where.threadId).toBe(String(topic.message_id));
    expect(record?.request.avatar?.kind).toBe('stored');
    expect(fake.callsOf('file-download').some((call) => String(call.params.path).startsWith('photos/601'))).toBe(true);

    const clip = resultOf(video);
    const [regenerate] = buttonsOf(clip);
    const query = pressButton(fake, { from: ada, message: clip, data: regenerate?.data ?? '' });
    const answer = await fake.waitForCall('answerCallbackQuery', answerOf(query));
    expect(answer.params.text).toBe(translate('en', 'control.regenerating'));
    const again = pressButton(fake, { from: ada, message: clip, data: regenerate?.data ?? '' });
    expect((await fake.waitForCall('answerCallbackQuery', answerOf(again))).params.text).toBe(translate('en', 'control.duplicate'));

    const takeStatus = await fake.waitForCall('sendMessage', replyTo(forum.id, clip.message_id));
    expect(takeStatus.params.message_thread_id).toBe(topic.message_id);
    const take = await fake.waitForCall('editMessageMedia', clipReplyTo(forum.id, clip.message_id));
    expect(resultOf(take).message_thread_id).toBe(topic.message_id);
    await waitForDelivered(harness, forum.id, resultOf(takeStatus).message_id, resultOf(take).message_id);
    const takeRecord = await harness.test.reverie.context.clips.get(`${requestId}-r`);
    expect(takeRecord?.generation).toBe(1);
    expect(takeRecord?.plan).toEqual(record?.plan);
  });
});
