import { afterEach, expect, it } from 'vitest';
import { telegramSettings } from '../../../src/app/adapter-settings.ts';
import { startTelegramAdapter, type RunningTelegramAdapter } from '../../../adapters/telegram/telegram-adapter.ts';
import { translate } from '../../../src/i18n/messages.ts';
import { ProviderError } from '../../../src/domain/errors.ts';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/fake-telegram/fake-telegram-server.ts';
import { makeUser, privateChat } from '../../fakes/fake-telegram/fake-telegram-world.ts';
import { pressButton, sendUserMessage } from '../../fakes/fake-telegram/fake-telegram-users.ts';
import { inChat, resultOf } from '../../fakes/fake-telegram/telegram-harness.ts';
import { createFakeMedia, createFakeProvider } from '../../helpers/fake-ports.ts';
import { startTestReverie, type TestReverie } from '../../helpers/test-reverie.ts';

let fake: FakeTelegram | null = null;
let test: TestReverie | null = null;
let adapter: RunningTelegramAdapter | null = null;

afterEach(async () => {
  await adapter?.close();
  await test?.cleanup();
  await fake?.close();
});

it('offers "Try again" after an unknown outcome; only the requester can press it, and it starts one new attempt', async () => {
  let creates = 0;
  const provider = createFakeProvider({
    onStart: () => {
      creates += 1;
      if (creates === 1) throw new ProviderError('outcome-unknown', 'connection reset after the create was sent');
    },
  });
  fake = await startFakeTelegram();
  test = await startTestReverie(
    { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot },
    { providers: new Map([[provider.id, provider]]), defaultProviderId: provider.id, media: createFakeMedia() },
  );
  test.reverie.startWorkers();
  adapter = await startTelegramAdapter(test.reverie.chat, { ...telegramSettings(test.reverie.config), statusEditIntervalMs: 100, pollTimeoutSeconds: 1 });
  const ada = makeUser(801, 'Ada');
  const chat = privateChat(ada);
  sendUserMessage(fake, { chat, from: ada, text: 'a 3 second short about a lighthouse' });

  const failure = await fake.waitForCall('editMessageText', (call) => inChat(chat.id)(call) && call.params.reply_markup !== undefined);
  expect(String(failure.params.text)).toContain(translate('en', 'error.outcome-unknown'));
  const button = (failure.params.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard[0]?.[0];
  expect(button?.text).toContain(translate('en', 'button.retry'));
  const failureMessage = fake.world.find(chat.id, Number(failure.params.message_id));
  if (!failureMessage || !button) throw new Error('the failure message and its button');

  const bea = makeUser(802, 'Bea');
  const refused = pressButton(fake, { from: bea, message: failureMessage, data: button.callback_data });
  const refusal = await fake.waitForCall('answerCallbackQuery', (call) => call.params.callback_query_id === refused);
  expect(refusal.params).toMatchObject({ text: translate('en', 'control.not-yours'), show_alert: true });

  const first = pressButton(fake, { from: ada, message: failureMessage, data: button.callback_data });
  const second = pressButton(fake, { from: ada, message: failureMessage, data: button.callback_data });
  const video = await fake.waitForCall('editMessageMedia', inChat(chat.id));
  const answers = await Promise.all([first, second].map((id) => fake?.waitForCall('answerCallbackQuery', (call) => call.params.callback_query_id === id)));
  expect(answers.map((answer) => answer?.params.text).sort()).toEqual([translate('en', 'control.duplicate'), translate('en', 'control.retrying')].sort());
  expect(resultOf(video).reply_to_message?.message_id).toBe(failureMessage.message_id);
  expect(resultOf(video).message_id).toBeGreaterThan(0);
  expect(creates).toBe(2);
}, 60_000);
