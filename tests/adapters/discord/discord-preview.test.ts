import type { APIEmbed } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { startDiscordHarness, type DiscordHarness } from '../../fakes/fake-discord/discord-harness.ts';
import type { RecordedCall } from '../../fakes/fake-discord/fake-discord.ts';
import { holdFirstClip } from '../../helpers/fake-ports.ts';

/**
 * The storyboard preview on Discord: the plan card and a first frame drawn by the real ffmpeg reach
 * the status card while the provider still holds the first clip back; the clip then replaces it.
 * The provider is a fake serving Omni's model id, so the table's dated price gives an estimate.
 */

let harness: DiscordHarness | null = null;
let release: () => void = () => undefined;
afterEach(async () => {
  // A failed assertion must not leave the provider holding its clip: close would wait on it.
  release();
  await harness?.close();
  harness = null;
});

const isJpeg = (bytes: Buffer) => bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;

describe('the storyboard preview', () => {
  it('reaches the status card as an embed with the first frame before the first clip is ready, and the clip replaces it', async () => {
    const held = holdFirstClip();
    release = held.release;
    harness = await startDiscordHarness({ overrides: held.overrides });
    const { fake } = harness;
    const ada = fake.addUser({ name: 'Ada' });
    const request = fake.postMessage({ author: ada, content: `<@${fake.bot.id}> make a 4 second short about the first snow` });

    const isPreview = (call: RecordedCall) => call.method === 'PATCH' && /\/messages\/\d+$/.test(call.path) && Array.isArray(call.body?.embeds) && (call.body.embeds as unknown[]).length > 0;
    const previewCall = await fake.waitForCall(isPreview, { what: 'the preview on the status card', timeoutMs: 30_000 });
    // Nothing has been delivered: the provider is still holding its first clip.
    expect(fake.calls.some((call) => call.method === 'POST' && call.files.length > 0)).toBe(false);

    const [embed] = previewCall.body?.embeds as APIEmbed[];
    expect(embed?.image?.url).toBe('attachment://preview.jpg');
    expect(previewCall.files.map((file) => file.name)).toEqual(['preview.jpg']);
    const fields = Object.fromEntries((embed?.fields ?? []).map((field) => [field.name, field.value]));
    expect(fields.Model).toBe('gemini-omni-1.1-flash');
    expect(fields.Shots).toMatch(/^1\. \d+(\.\d)? s — /);
    expect(fields['Estimated cost']).toMatch(/^≈ \$\d+\.\d\d$/);
    // The card's text keeps the plan line, with the same estimate.
    expect(String(previewCall.body?.content)).toContain(`· ${fields['Estimated cost']}`);
    const cardId = /\/messages\/(\d+)$/.exec(previewCall.path)?.[1] ?? '';
    const card = fake.messagesIn(request.id).find((message) => message.id === cardId);
    expect(card?.attachments.map((attachment) => attachment.filename)).toEqual(['preview.jpg']);
    const frame = Buffer.from(await (await fetch(card?.attachments[0]?.url ?? '')).arrayBuffer());
    expect(isJpeg(frame)).toBe(true);
    expect(embed?.title).toBe(card?.embeds[0]?.title);

    release();
    const clip = await harness.waitForClip({ from: fake.calls.indexOf(previewCall) });
    expect(clip.message.attachments[0]?.content_type).toBe('video/mp4');
    const record = await harness.clipRecord(clip.message.id);
    expect(record.costUsd).toBeGreaterThan(0);
    // The caption says what it actually cost.
    expect(clip.message.content).toContain(`cost $${(record.costUsd ?? 0).toFixed(2)}`);
    // The card's final words replace the preview: no embed, no frame.
    await fake.waitForCall((call) => call.method === 'PATCH' && call.path.endsWith(`/messages/${cardId}`) && String(call.body?.content).includes('✅'), { what: 'the card saying done' });
    const finalCard = fake.messagesIn(request.id).find((message) => message.id === cardId);
    expect(finalCard?.embeds).toEqual([]);
    expect(finalCard?.attachments).toEqual([]);
  });
});
