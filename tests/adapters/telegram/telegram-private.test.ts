import type { Message } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '../../../src/i18n/messages.ts';
import { loadStylePresets } from '../../../src/prompts/style-presets.ts';
import { addDocument, makeUser, privateChat } from '../../fakes/fake-telegram/fake-telegram-world.ts';
import { buttonsOf, react, sendUserMessage } from '../../fakes/fake-telegram/fake-telegram-users.ts';
import type { RecordedCall } from '../../fakes/fake-telegram/fake-telegram-server.ts';
import { eventually, clipReplyTo, replyTo, resultOf, startTelegramHarness, statusTexts, waitForDelivered, type TelegramHarness } from '../../fakes/fake-telegram/telegram-harness.ts';

let harness: TelegramHarness;
const ada = makeUser(501, 'Ada');
const chat = privateChat(ada);
/**
 * Ada's clip from an attached .txt: made once, by whichever test needs it first, so the reaction
 * and reply tests do not depend on the test that checks it running before them.
 */
let adaClip: Promise<{ message: Message; status: Message; video: RecordedCall; messageId: number; requestId: string }> | null = null;
const clipOfAda = () => (adaClip ??= makeAdaClip());

async function makeAdaClip() {
  const { fake } = harness;
  const document = addDocument(fake.world, Buffer.from('\uFEFFHappy holidays, everyone!\r\nSee you in the new year.'), 'greeting.txt', 'text/plain');
  const message = sendUserMessage(fake, { chat, from: ada, document, caption: 'make this into a 3 second square short with my avatar' });
  const status = resultOf(await fake.waitForCall('sendMessage', replyTo(chat.id, message.message_id)));
  const video = await fake.waitForCall('editMessageMedia', clipReplyTo(chat.id, message.message_id));
  await waitForDelivered(harness, chat.id, status.message_id, resultOf(video).message_id);
  return { message, status, video, messageId: resultOf(video).message_id, requestId: `telegram-${chat.id}-${message.message_id}` };
}

/** Control events Reverie finished handling since log line `from` (the chat core logs each one). */
const controlsHandled = (from: number) => harness.test.logs.slice(from).filter((line) => line.includes('"msg":"control-handled"'));

beforeAll(async () => {
  harness = await startTelegramHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe('Telegram private chat', () => {
  it('registers every command of commands/ in English and Chinese and asks for reaction updates', async () => {
    const { fake } = harness;
    const commands = fake.callsOf('setMyCommands');
    expect(commands.map((call) => call.params.language_code ?? 'default')).toEqual(['default', 'zh']);
    expect((commands[0]?.params.commands as { command: string }[]).map((command) => command.command)).toEqual(['short', 'models', 'styles', 'help', 'usage', 'history', 'settings', 'forget']);
    expect((commands[1]?.params.commands as { description: string }[])[0]?.description).toBe('把一句话变成短视频');
    await eventually(() => fake.callsOf('getUpdates').length > 0);
    expect(fake.allowedUpdates).toContain('message_reaction');
    expect(fake.allowedUpdates).toContain('callback_query');
  });

  it('greets /start in the user’s language, in two lines', async () => {
    const { fake } = harness;
    const li = makeUser(502, 'Li', 'zh-hans');
    const message = sendUserMessage(fake, { chat: privateChat(li), from: li, text: '/start' });
    const greeting = resultOf(await fake.waitForCall('sendMessage', replyTo(li.id, message.message_id)));
    expect(greeting.text).toBe(translate('zh', 'telegram.start', { name: 'Li' }));
    expect(greeting.text?.split('\n')).toHaveLength(2);
  });

  it('explains the reactions in /help', async () => {
    const { fake } = harness;
    const message = sendUserMessage(fake, { chat, from: ada, text: '/help' });
    const help = resultOf(await fake.waitForCall('sendMessage', replyTo(chat.id, message.message_id)));
    expect(help.text).toContain(translate('en', 'help.body'));
    expect(help.text).toContain('👎');
    expect(help.text).toContain('🤩');
  });

  it('turns an attached .txt into a clip: status edited in place, then a streamable video with thumbnail and keyboard; no profile photo is said', async () => {
    const { fake } = harness;
    const { status, video, requestId } = await clipOfAda();
    expect(status.text).toBe(translate('en', 'ack.received'));

    // The storyboard preview photo edited into the clip: the video's fields are its InputMedia's.
    const media = video.params.media as Record<string, unknown>;
    expect(media.type).toBe('video');
    expect(media.supports_streaming).toBe(true);
    expect(media.width).toBeGreaterThan(0);
    expect(media.height).toBeGreaterThan(0);
    expect(media.duration).toBeGreaterThanOrEqual(2);
    expect(media.parse_mode).toBeUndefined();
    expect(resultOf(video).message_thread_id).toBeUndefined();
    expect(video.files.video?.size).toBeGreaterThan(10_000);
    expect(video.files.thumbnail?.size).toBeGreaterThan(0);
    expect(video.files.thumbnail?.size).toBeLessThanOrEqual(200 * 1024);
    expect(String(media.caption)).toContain(translate('en', 'note.no-avatar'));
    const buttons = buttonsOf(resultOf(video));
    expect(buttons.map((button) => button.text)).toEqual(['🔁 Regenerate', '🎲 Variation', '🗑️ Delete']);
    expect(buttons.map((button) => button.data)).toEqual([`r:${requestId}`, `v:${requestId}`, `d:${requestId}`]);
    expect(fake.callsOf('sendChatAction').some((call) => call.params.action === 'upload_video')).toBe(true);
    expect(fake.callsOf('getUserProfilePhotos').some((call) => call.params.user_id === ada.id)).toBe(true);
    expect(fake.callsOf('file-download').some((call) => String(call.params.path).includes('greeting.txt'))).toBe(true);

    const texts = statusTexts(fake, chat.id, status.message_id);
    expect(texts[0]).toBe(translate('en', 'ack.received'));
    expect(texts.some((text) => text.includes('🎥'))).toBe(true);
    expect(texts.at(-1)).toContain(translate('en', 'status.done'));
    // Never backwards: once planning shows, the acknowledgement does not come back.
    expect(texts.lastIndexOf(translate('en', 'ack.received'))).toBeLessThan(texts.findIndex((text) => /🧠|🎬|🎥/.test(text)));

    const record = await harness.test.reverie.context.clips.get(requestId);
    expect(record?.request.referencedText).toEqual({ source: 'attachment', text: 'Happy holidays, everyone!\nSee you in the new year.' });
    expect(record?.request.avatar).toBeNull();
    expect(record?.request.maxUploadBytes).toBe(50_000_000);
  });

  it('regenerates once when the requester reacts with 👎 on the clip', async () => {
    const { fake } = harness;
    const clip = await clipOfAda();
    const videosBefore = fake.callsOf('editMessageMedia').length;
    react(fake, { chat, user: ada, messageId: clip.messageId, emoji: '👍' });
    react(fake, { chat, user: ada, messageId: clip.messageId, emoji: '👎', previous: ['👍'] });

    const status = resultOf(await fake.waitForCall('sendMessage', replyTo(chat.id, clip.messageId)));
    const video = await fake.waitForCall('editMessageMedia', clipReplyTo(chat.id, clip.messageId));
    await waitForDelivered(harness, chat.id, status.message_id, resultOf(video).message_id);
    expect(buttonsOf(resultOf(video))[0]?.data).toBe(`r:${clip.requestId}-r`);

    // The same reaction again (removed and re-added) does not start a second take: once Reverie
    // has handled that 👎 (the chat core logs it), nothing new was sent.
    const logsFrom = harness.test.logs.length;
    react(fake, { chat, user: ada, messageId: clip.messageId, emoji: '👍', previous: ['👎'] });
    react(fake, { chat, user: ada, messageId: clip.messageId, emoji: '👎', previous: ['👍'] });
    await eventually(() => controlsHandled(logsFrom).length >= 1);
    expect(controlsHandled(logsFrom)[0]).toContain('"answer":"control.duplicate"');
    expect(fake.callsOf('editMessageMedia').length).toBe(videosBefore + 1);
    const newTakeStatuses = fake.callsOf('sendMessage').filter((call) => call.status === 200 && replyTo(chat.id, clip.messageId)(call));
    expect(newTakeStatuses).toHaveLength(1);
    // Nothing was taken back: each storyboard preview became its clip.
    expect(fake.callsOf('deleteMessage')).toHaveLength(0);
  });

  it('revises the clip when the requester replies to it with an instruction', async () => {
    const { fake } = harness;
    const clip = await clipOfAda();
    const original = fake.world.find(chat.id, clip.messageId);
    const instruction = sendUserMessage(fake, { chat, from: ada, text: 'make it landscape', replyTo: original });
    const status = resultOf(await fake.waitForCall('sendMessage', replyTo(chat.id, instruction.message_id)));
    expect(status.text).toBe(translate('en', 'control.revising'));
    const video = await fake.waitForCall('editMessageMedia', clipReplyTo(chat.id, instruction.message_id));
    await waitForDelivered(harness, chat.id, status.message_id, resultOf(video).message_id);
    const revised = await harness.test.reverie.context.clips.findByMessage('telegram', `${chat.id}:${resultOf(video).message_id}`);
    expect(revised?.id).toBe(`${clip.requestId}-rev-telegram-${chat.id}-${instruction.message_id}`);
    expect(revised?.plan.aspectRatio).toBe('16:9');
    expect(revised?.plan.script).toBe('Happy holidays, everyone!\nSee you in the new year.');
    expect(revised?.generation).toBe(1);
  });

  it('retries a 429 with retry_after and still answers', async () => {
    const { fake } = harness;
    fake.failNext('sendMessage', { errorCode: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 });
    const message = sendUserMessage(fake, { chat, from: ada, text: '/models' });
    const answered = await fake.waitForCall('sendMessage', replyTo(chat.id, message.message_id));
    const refused = fake.callsOf('sendMessage').find((call) => call.status === 429);
    expect(refused).toBeDefined();
    expect(answered.at - (refused?.at ?? 0)).toBeGreaterThanOrEqual(900);
    expect(resultOf(answered).text).toContain('local');
  });

  it('shows /styles as an album: one captioned thumbnail per preset, replying to the command', async () => {
    const { fake } = harness;
    const message = sendUserMessage(fake, { chat, from: ada, text: '/styles' });
    const album = await fake.waitForCall('sendMediaGroup', replyTo(chat.id, message.message_id));
    const presets = [...loadStylePresets().values()];
    const media = album.params.media as { type: string; media: string; caption: string }[];
    expect(media).toHaveLength(presets.length);
    expect(media.every((item) => item.type === 'photo' && item.media.startsWith('attach://'))).toBe(true);
    expect(media.map((item) => item.caption.split('\n')[0])).toContain('Ink wash (ink-wash)');
    for (const item of media) expect(album.files[item.media.slice('attach://'.length)]?.data.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });

  it('logs a user who blocked the bot instead of crashing, and keeps serving others', async () => {
    const { fake } = harness;
    const grace = makeUser(503, 'Grace');
    fake.world.chats.set(grace.id, privateChat(grace));
    fake.world.blocked.set(grace.id, 'Forbidden: bot was blocked by the user');
    sendUserMessage(fake, { chat: privateChat(grace), from: grace, text: '/help' });
    await eventually(() => harness.test.logs.some((line) => line.includes('telegram-forbidden')));
    const message = sendUserMessage(fake, { chat, from: ada, text: '/help' });
    await fake.waitForCall('sendMessage', replyTo(chat.id, message.message_id));
  });
});
