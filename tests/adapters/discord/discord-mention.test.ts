import type { APIMessage, APIUser } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '../../../src/i18n/messages.ts';
import { PLAN_QUEUE } from '../../../src/queue/queue-names.ts';
import { startDiscordHarness, unsafeMentionCalls, type DiscordHarness } from '../../fakes/fake-discord/discord-harness.ts';
import type { RecordedCall } from '../../fakes/fake-discord/fake-discord.ts';

/**
 * One conversation in a guild text channel on one Reverie (real Redis, ffmpeg, the local renderer)
 * and the real discord.js client against the fake Discord. The first clip is made once, in
 * beforeAll; every test after that stands on its own (any order, or alone): each counts only what
 * happened since it began, and the delete test deletes a clip of its own.
 */

let harness: DiscordHarness;
let ada: APIUser;
let bea: APIUser;
let mod: APIUser;
let request: APIMessage;
let clip: { call: RecordedCall; message: APIMessage };
let customIds: string[];
/** The thread's status cards as they were when the first clip arrived. */
let firstCards: APIMessage[];

const isCallback = (interactionId: string) => (call: RecordedCall) => call.method === 'POST' && call.path.startsWith(`/interactions/${interactionId}/`);
const isOriginalEdit = (token: string) => (call: RecordedCall) => call.method === 'PATCH' && call.path.endsWith(`/${token}/messages/@original`);
const clipUploadsIn = (channelId: string, from: number) =>
  harness.fake.calls.slice(from).filter((call) => call.method === 'POST' && call.path === `/channels/${channelId}/messages` && call.files.length > 0);

beforeAll(async () => {
  harness = await startDiscordHarness();
  ada = harness.fake.addUser({ name: 'Ada' });
  bea = harness.fake.addUser({ name: 'Bea' });
  mod = harness.fake.addUser({ name: 'Mo', moderator: true });
  request = harness.fake.postMessage({
    author: ada,
    content: `<@${harness.fake.bot.id}> make a 3 second short about the first snow with my avatar @everyone <@${bea.id}>`,
  });
  clip = await harness.waitForClip();
  customIds = ((clip.call.body?.components as { components: { custom_id: string }[] }[])[0]?.components ?? []).map((button) => button.custom_id);
  // Cards carry at most the storyboard preview's frame, never a video.
  firstCards = harness.fake.messagesIn(request.id).filter((message) => !message.attachments.some((attachment) => attachment.content_type === 'video/mp4'));
}, 60_000);

/** Control events Reverie finished handling since log line `from` (the chat core logs each one). */
const controlsHandled = (from: number) => harness.test.logs.slice(from).filter((line) => line.includes('"msg":"control-handled"'));
const waitForControls = async (from: number, count: number) => {
  const deadline = Date.now() + 20_000;
  while (controlsHandled(from).length < count) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} handled controls`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

afterAll(async () => {
  await harness?.close();
});

describe('a mention in a guild text channel', () => {
  it('starts a thread on the request, edits one status card in place, and posts the clip with buttons', async () => {
    const { fake } = harness;
    const threadId = request.id; // a thread's id is its starter message's id
    const started = fake.calls.find((call) => call.method === 'POST' && call.path === `/channels/${fake.world.textChannelId}/messages/${request.id}/threads`);
    expect(started?.status).toBe(201);
    expect(String(started?.body?.name)).not.toMatch(/@everyone|<@/);

    const record = await harness.clipRecord(clip.message.id);
    expect(record?.id).toBe(`discord-m${request.id}`);
    expect(record?.request.where).toMatchObject({ platform: 'discord', conversationId: fake.world.textChannelId, threadId, communityId: fake.world.guildId });

    // One card, posted in the thread before anything slow, then edited in place.
    const card = fake.messagesIn(threadId)[0] as APIMessage;
    expect(card.author.id).toBe(fake.bot.id);
    expect(firstCards.map((message) => message.id)).toEqual([card.id]);
    await fake.waitForCall((call) => call.method === 'PATCH' && call.path.endsWith(`/messages/${card.id}`) && String(call.body?.content).includes('✅'), { what: 'the card saying done' });
    const edits = fake.calls.filter((call) => call.method === 'PATCH' && call.path === `/channels/${threadId}/messages/${card.id}`).map((call) => String(call.body?.content));
    expect(new Set(edits).size).toBeGreaterThanOrEqual(3);
    expect(edits.some((text) => text.startsWith(`🎬 ${record?.plan.title}`))).toBe(true);
    expect(edits.at(-1)).toContain(translate('en-US', 'status.done'));

    // The clip: in the thread, with the bot token, naming the requester, three buttons carrying the clip id.
    expect(clip.call.path).toBe(`/channels/${threadId}/messages`);
    expect(clip.call.botAuth).toBe(true);
    expect(clip.call.files[0]?.name).toMatch(/\.mp4$/);
    expect(clip.call.body?.allowed_mentions).toEqual({ parse: [], users: [ada.id], replied_user: true });
    expect(clip.message.content.startsWith(`<@${ada.id}> 🎬 ${record?.plan.title}`)).toBe(true);
    expect(customIds).toEqual([`reverie:r:${record?.id}`, `reverie:v:${record?.id}`, `reverie:d:${record?.id}`]);

    // Named from the plan's title; avatar fetched as PNG from the configured CDN.
    expect(fake.channel(threadId)).toMatchObject({ name: record?.plan.title });
    expect(fake.calls.some((call) => call.method === 'GET' && call.path.startsWith(`/cdn/avatars/${ada.id}/`) && call.path.endsWith('.png') && call.status === 200)).toBe(true);
    await fake.waitForCall((call) => call.method === 'PUT' && call.path === `/channels/${request.id}/messages/${clip.message.id}/reactions/❌/@me`, { what: 'hint reactions' });
  });

  it('ignores 🔁 from someone else, and answers their click privately', async () => {
    const { fake } = harness;
    const from = fake.calls.length;
    const logsFrom = harness.test.logs.length;
    const regenerateJob = async () => (await harness.test.reverie.queues.get(PLAN_QUEUE).getJob(`discord-m${request.id}-r`))?.timestamp ?? null;
    const jobBefore = await regenerateJob();
    fake.react({ user: bea, messageId: clip.message.id, emoji: '🔁' });
    const click = fake.click({ user: bea, messageId: clip.message.id, customId: customIds[0] as string });
    const callback = await fake.waitForCall(isCallback(click.id), { from, what: 'the click acknowledged' });
    expect(callback.body).toMatchObject({ type: 5, data: { flags: 64 } });
    const answer = await fake.waitForCall(isOriginalEdit(click.token), { from, what: 'the private note' });
    expect(answer.body?.content).toBe(translate('en-US', 'control.not-yours'));
    // Both Bea's reaction and her click have been handled (and turned away) before we look.
    await waitForControls(logsFrom, 2);
    expect(controlsHandled(logsFrom).every((line) => line.includes(`"userId":"${bea.id}"`))).toBe(true);
    expect(fake.calls.slice(from).filter((call) => call.method === 'POST' && call.path.startsWith('/channels/'))).toEqual([]);
    expect(await regenerateJob()).toBe(jobBefore);
  });

  it('regenerates in the same thread when the requester reacts 🔁, even with the bot’s own hint reactions around', async () => {
    const { fake } = harness;
    const from = fake.calls.length;
    fake.react({ user: ada, messageId: clip.message.id, emoji: '🔁' });
    const second = await harness.waitForClip({ from, channelId: request.id });
    expect(second.call.body?.message_reference).toMatchObject({ message_id: clip.message.id });
    const record = await harness.clipRecord(second.message.id);
    expect(record?.id).toBe(`discord-m${request.id}-r`);
    expect(record?.generation).toBe(1);
    // Its own status card, a reply to the old clip in the same thread.
    const cards = fake.calls.slice(from).filter((call) => call.method === 'POST' && call.path === `/channels/${request.id}/messages` && call.files.length === 0);
    expect(cards.map((call) => call.body?.content)).toEqual([translate('en-US', 'control.regenerating')]);
    expect(clipUploadsIn(request.id, from)).toHaveLength(1);
  });

  it('starts one job when the same button is pressed twice and the same reaction added too', async () => {
    const { fake } = harness;
    const from = fake.calls.length;
    const logsFrom = harness.test.logs.length;
    const clicks = [fake.click({ user: ada, messageId: clip.message.id, customId: customIds[1] as string }), fake.click({ user: ada, messageId: clip.message.id, customId: customIds[1] as string })];
    fake.react({ user: ada, messageId: clip.message.id, emoji: '🎲' });
    const answers = await Promise.all(clicks.map((click) => fake.waitForCall(isOriginalEdit(click.token), { from, what: 'click answers' })));
    // Whichever of the three arrives first starts the take (the reaction needs no ack, so it often
    // wins); every other click is told privately that it is already on its way.
    const texts = answers.map((call) => call.body?.content);
    expect(texts.filter((text) => text === translate('en-US', 'control.duplicate')).length).toBeGreaterThanOrEqual(1);
    expect(texts.every((text) => text === translate('en-US', 'control.duplicate') || text === translate('en-US', 'control.regenerating'))).toBe(true);
    const variation = await harness.waitForClip({ from, channelId: request.id });
    // All three controls handled (each a take started or turned away as a duplicate): only then
    // does "one upload" mean that no second take is on its way.
    await waitForControls(logsFrom, 3);
    expect(clipUploadsIn(request.id, from)).toHaveLength(1);
    const record = await harness.clipRecord(variation.message.id);
    expect(record?.id).toBe(`discord-m${request.id}-v`);
    // One status card for this 🎲; none left by the duplicates.
    const cards = fake.calls.slice(from).filter((call) => call.method === 'POST' && call.path === `/channels/${request.id}/messages` && call.files.length === 0 && call.status === 200);
    expect(cards).toHaveLength(1);
  });

  it('revises the clip when the requester replies to it with an instruction', async () => {
    const { fake } = harness;
    const from = fake.calls.length;
    const reply = fake.postMessage({ author: ada, content: `<@${fake.bot.id}> make it landscape`, channelId: request.id, replyTo: clip.message.id });
    const revised = await harness.waitForClip({ from, channelId: request.id });
    const record = await harness.clipRecord(revised.message.id);
    expect(record?.id).toBe(`discord-m${request.id}-rev-discord-m${reply.id}`);
    expect(record?.plan.aspectRatio).toBe('16:9');
    expect(record?.generation).toBe(1);
    const card = fake.calls.slice(from).find((call) => call.method === 'POST' && call.path === `/channels/${request.id}/messages` && call.files.length === 0);
    expect(card?.body?.content).toBe(translate('en-US', 'control.revising'));
  });

  it('lets a moderator delete a clip', async () => {
    const { fake } = harness;
    // A clip of its own: the shared one stays for the other tests, whatever their order.
    const start = fake.calls.length;
    const own = fake.postMessage({ author: ada, content: `<@${fake.bot.id}> make a 2 second short about a paper boat` });
    const doomed = await harness.waitForClip({ from: start, channelId: own.id });
    const deleteId = `reverie:d:${(await harness.clipRecord(doomed.message.id)).id}`;
    const from = fake.calls.length;
    const click = fake.click({ user: mod, messageId: doomed.message.id, customId: deleteId });
    const answer = await fake.waitForCall(isOriginalEdit(click.token), { from, what: 'the delete answer' });
    expect(answer.body?.content).toBe(translate('en-US', 'control.deleted'));
    expect(fake.calls.slice(from).some((call) => call.method === 'DELETE' && call.path === `/channels/${own.id}/messages/${doomed.message.id}`)).toBe(true);
    expect(fake.message(doomed.message.id)).toBeUndefined();
  });

  it('never lets a message ping anyone but the requester', () => {
    expect(unsafeMentionCalls(harness.fake.calls, [ada.id])).toEqual([]);
  });
});
