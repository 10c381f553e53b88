import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeMedia, createFakeProvider } from '../../helpers/fake-ports.ts';
import { startDiscordHarness, type DiscordHarness } from '../../fakes/fake-discord/discord-harness.ts';
import { makePng } from '../../fakes/fake-discord/fake-png.ts';

let harness: DiscordHarness | null = null;

afterEach(async () => {
  await harness?.close();
  harness = null;
});

describe('a picture attached to a mention', () => {
  it('is the reference picture the video model starts from, ahead of the avatar', async () => {
    const pictures: (Buffer | null)[] = [];
    const provider = createFakeProvider({
      onStart: async (input) => {
        pictures.push(input.avatar ? await readFile(input.avatar.path) : null);
      },
    });
    harness = await startDiscordHarness({ overrides: { providers: new Map([[provider.id, provider]]), defaultProviderId: provider.id, media: createFakeMedia() } });
    const { fake } = harness;
    const ada = fake.addUser({ name: 'Ada' });
    const dog = makePng(96, 64, [240, 200, 40]);
    const request = fake.postMessage({
      author: ada,
      content: `<@${fake.bot.id}> make a 4 second short about my dog in the snow`,
      attachments: [{ name: 'dog.png', data: dog, contentType: 'image/png' }],
    });

    const clip = await harness.waitForClip({ channelId: request.id });
    expect(pictures).toEqual([dog]);
    const record = await harness.clipRecord(clip.message.id);
    expect(record.plan.protagonist.useAvatar).toBe(true);
    expect(fake.calls.some((call) => call.method === 'GET' && call.path.endsWith('/dog.png') && call.status === 200)).toBe(true);
  });
});
