import { afterEach, expect, it } from 'vitest';
import { startDiscordHarness, type DiscordHarness } from '../fakes/fake-discord/discord-harness.ts';
import { sendUserMessage } from '../fakes/fake-telegram/fake-telegram-users.ts';
import { makeUser, privateChat } from '../fakes/fake-telegram/fake-telegram-world.ts';
import { inChat, startTelegramHarness, type TelegramHarness } from '../fakes/fake-telegram/telegram-harness.ts';
import { createFakeMedia, createFakeProvider } from '../helpers/fake-ports.ts';
import { waitForJobSettled, waitUntil } from '../helpers/wait-until.ts';
import { deliveryQueueName } from '../../src/queue/queue-names.ts';

/**
 * Issue #14's chat drill: Discord and Telegram answer the posting calls with 429 and a
 * retry_after for a while. The clip still arrives, once, after the wait each 429 named: the
 * Discord upload (Reverie's own call) waits out retry_after as discord.js does for the status
 * card's edits; on Telegram, @grammyjs/auto-retry in the adapter does it for every call.
 */

const RETRY_AFTER_SECONDS = 1.5;
/**
 * 429s in a row on the posting call: as many as the delivery job has attempts (3), so a clip
 * only gets through when each 429 is waited out inside one attempt, not by failing it.
 */
const IN_A_ROW = 3;
let discord: DiscordHarness | null = null;
let telegram: TelegramHarness | null = null;

afterEach(async () => {
  await discord?.close();
  await telegram?.close();
  discord = null;
  telegram = null;
});

/** The gaps between consecutive calls, ms: each 429's wait, as the fake saw it. */
const gapsBetween = (times: number[]) => times.slice(1).map((at, index) => at - (times[index] ?? at));

it('Discord: 429s with retry_after on the clip upload and the status card edits; the clip is posted once after them', async () => {
  const provider = createFakeProvider();
  discord = await startDiscordHarness({ overrides: { providers: new Map([[provider.id, provider]]), defaultProviderId: provider.id, media: createFakeMedia() } });
  const { fake } = discord;
  const ada = fake.addUser({ name: 'Ada', avatar: false });
  const dm = fake.dmChannelFor(ada);
  fake.rateLimitNextCalls('POST', /^\/channels\/\d+\/messages$/, { count: IN_A_ROW, retryAfterSeconds: RETRY_AFTER_SECONDS, uploadsOnly: true });
  fake.rateLimitNextCalls('PATCH', /^\/channels\/\d+\/messages\/\d+$/, { count: 2, retryAfterSeconds: RETRY_AFTER_SECONDS });
  fake.postMessage({ author: ada, channelId: dm, content: 'a 3 second short about a paper boat' });

  const clip = await discord.waitForClip({ channelId: dm, timeoutMs: 45_000 });
  const record = await discord.clipRecord(clip.message.id);
  await waitForJobSettled(discord.test.reverie.queues.get(deliveryQueueName(record.request.where)), `${record.id}-clip`);
  const uploads = fake.calls.filter((call) => call.method === 'POST' && call.path === `/channels/${dm}/messages` && call.files.length > 0);
  expect(uploads.map((call) => call.status)).toEqual([429, 429, 429, 200]);
  for (const gap of gapsBetween(uploads.map((call) => call.at))) expect(gap).toBeGreaterThanOrEqual(RETRY_AFTER_SECONDS * 1000 - 50);
  const edits = fake.calls.filter((call) => call.method === 'PATCH' && call.path.startsWith(`/channels/${dm}/messages/`));
  expect(edits.slice(0, 2).map((call) => call.status)).toEqual([429, 429]);
  expect(edits.at(-1)?.status).toBe(200);
}, 60_000);

it('Telegram: 429s with retry_after on the clip post (the preview edited into the clip) and the status edits; the clip is sent once after them', async () => {
  const provider = createFakeProvider();
  telegram = await startTelegramHarness({}, {}, { providers: new Map([[provider.id, provider]]), defaultProviderId: provider.id, media: createFakeMedia() });
  const { fake } = telegram;
  const tooMany = { errorCode: 429, description: 'Too Many Requests: retry after 2', retryAfter: 2 };
  fake.failNext('editMessageMedia', tooMany, IN_A_ROW);
  fake.failNext('editMessageText', tooMany, 2);
  const ada = makeUser(901, 'Ada');
  const chat = privateChat(ada);
  sendUserMessage(fake, { chat, from: ada, text: 'a 3 second short about a paper boat' });

  await fake.waitForCall('editMessageMedia', (call) => inChat(chat.id)(call) && call.status === 200, 45_000);
  // Delivered for good (the job completed, none waiting): no second copy can follow.
  const deliveries = telegram.test.reverie.queues.get(deliveryQueueName({ platform: 'telegram', conversationId: String(chat.id) }));
  await waitUntil(async () => {
    const { completed = 0, ...left } = await deliveries.getJobCounts('completed', 'active', 'waiting', 'delayed', 'prioritized');
    return completed === 1 && Object.values(left).every((count) => count === 0) ? true : null;
  }, 'the clip delivery to complete');
  const sends = fake.callsOf('editMessageMedia').filter(inChat(chat.id));
  expect(fake.callsOf('sendVideo').filter(inChat(chat.id))).toEqual([]);
  expect(sends.map((call) => call.status)).toEqual([429, 429, 429, 200]);
  for (const gap of gapsBetween(sends.map((call) => call.at))) expect(gap).toBeGreaterThanOrEqual(2_000 - 50);
  const edits = fake.callsOf('editMessageText').filter(inChat(chat.id));
  expect(edits.slice(0, 2).map((call) => call.status)).toEqual([429, 429]);
  expect(edits.some((call) => call.status === 200)).toBe(true);
}, 60_000);
