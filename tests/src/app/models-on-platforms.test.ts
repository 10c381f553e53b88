import { afterEach, expect, it } from 'vitest';
import { startDiscordHarness, type DiscordHarness } from '../../fakes/fake-discord/discord-harness.ts';
import { makeUser, privateChat } from '../../fakes/fake-telegram/fake-telegram-world.ts';
import { sendUserMessage } from '../../fakes/fake-telegram/fake-telegram-users.ts';
import { replyTo, resultOf, startTelegramHarness, type TelegramHarness } from '../../fakes/fake-telegram/telegram-harness.ts';

/** A server with only a fal key: /models offers fal's models and the offline renderer, nothing else. */
const FAL_ONLY = { FAL_KEY: 'test-fal-key', FAL_BASE_URL: 'http://127.0.0.1:9' };

let discord: DiscordHarness | null = null;
let telegram: TelegramHarness | null = null;

afterEach(async () => {
  await discord?.close();
  await telegram?.close();
  discord = null;
  telegram = null;
});

function expectOnlyConfigured(text: string): void {
  expect(text).toContain('fal:kling-3-std');
  expect(text).toContain('Reverie storyboard (offline)');
  expect(text).not.toContain('runway:');
  expect(text).not.toContain('Gemini Omni');
  expect(text).not.toContain('google:veo');
}

it('/models on Discord lists only the models with credentials', async () => {
  discord = await startDiscordHarness({ env: FAL_ONLY });
  const { fake } = discord;
  const ada = fake.addUser({ name: 'Ada' });
  const interaction = fake.slash({ user: ada, name: 'models' });
  const reply = await fake.waitForCall((call) => call.method === 'POST' && call.path.startsWith(`/interactions/${interaction.id}/`), { what: 'the /models reply' });
  expectOnlyConfigured(String((reply.body?.data as { content: string }).content));
});

it('/models on Telegram lists only the models with credentials', async () => {
  telegram = await startTelegramHarness(FAL_ONLY);
  const { fake } = telegram;
  const ada = makeUser(901, 'Ada');
  const message = sendUserMessage(fake, { chat: privateChat(ada), from: ada, text: '/models' });
  const reply = resultOf(await fake.waitForCall('sendMessage', replyTo(ada.id, message.message_id)));
  expectOnlyConfigured(String(reply.text));
});
