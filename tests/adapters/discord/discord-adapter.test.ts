import { afterEach, describe, expect, it } from 'vitest';
import { discordSettings } from '../../../src/app/adapter-settings.ts';
import { startDiscordAdapter } from '../../../adapters/discord/discord-adapter.ts';
import { deployCommands } from '../../../adapters/discord/deploy-commands.ts';
import { translate } from '../../../src/i18n/messages.ts';
import { PLAN_QUEUE } from '../../../src/queue/queue-names.ts';
import { startDiscordHarness, type DiscordHarness } from '../../fakes/fake-discord/discord-harness.ts';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/fake-discord/fake-discord.ts';
import { INTENTS } from '../../fakes/fake-discord/fake-world.ts';
import { createFakeMedia, createFakeProvider } from '../../helpers/fake-ports.ts';
import { startTestReverie, type TestReverie } from '../../helpers/test-reverie.ts';

/**
 * Start-up, deploy and the paths that need no real rendering, against the fake Discord. Rendering
 * uses the in-process fake provider and media, so these run in about a second each.
 */

const quickPorts = () => {
  const provider = createFakeProvider();
  return { providers: new Map([[provider.id, provider]]), defaultProviderId: provider.id, media: createFakeMedia() };
};

let harness: DiscordHarness | null = null;
let fake: FakeDiscord | null = null;
let test: TestReverie | null = null;

afterEach(async () => {
  await harness?.close();
  await test?.cleanup();
  await fake?.close();
  harness = null;
  test = null;
  fake = null;
});

describe('starting the adapter', () => {
  it('logs in with DISCORD_TOKEN and DISCORD_API_BASE, finding the gateway via GET /gateway/bot, with only the intents it uses', async () => {
    harness = await startDiscordHarness({ overrides: quickPorts() });
    const { fake: discord } = harness;
    expect(discord.calls[0]).toMatchObject({ method: 'GET', path: '/gateway/bot', botAuth: true });
    const intents = discord.identifies[0]?.intents ?? 0;
    const expected = INTENTS.Guilds | INTENTS.GuildMessages | INTENTS.DirectMessages | INTENTS.GuildMessageReactions | INTENTS.DirectMessageReactions;
    expect(intents).toBe(expected);
    expect(intents & INTENTS.MessageContent).toBe(0);
  });

  it('explains a refused token and a disallowed MessageContent intent', async () => {
    fake = await startFakeDiscord();
    test = await startTestReverie({ ...fake.env, DISCORD_MESSAGE_CONTENT: 'true' }, quickPorts());
    await expect(startDiscordAdapter(test.reverie.chat, { ...discordSettings(test.reverie), token: 'not-the-token', readyTimeoutMs: 5_000 })).rejects.toThrow(/DISCORD_TOKEN/);
    await expect(startDiscordAdapter(test.reverie.chat, { ...discordSettings(test.reverie), readyTimeoutMs: 5_000 })).rejects.toThrow(/Message Content Intent/);
  });
});

describe('deploying the commands', () => {
  it('registers commands/ guild-scoped when a guild is given, globally otherwise', async () => {
    fake = await startFakeDiscord();
    const guild = await deployCommands({ token: fake.token, apiBase: fake.apiBase, guildId: fake.world.guildId });
    expect(guild).toEqual({ scope: 'guild', applicationId: fake.world.applicationId, names: ['short', 'models', 'styles', 'help', 'usage', 'history', 'settings', 'forget'] });
    const global = await deployCommands({ token: fake.token, apiBase: fake.apiBase });
    expect(global.scope).toBe('global');
    const puts = fake.calls.filter((call) => call.method === 'PUT');
    expect(puts.map((call) => call.path)).toEqual([`/applications/${fake.world.applicationId}/guilds/${fake.world.guildId}/commands`, `/applications/${fake.world.applicationId}/commands`]);
    expect(puts.every((call) => call.botAuth)).toBe(true);
  });
});

describe('messages that are not for the bot', () => {
  it('ignores guild messages without a mention, and the bot’s own messages', async () => {
    harness = await startDiscordHarness({ overrides: quickPorts() });
    const { fake: discord } = harness;
    const ada = discord.addUser({ name: 'Ada' });
    const from = discord.calls.length;
    discord.postMessage({ author: ada, content: 'make a short about snow (not asking the bot)' });
    discord.postMessage({ author: discord.bot, content: `<@${discord.bot.id}> a short about my own message` });
    // A probe after them that the bot does answer (an empty mention gets the "tell me what to make"
    // hint): once it is answered, the two messages before it have been seen and passed over.
    const probe = discord.postMessage({ author: ada, content: `<@${discord.bot.id}>` });
    const aboutProbe = (call: (typeof discord.calls)[number]) => call.path.includes(probe.id) || JSON.stringify(call.body ?? {}).includes(probe.id);
    await discord.waitForCall((call) => call.method === 'POST' && aboutProbe(call), { from, what: 'the answer to the probe' });
    expect(discord.calls.slice(from).filter((call) => !aboutProbe(call))).toEqual([]);
  });
});

describe('replying to someone else’s message', () => {
  it('without the MessageContent intent, says how to pass the text instead of making a short about nothing', async () => {
    harness = await startDiscordHarness({ overrides: quickPorts() });
    const { fake: discord } = harness;
    const ada = discord.addUser({ name: 'Ada' });
    const bea = discord.addUser({ name: 'Bea' });
    const greeting = discord.postMessage({ author: bea, content: 'Happy holidays, everyone!' });
    const request = discord.postMessage({ author: ada, content: `<@${discord.bot.id}> make this into a short`, replyTo: greeting.id });
    const explained = await discord.waitForCall((call) => call.method === 'PATCH' && call.body?.content === translate('en-US', 'discord.reply-unreadable'), { what: 'the explanation' });
    expect(explained.path.startsWith(`/channels/${request.id}/messages/`)).toBe(true);
    expect(await harness.test.reverie.queues.get(PLAN_QUEUE).getJob(`discord-m${request.id}`)).toBeUndefined();
  });

  it('with the intent, uses the replied-to text as the script', async () => {
    harness = await startDiscordHarness({ overrides: quickPorts(), env: { DISCORD_MESSAGE_CONTENT: 'true' }, fake: { messageContentAllowed: true } });
    const { fake: discord } = harness;
    const ada = discord.addUser({ name: 'Ada' });
    const bea = discord.addUser({ name: 'Bea' });
    const greeting = discord.postMessage({ author: bea, content: 'Happy holidays, everyone!' });
    const request = discord.postMessage({ author: ada, content: `<@${discord.bot.id}> make this into a short`, replyTo: greeting.id });
    const clip = await harness.waitForClip({ channelId: request.id });
    const record = await harness.clipRecord(clip.message.id);
    expect(record.request.referencedText).toEqual({ source: 'reply', text: 'Happy holidays, everyone!' });
    expect((discord.identifies[0]?.intents ?? 0) & INTENTS.MessageContent).toBe(INTENTS.MessageContent);
  });
});

describe('a channel where the bot may not start threads', () => {
  it('answers with plain replies in the channel instead', async () => {
    harness = await startDiscordHarness({ overrides: quickPorts() });
    const { fake: discord } = harness;
    const ada = discord.addUser({ name: 'Ada' });
    discord.failNextCall('POST', /\/threads$/, { status: 403, code: 50013, message: 'Missing Permissions' });
    const request = discord.postMessage({ author: ada, content: `<@${discord.bot.id}> a short about the sea` });
    const channelId = discord.world.textChannelId;
    const clip = await harness.waitForClip({ channelId });
    const card = discord.calls.find((call) => call.method === 'POST' && call.path === `/channels/${channelId}/messages` && call.files.length === 0);
    expect(card?.body).toMatchObject({ content: translate('en-US', 'ack.received'), message_reference: { message_id: request.id } });
    // A reply to the requester's own message notifies them; no extra mention needed.
    expect(clip.call.body).toMatchObject({ message_reference: { message_id: request.id }, allowed_mentions: { parse: [], users: [ada.id], replied_user: true } });
    expect(clip.message.content.startsWith('<@')).toBe(false);
    expect((await harness.clipRecord(clip.message.id)).request.where).toMatchObject({ conversationId: channelId, threadId: null, replyToMessageId: request.id });
  });
});

describe('a clip in a thread that has since been archived', () => {
  it('still takes a new take: the thread is unarchived and the card posted', async () => {
    harness = await startDiscordHarness({ overrides: quickPorts() });
    const { fake: discord } = harness;
    const ada = discord.addUser({ name: 'Ada' });
    const request = discord.postMessage({ author: ada, content: `<@${discord.bot.id}> a short about the sea` });
    const clip = await harness.waitForClip({ channelId: request.id });
    const record = await harness.clipRecord(clip.message.id);
    discord.archiveThread(request.id);
    const from = discord.calls.length;
    const click = discord.click({ user: ada, messageId: clip.message.id, customId: `reverie:v:${record.id}` });
    const second = await harness.waitForClip({ from, channelId: request.id });
    expect(discord.calls.slice(from).map((call) => `${call.method} ${call.path} ${call.status}`)).toContain(`PATCH /channels/${request.id} 200`);
    expect((await harness.clipRecord(second.message.id)).id).toBe(`${record.id}-v`);
    expect(click.acknowledgedAt).not.toBeNull();
  });
});

describe('an upload refused twice', () => {
  it('turns the status card into the explanation, never a silent failure', async () => {
    harness = await startDiscordHarness({ overrides: quickPorts() });
    const { fake: discord } = harness;
    const ada = discord.addUser({ name: 'Ada', avatar: false });
    discord.failNextUploads(2);
    const request = discord.postMessage({ author: ada, content: `<@${discord.bot.id}> a short about the sea` });
    const explained = await discord.waitForCall(
      // The fake media "shrinks" by copying a few bytes, so the size shown is 0.0 MB.
      (call) => call.method === 'PATCH' && call.body?.content === `${translate('en-US', 'status.failed')}\n${translate('en-US', 'error.upload-too-large', { size: '0.0' })}`,
      { what: 'the card explaining the refused upload' },
    );
    expect(explained.path.startsWith(`/channels/${request.id}/messages/`)).toBe(true);
    // Clip uploads only: the storyboard preview's frame went up with an edit of the card.
    const uploads = discord.calls.filter((call) => call.method === 'POST' && call.files.length > 0);
    expect(uploads.map((call) => call.status)).toEqual([413, 413]);
  });
});
