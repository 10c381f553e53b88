import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '../../../src/i18n/messages.ts';
import { loadStylePresets } from '../../../src/prompts/style-presets.ts';
import { createOfflinePlanner } from '../../../src/planner/offline-planner.ts';
import type { Planner } from '../../../src/ports/planner.ts';
import { sleep, startDiscordHarness, unsafeMentionCalls, type DiscordHarness } from '../../fakes/fake-discord/discord-harness.ts';
import type { RecordedCall } from '../../fakes/fake-discord/fake-discord.ts';

/** Slash commands rendered from commands/, on the real client against the fake Discord. */

const PLANNER_DELAY_MS = 4_000;
const planning = { startedAt: 0, endedAt: 0 };
const offline = createOfflinePlanner();
/** A planner slower than Discord's 3 s deadline, standing in for a slow LLM. */
const slowPlanner: Planner = {
  id: 'slow',
  async plan(input, options) {
    planning.startedAt = Date.now();
    await sleep(PLANNER_DELAY_MS);
    planning.endedAt = Date.now();
    return offline.plan(input, options);
  },
};

let harness: DiscordHarness;

beforeAll(async () => {
  harness = await startDiscordHarness({ overrides: { planner: slowPlanner } });
});

afterAll(async () => {
  await harness?.close();
});

const callbackOf = (interactionId: string) => (call: RecordedCall) => call.method === 'POST' && call.path.startsWith(`/interactions/${interactionId}/`);

describe('/short', () => {
  it('is acknowledged within 3 s although planning takes 4 s, then works in a thread off its reply', async () => {
    const { fake } = harness;
    const ada = fake.addUser({ name: 'Ada', serverAvatar: true });
    const limit = 8 * 1024 * 1024;
    const interaction = fake.slash({
      user: ada,
      name: 'short',
      options: { sentence: 'the first snow over the harbour', seconds: 3, avatar: true, style: 'cinematic', orientation: 'square' },
      attachmentSizeLimit: limit,
    });

    const callback = await fake.waitForCall(callbackOf(interaction.id), { what: 'the deferred reply' });
    expect(callback.status).toBe(204);
    expect(callback.body).toMatchObject({ type: 5 });
    expect(callback.at - interaction.createdAt).toBeLessThan(3_000);

    // The deferred reply becomes the status card; the thread hangs off it (slash commands have no message).
    const ack = await fake.waitForCall((call) => call.method === 'PATCH' && call.path.endsWith(`/${interaction.token}/messages/@original`), { what: 'the card' });
    expect(ack.body?.content).toBe(translate('en-US', 'ack.received'));
    const cardId = interaction.originalMessageId as string;
    const thread = await fake.waitForCall((call) => call.method === 'POST' && call.path === `/channels/${fake.world.textChannelId}/messages/${cardId}/threads`, { what: 'the thread' });
    expect(thread.status).toBe(201);

    const clip = await harness.waitForClip({ channelId: cardId, timeoutMs: 60_000 });
    expect(planning.endedAt - planning.startedAt).toBeGreaterThanOrEqual(PLANNER_DELAY_MS);
    expect(callback.at).toBeLessThan(planning.endedAt);
    // Long work posts through the channel with the bot token, not through the 15-minute interaction token.
    expect(clip.call.botAuth).toBe(true);
    expect(clip.message.content.startsWith(`<@${ada.id}> `)).toBe(true);
    const cardEdits = fake.calls.filter((call) => call.method === 'PATCH' && call.path === `/channels/${fake.world.textChannelId}/messages/${cardId}`);
    expect(cardEdits.length).toBeGreaterThanOrEqual(2);
    expect(cardEdits.every((call) => call.botAuth)).toBe(true);

    const record = await harness.clipRecord(clip.message.id);
    expect(record.id).toBe(`discord-i${interaction.id}`);
    expect(record.request.maxUploadBytes).toBe(limit);
    expect(record.request.options).toMatchObject({ seconds: 3, orientation: 'square', style: 'cinematic', useAvatar: true });
    expect(record.request.where).toEqual({
      platform: 'discord',
      conversationId: fake.world.textChannelId,
      threadId: cardId,
      replyToMessageId: null,
      statusMessageId: cardId,
      communityId: fake.world.guildId,
    });
    // The server avatar wins over the global one, as PNG from the configured CDN.
    expect(record.request.avatar?.location.startsWith(`${fake.cdnBase}/guilds/${fake.world.guildId}/users/${ada.id}/avatars/`)).toBe(true);
    expect(record.request.avatar?.location).toMatch(/\.png\?size=512$/);
    expect(unsafeMentionCalls(fake.calls, [ada.id])).toEqual([]);
  });
});

describe('/help and /styles', () => {
  it('answer at once, privately, in the user’s language', async () => {
    const { fake } = harness;
    const bea = fake.addUser({ name: 'Bea' });
    const help = fake.slash({ user: bea, name: 'help', locale: 'zh-CN' });
    const styles = fake.slash({ user: bea, name: 'styles' });
    const [helpReply, stylesReply] = await Promise.all([help, styles].map((interaction) => fake.waitForCall(callbackOf(interaction.id), { what: 'a reply' })));
    expect(helpReply?.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(String((helpReply?.body?.data as { content: string }).content)).toContain(translate('zh-CN', 'help.body'));
    // One embed per preset, each showing its thumbnail uploaded beside it; only Bea sees them.
    const data = stylesReply?.body?.data as { flags: number; embeds: { title: string; image: { url: string } }[] };
    const presets = [...loadStylePresets().values()];
    expect(data.flags & 64).toBe(64);
    expect(data.embeds).toHaveLength(presets.length);
    expect(data.embeds.map((embed) => embed.title)).toContain('Ink wash (ink-wash)');
    const uploaded = (stylesReply?.files ?? []).map((file) => file.name);
    expect(data.embeds.map((embed) => embed.image.url)).toEqual(uploaded.map((name) => `attachment://${name}`));
    expect(stylesReply?.files.every((file) => file.size > 0)).toBe(true);
  });
});
