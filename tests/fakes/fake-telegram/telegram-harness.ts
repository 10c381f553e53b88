import type { Message } from 'grammy/types';
import { telegramSettings } from '../../../src/app/adapter-settings.ts';
import { startTelegramAdapter, type RunningTelegramAdapter, type TelegramAdapterOptions } from '../../../adapters/telegram/telegram-adapter.ts';
import type { ReverieOverrides } from '../../../src/app/create-reverie.ts';
import { startTestReverie, type TestReverie } from '../../helpers/test-reverie.ts';
import { startFakeTelegram, type FakeTelegram, type RecordedCall } from './fake-telegram-server.ts';

/**
 * The whole Telegram path for tests: the fake Bot API, a Reverie on real Redis with the offline
 * planner and the local ffmpeg renderer, its workers, and the real adapter polling the fake.
 */
export interface TelegramHarness {
  fake: FakeTelegram;
  test: TestReverie;
  adapter: RunningTelegramAdapter;
  close(): Promise<void>;
}

export async function startTelegramHarness(env: Record<string, string> = {}, options: Partial<TelegramAdapterOptions> = {}, overrides: ReverieOverrides = {}): Promise<TelegramHarness> {
  const fake = await startFakeTelegram();
  const test = await startTestReverie(
    {
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      PLANNER: 'offline',
      VIDEO_PROVIDER: 'local',
      ...env,
    },
    overrides,
  );
  test.reverie.startWorkers();
  const adapter = await startTelegramAdapter(test.reverie.chat, { ...telegramSettings(test.reverie.config), statusEditIntervalMs: 150, pollTimeoutSeconds: 1, ...options });
  return {
    fake,
    test,
    adapter,
    async close() {
      await adapter.close();
      await test.cleanup();
      await fake.close();
    },
  };
}

/** The bot message a successful call created (sendMessage, sendVideo, editMessageText, editMessageMedia). */
export function resultOf(call: RecordedCall): Message {
  return call.result as Message;
}

/** Calls made to one chat. */
export function inChat(chatId: number) {
  return (call: RecordedCall) => Number(call.params.chat_id) === chatId;
}

/** The bot's reply to a given message (the status message, or a command's answer). */
export function replyTo(chatId: number, messageId: number) {
  return (call: RecordedCall) => Number(call.params.chat_id) === chatId && (call.params.reply_parameters as { message_id?: number } | undefined)?.message_id === messageId;
}

/**
 * The clip answering a message: its storyboard preview (a photo replying to that message) edited
 * into the video. Wait for it with `waitForCall('editMessageMedia', clipReplyTo(…))`.
 */
export function clipReplyTo(chatId: number, messageId: number) {
  return (call: RecordedCall) => inChat(chatId)(call) && resultOf(call).reply_to_message?.message_id === messageId;
}

/** Every distinct text a status message showed, in order. */
export function statusTexts(fake: FakeTelegram, chatId: number, statusMessageId: number): string[] {
  const texts = fake.calls
    .filter((call) => call.status === 200 && inChat(chatId)(call))
    .filter((call) => (call.method === 'sendMessage' && resultOf(call).message_id === statusMessageId) || (call.method === 'editMessageText' && Number(call.params.message_id) === statusMessageId))
    .map((call) => String(call.params.text));
  return texts.filter((text, index) => texts[index - 1] !== text);
}

/** Polls until `check` returns something truthy (a clip marked delivered, a log line). */
export async function eventually<T>(check: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the status message shows its final "Done" and the clip is findable by its message. */
export async function waitForDelivered(harness: TelegramHarness, chatId: number, statusMessageId: number, videoMessageId: number): Promise<void> {
  await harness.fake.waitForCall('editMessageText', (call) => inChat(chatId)(call) && Number(call.params.message_id) === statusMessageId && String(call.params.text).includes('✅'));
  await eventually(() => harness.test.reverie.context.clips.findByMessage('telegram', `${chatId}:${videoMessageId}`));
}
