import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startFakeDiscord } from '../../fakes/fake-discord/fake-discord.ts';
import { makeUser, privateChat } from '../../fakes/fake-telegram/fake-telegram-world.ts';
import { sendUserMessage } from '../../fakes/fake-telegram/fake-telegram-users.ts';
import { startFakeTelegram } from '../../fakes/fake-telegram/fake-telegram-server.ts';
import { spawnMain } from '../../helpers/spawn-main.ts';
import { REDIS_URL } from '../../helpers/test-reverie.ts';

it('npm start with Discord and Telegram tokens runs both adapters and the workers in one process', async () => {
  const telegram = await startFakeTelegram();
  const discord = await startFakeDiscord();
  const dataDir = await mkdtemp(join(tmpdir(), 'reverie-main-'));
  const main = spawnMain({
    REDIS_URL,
    QUEUE_PREFIX: `test-main-${randomBytes(4).toString('hex')}`,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    ...discord.env,
  });
  try {
    await telegram.waitForCall('getUpdates', undefined, 30_000);
    await discord.waitForCall((call) => call.path === '/gateway/bot', { timeoutMs: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, 500)); // READY and GUILD_CREATE

    const ada = makeUser(701, 'Ada');
    sendUserMessage(telegram, { chat: privateChat(ada), from: ada, text: 'a 3 second short about a paper boat' });
    const bo = discord.addUser({ name: 'bo' });
    discord.postMessage({ author: bo, content: 'a 3 second short about a lantern', channelId: discord.dmChannelFor(bo) });

    // The storyboard preview photo is edited into the clip.
    const video = await telegram.waitForCall('editMessageMedia', undefined, 60_000);
    expect(Number(video.params.chat_id)).toBe(ada.id);
    const upload = await discord.waitForCall((call) => call.method === 'POST' && call.files.length > 0 && call.status === 200, { timeoutMs: 60_000 });
    expect(upload.path).toContain(discord.dmChannelFor(bo));
    expect(main.output()).not.toContain(telegram.token);
    expect(main.output()).not.toContain(discord.token);
  } finally {
    const code = await main.stop();
    await telegram.close();
    await discord.close();
    await rm(dataDir, { recursive: true, force: true });
    expect(code).toBe(0);
  }
}, 150_000);
