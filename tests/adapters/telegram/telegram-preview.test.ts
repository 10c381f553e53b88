import { afterEach, describe, expect, it } from 'vitest';
import { makeUser, privateChat } from '../../fakes/fake-telegram/fake-telegram-world.ts';
import { buttonsOf, sendUserMessage } from '../../fakes/fake-telegram/fake-telegram-users.ts';
import { clipReplyTo, replyTo, resultOf, startTelegramHarness, statusTexts, waitForDelivered, type TelegramHarness } from '../../fakes/fake-telegram/telegram-harness.ts';
import { createFakeMedia, createFakeProvider, holdFirstClip } from '../../helpers/fake-ports.ts';

/**
 * The storyboard preview on Telegram: a photo message (the first frame drawn by the real ffmpeg,
 * the plan card as its caption) reaches the chat while the provider still holds the first clip
 * back; the photo is then edited into the clip (editMessageMedia), or, where it cannot be, the
 * clip is a new message. The provider is a fake serving Omni's model id, so the
 * model table's dated price gives the estimate.
 */

let harness: TelegramHarness | null = null;
let release: () => void = () => undefined;
afterEach(async () => {
  // A failed assertion must not leave the provider holding its clip: closing would wait on it.
  release();
  await harness?.close();
  harness = null;
});

const isJpeg = (bytes: Buffer) => bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;

describe('the storyboard preview', () => {
  it('arrives as a photo with the plan card before the first clip is ready, and is edited into the clip', async () => {
    const held = holdFirstClip();
    release = held.release;
    harness = await startTelegramHarness({}, {}, held.overrides);
    const { fake } = harness;
    const li = makeUser(601, 'Li', 'zh-hans');
    const chat = privateChat(li);
    const message = sendUserMessage(fake, { chat, from: li, text: '做一个关于初雪的4秒短片' });
    const status = resultOf(await fake.waitForCall('sendMessage', replyTo(chat.id, message.message_id)));

    const photoCall = await fake.waitForCall('sendPhoto', replyTo(chat.id, message.message_id), 30_000);
    // Nothing has been delivered: the provider is still holding its first clip.
    expect(fake.callsOf('sendVideo')).toHaveLength(0);
    expect(isJpeg(photoCall.files.photo?.data ?? Buffer.alloc(0))).toBe(true);
    const photo = resultOf(photoCall);
    const caption = photo.caption ?? '';
    expect(caption).toContain('🖼️ 分镜预览');
    expect(caption).toMatch(/镜头:\s1\. \d+(\.\d)? 秒 — /);
    expect(caption).toContain('模型: gemini-omni-1.1-flash');
    const estimate = /预计费用: (约 \$\d+\.\d\d)/.exec(caption)?.[1];
    expect(estimate).toBeTruthy();
    // The status card's plan line shows the same estimate.
    expect(statusTexts(fake, chat.id, status.message_id).some((text) => text.includes(`· ${estimate}`))).toBe(true);

    release();
    const videoCall = await fake.waitForCall('editMessageMedia', clipReplyTo(chat.id, message.message_id));
    const video = resultOf(videoCall);
    await waitForDelivered(harness, chat.id, status.message_id, video.message_id);
    const record = await harness.test.reverie.context.clips.findByMessage('telegram', `${chat.id}:${video.message_id}`);
    expect(record?.costUsd).toBeGreaterThan(0);
    // The preview photo became the clip, uploaded in place, with its caption (what it actually
    // cost) and its buttons; no second message, nothing deleted.
    expect(video.message_id).toBe(photo.message_id);
    expect(videoCall.files.video?.size).toBeGreaterThan(0);
    expect(videoCall.files.thumbnail?.size).toBeGreaterThan(0);
    expect(video.video?.file_size).toBe(videoCall.files.video?.size);
    expect(video.photo).toBeUndefined();
    expect(video.caption).toContain(`花费 $${(record?.costUsd ?? 0).toFixed(2)}`);
    expect(buttonsOf(video)[0]?.data).toBe(`r:${record?.id}`);
    expect(fake.world.find(chat.id, photo.message_id)?.video).toBeDefined();
    expect(fake.callsOf('sendVideo')).toHaveLength(0);
    expect(fake.callsOf('deleteMessage')).toHaveLength(0);
  });

  it('posts the clip as a new message when the preview photo can no longer be edited (deleted meanwhile)', async () => {
    const held = new Promise<void>((resolve) => (release = resolve));
    const provider = createFakeProvider({ onStart: (_input, call) => (call === 1 ? held : undefined) });
    harness = await startTelegramHarness({}, {}, { providers: new Map([[provider.id, provider]]), defaultProviderId: provider.id, media: createFakeMedia() });
    const { fake } = harness;
    const bo = makeUser(602, 'Bo');
    const chat = privateChat(bo);
    const message = sendUserMessage(fake, { chat, from: bo, text: 'a 4 second short about the first snow' });
    const status = resultOf(await fake.waitForCall('sendMessage', replyTo(chat.id, message.message_id)));
    const photo = resultOf(await fake.waitForCall('sendPhoto', replyTo(chat.id, message.message_id), 30_000));
    // The user deletes the preview before the clip is ready.
    fake.world.messages.get(chat.id)?.delete(photo.message_id);

    release();
    const video = resultOf(await fake.waitForCall('sendVideo', replyTo(chat.id, message.message_id)));
    await waitForDelivered(harness, chat.id, status.message_id, video.message_id);
    const refused = fake.callsOf('editMessageMedia');
    expect(refused.map((call) => call.status)).toEqual([400]);
    expect(Number(refused[0]?.params.message_id)).toBe(photo.message_id);
    expect(video.message_id).not.toBe(photo.message_id);
    expect(buttonsOf(video)).toHaveLength(3);
    expect(harness.test.logs.join('')).toContain('telegram-preview-edit-failed');
  });
});
