import { createServer } from 'node:net';
import { telegramSettings } from '../../../src/app/adapter-settings.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { translate } from '../../../src/i18n/messages.ts';
import { makeUser, privateChat } from '../../fakes/fake-telegram/fake-telegram-world.ts';
import { sendUserMessage } from '../../fakes/fake-telegram/fake-telegram-users.ts';
import { startFakeTelegram } from '../../fakes/fake-telegram/fake-telegram-server.ts';
import { startTelegramAdapter } from '../../../adapters/telegram/telegram-adapter.ts';
import { startTestReverie } from '../../helpers/test-reverie.ts';
import { clipReplyTo, replyTo, resultOf, startTelegramHarness, statusTexts, waitForDelivered, type TelegramHarness } from '../../fakes/fake-telegram/telegram-harness.ts';

let harness: TelegramHarness | null = null;

afterEach(async () => {
  await harness?.close();
  harness = null;
});

const ada = makeUser(701, 'Ada');
const chat = privateChat(ada);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Telegram upload limits', () => {
  it('fits the clip under a small configured limit, and re-fits smaller once after a 413', async () => {
    harness = await startTelegramHarness({ TELEGRAM_UPLOAD_LIMIT_MB: '0.2' });
    const { fake } = harness;

    const first = sendUserMessage(fake, { chat, from: ada, text: 'a 3 second short about fireworks over the harbour' });
    const video = await fake.waitForCall('editMessageMedia', clipReplyTo(chat.id, first.message_id));
    expect(video.files.video?.size).toBeLessThanOrEqual(200_000);
    const record = await harness.test.reverie.context.clips.get(`telegram-${chat.id}-${first.message_id}`);
    expect(record?.request.maxUploadBytes).toBe(200_000);

    // This server takes less than configured (a proxy in front of it, say): one 413, then a smaller file.
    fake.failNext('editMessageMedia', { errorCode: 413, description: 'Request Entity Too Large' });
    const second = sendUserMessage(fake, { chat, from: ada, text: 'a 3 second short about a busy city street' });
    const status = resultOf(await fake.waitForCall('sendMessage', replyTo(chat.id, second.message_id)));
    const fitted = await fake.waitForCall('editMessageMedia', clipReplyTo(chat.id, second.message_id));
    const refused = fake.callsOf('editMessageMedia').filter((call) => call.status === 413);
    expect(refused).toHaveLength(1);
    const refusedSize = refused[0]?.files.video?.size ?? 0;
    expect(refusedSize).toBeGreaterThan(0);
    expect(fitted.files.video?.size).toBeLessThanOrEqual(refusedSize * 0.8);
    expect(fitted.files.thumbnail?.size).toBeGreaterThan(0);
    await waitForDelivered(harness, chat.id, status.message_id, resultOf(fitted).message_id);
    expect(statusTexts(fake, chat.id, status.message_id)).toContain(translate('en', 'status.shrinking'));
  });

  it('tells the user when even the re-fitted clip is refused', async () => {
    harness = await startTelegramHarness({ TELEGRAM_UPLOAD_LIMIT_MB: '0.2' });
    const { fake } = harness;
    fake.uploadLimitBytes = 10_000;
    const message = sendUserMessage(fake, { chat, from: ada, text: 'a 3 second short about a quiet library' });
    const status = resultOf(await fake.waitForCall('sendMessage', replyTo(chat.id, message.message_id)));
    const failed = await fake.waitForCall('editMessageText', (call) => Number(call.params.message_id) === status.message_id && String(call.params.text).includes('❌'));
    expect(String(failed.params.text)).toContain(translate('en', 'error.upload-too-large', { size: '' }).split('(')[0]);
    expect([...fake.callsOf('editMessageMedia'), ...fake.callsOf('sendVideo')].filter((call) => call.status === 200)).toHaveLength(0);
  });
});

describe('Telegram webhook mode', () => {
  it('sets the webhook with the secret and allowed_updates, and answers only posts that carry the secret', async () => {
    const port = await freePort();
    harness = await startTelegramHarness(
      {
        TELEGRAM_UPDATE_MODE: 'webhook',
        TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/hook`,
        TELEGRAM_WEBHOOK_SECRET: 'hook-secret_123',
        TELEGRAM_WEBHOOK_PORT: String(port),
      },
      { webhookHost: '127.0.0.1' },
    );
    const { fake } = harness;
    const [setWebhook] = fake.callsOf('setWebhook');
    expect(setWebhook?.params.secret_token).toBe('hook-secret_123');
    expect(setWebhook?.params.allowed_updates).toContain('message_reaction');
    expect(fake.callsOf('getUpdates')).toHaveLength(0);

    const message = sendUserMessage(fake, { chat, from: ada, text: '/start' });
    const greeting = await fake.waitForCall('sendMessage', replyTo(chat.id, message.message_id));
    expect(String(greeting.params.text)).toBe(translate('en', 'telegram.start', { name: 'Ada' }));

    const forged = await fetch(`http://127.0.0.1:${port}/telegram/hook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'wrong' },
      body: JSON.stringify({ update_id: 999, message: { ...message, message_id: 9999, text: '/help' } }),
    });
    expect(forged.status).toBe(401);
    const elsewhere = await fetch(`http://127.0.0.1:${port}/other`, { method: 'POST', body: '{}' });
    expect(elsewhere.status).toBe(404);
  });
});

describe('Telegram start-up', () => {
  it('names the fix for a wrong token and for a missing one', async () => {
    const fake = await startFakeTelegram();
    const wrong = await startTestReverie({ TELEGRAM_BOT_TOKEN: '999:wrong-token', TELEGRAM_API_ROOT: `${fake.apiRoot}/` });
    const missing = await startTestReverie({});
    try {
      await expect(startTelegramAdapter(wrong.reverie.chat, telegramSettings(wrong.reverie.config))).rejects.toThrow(/TELEGRAM_BOT_TOKEN.*401.*BotFather/);
      await expect(startTelegramAdapter(missing.reverie.chat, telegramSettings(missing.reverie.config))).rejects.toThrow(/TELEGRAM_BOT_TOKEN is not set/);
      expect(fake.callsOf('getMe')[0]?.status).toBe(401);
    } finally {
      await wrong.cleanup();
      await missing.cleanup();
      await fake.close();
    }
  });
});
