import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { makeUser, privateChat } from '../fakes/fake-telegram/fake-telegram-world.ts';
import { sendUserMessage } from '../fakes/fake-telegram/fake-telegram-users.ts';
import { startFakeTelegram } from '../fakes/fake-telegram/fake-telegram-server.ts';
import { spawnMain } from '../helpers/spawn-main.ts';
import { REDIS_URL } from '../helpers/test-reverie.ts';

it('npm start with TELEGRAM_BOT_TOKEN runs the Telegram adapter and the workers in one process', async () => {
  const fake = await startFakeTelegram();
  const dataDir = await mkdtemp(join(tmpdir(), 'reverie-main-'));
  const main = spawnMain({
    REDIS_URL,
    QUEUE_PREFIX: `test-main-${randomBytes(4).toString('hex')}`,
    DATA_DIR: dataDir,
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    LOG_LEVEL: 'warn',
  });
  try {
    await fake.waitForCall('getUpdates', undefined, 30_000);
    const ada = makeUser(701, 'Ada');
    sendUserMessage(fake, { chat: privateChat(ada), from: ada, text: 'a 3 second short about a paper boat' });
    const video = await fake.waitForCall('sendVideo', undefined, 60_000);
    expect(Number(video.params.chat_id)).toBe(ada.id);
    expect(main.output()).not.toContain(fake.token);
  } finally {
    const code = await main.stop();
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
    expect(code).toBe(0);
  }
}, 120_000);
