import { afterEach, describe, expect, it } from 'vitest';
import { translate } from '../../../src/i18n/messages.ts';
import { ProviderError } from '../../../src/domain/errors.ts';
import { createFakeMedia, createFakeProvider } from '../../helpers/fake-ports.ts';
import { startDiscordHarness, type DiscordHarness } from '../../fakes/fake-discord/discord-harness.ts';

/** DMs, a bot restart between clip and reaction, and an upload Discord refuses as too large. */

let harness: DiscordHarness | null = null;

afterEach(async () => {
  await harness?.close();
  harness = null;
});

describe('a direct message', () => {
  it('is answered with plain replies, and a 🔁 after a bot restart still regenerates', async () => {
    harness = await startDiscordHarness();
    const { fake } = harness;
    const ada = fake.addUser({ name: 'Ada', avatar: false });
    const dm = fake.dmChannelFor(ada);
    const request = fake.postMessage({ author: ada, channelId: dm, content: 'a 3 second short about the sea at dawn with my avatar' });

    const clip = await harness.waitForClip({ channelId: dm });
    expect(fake.calls.some((call) => call.path.endsWith('/threads'))).toBe(false);
    const card = fake.calls.find((call) => call.method === 'POST' && call.path === `/channels/${dm}/messages` && call.files.length === 0);
    expect(card?.body).toMatchObject({ content: translate('en-US', 'ack.received'), message_reference: { message_id: request.id } });
    expect(clip.call.body?.message_reference).toMatchObject({ message_id: request.id });
    // No avatar at all: no CDN request, and the clip says so.
    expect(fake.calls.some((call) => call.path.startsWith('/cdn/'))).toBe(false);
    expect(clip.message.content).toContain(translate('en-US', 'note.no-avatar'));
    const first = await harness.clipRecord(clip.message.id);
    expect(first.request.where).toMatchObject({ conversationId: dm, threadId: null, replyToMessageId: request.id, communityId: null });

    // A restart: the new client has nothing cached, not even the DM channel.
    await harness.restartAdapter();
    expect(fake.identifies).toHaveLength(2);
    const from = fake.calls.length;
    fake.react({ user: ada, messageId: clip.message.id, emoji: '🔁' });
    const second = await harness.waitForClip({ from, channelId: dm });
    expect(second.call.body?.message_reference).toMatchObject({ message_id: clip.message.id });
    expect((await harness.clipRecord(second.message.id)).id).toBe(`${first.id}-r`);

    // The button on the first clip also still finds it after the restart (its custom_id has the id).
    const click = fake.click({ user: ada, messageId: clip.message.id, customId: `reverie:r:${first.id}` });
    const answer = await fake.waitForCall((call) => call.method === 'PATCH' && call.path.endsWith(`/${click.token}/messages/@original`), { what: 'the click answer' });
    expect(answer.body?.content).toBe(translate('en-US', 'control.duplicate'));
  });
});

describe('an upload Discord refuses as too large', () => {
  it('is re-fitted smaller once and uploaded again', async () => {
    harness = await startDiscordHarness();
    const { fake } = harness;
    const ada = fake.addUser({ name: 'Ada' });
    fake.failNextUploads(1);
    const request = fake.postMessage({
      author: ada,
      content: `<@${fake.bot.id}> make this text into a 3 second short`,
      attachments: [{ name: 'greeting.txt', data: Buffer.from('\uFEFFHappy holidays, everyone!\r\n'), contentType: 'text/plain; charset=utf-8' }],
    });

    const clip = await harness.waitForClip({ channelId: request.id });
    const uploads = fake.calls.filter((call) => call.method === 'POST' && call.path === `/channels/${request.id}/messages` && call.files.length > 0);
    expect(uploads.map((call) => call.status)).toEqual([413, 200]);
    expect(uploads[1]?.files[0]?.size).toBeLessThan(uploads[0]?.files[0]?.size ?? 0);
    expect(fake.calls.some((call) => call.method === 'PATCH' && call.body?.content === translate('en-US', 'status.shrinking'))).toBe(true);
    // The script came from the attached .txt (BOM and CRLF removed).
    const record = await harness.clipRecord(clip.message.id);
    expect(record.request.referencedText).toEqual({ source: 'attachment', text: 'Happy holidays, everyone!' });
  });
});

describe('an outcome the video service left unknown', () => {
  it('offers "Try again" to the requester only, and a click starts one new attempt', async () => {
    let creates = 0;
    const provider = createFakeProvider({
      onStart: () => {
        creates += 1;
        if (creates === 1) throw new ProviderError('outcome-unknown', 'connection reset after the create was sent');
      },
    });
    harness = await startDiscordHarness({ overrides: { providers: new Map([[provider.id, provider]]), defaultProviderId: provider.id, media: createFakeMedia() } });
    const { fake } = harness;
    const ada = fake.addUser({ name: 'Ada', avatar: false });
    const bea = fake.addUser({ name: 'Bea', avatar: false });
    const dm = fake.dmChannelFor(ada);
    const request = fake.postMessage({ author: ada, channelId: dm, content: 'a 3 second short about a lighthouse' });

    const failed = await fake.waitForCall((call) => call.method === 'PATCH' && call.path.startsWith(`/channels/${dm}/messages/`) && Array.isArray(call.body?.components), {
      what: 'the failure card with its button',
    });
    expect(String(failed.body?.content)).toContain(translate('en-US', 'error.outcome-unknown'));
    const button = (failed.body?.components as { components: { custom_id: string; label: string }[] }[])[0]?.components[0];
    expect(button).toMatchObject({ custom_id: `reverie-retry:discord-m${request.id}`, label: translate('en-US', 'button.retry') });
    const cardId = failed.path.split('/').at(-1) ?? '';

    const intruder = fake.click({ user: bea, messageId: cardId, customId: button?.custom_id ?? '' });
    const refused = await fake.waitForCall((call) => call.method === 'PATCH' && call.path.endsWith(`/${intruder.token}/messages/@original`), { what: 'the refusal' });
    expect(refused.body?.content).toBe(translate('en-US', 'control.not-yours'));

    const from = fake.calls.length;
    const clicks = [fake.click({ user: ada, messageId: cardId, customId: button?.custom_id ?? '' }), fake.click({ user: ada, messageId: cardId, customId: button?.custom_id ?? '' })];
    const clip = await harness.waitForClip({ from, channelId: dm });
    expect((await harness.clipRecord(clip.message.id)).id).toBe(`discord-m${request.id}-again`);
    const answers = await Promise.all(
      clicks.map((click) => fake.waitForCall((call) => call.method === 'PATCH' && call.path.endsWith(`/${click.token}/messages/@original`), { what: 'click answers' })),
    );
    expect(answers.map((answer) => answer.body?.content).sort()).toEqual([translate('en-US', 'control.duplicate'), translate('en-US', 'control.retrying')].sort());
    expect(creates).toBe(2);
  });
});
