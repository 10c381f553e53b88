import { runConsoleChat } from '../adapters/console/console-adapter.ts';
import { startDiscordAdapter } from '../adapters/discord/discord-adapter.ts';
import { startTelegramAdapter } from '../adapters/telegram/telegram-adapter.ts';
import { consoleSettings, discordSettings, telegramSettings } from './app/adapter-settings.ts';
import { startProcess } from './app/start-process.ts';

/**
 * `npm start`: workers plus every adapter whose token is configured. With no platform token the
 * terminal becomes the chat, so a newcomer sees a clip with zero configuration.
 */
const hasPlatformToken = Boolean(process.env.DISCORD_TOKEN || process.env.TELEGRAM_BOT_TOKEN);
const running = await startProcess({ quietLogs: !hasPlatformToken });
const { reverie } = running;
const { config } = reverie;

if (config.ROLE === 'worker') {
  running.logger.info('worker-ready');
} else if (!config.DISCORD_TOKEN && !config.TELEGRAM_BOT_TOKEN) {
  await runConsoleChat(reverie.chat, consoleSettings(config), process.stdin, process.stdout);
  await running.stop();
  process.exit(0);
} else {
  try {
    if (config.DISCORD_TOKEN) {
      const discord = await startDiscordAdapter(reverie.chat, discordSettings(reverie));
      running.onStop(() => discord.close());
    }
    if (config.TELEGRAM_BOT_TOKEN) {
      const telegram = await startTelegramAdapter(reverie.chat, telegramSettings(config));
      running.onStop(() => telegram.close());
    }
  } catch (error) {
    // A wrong token or an unreachable API: the message names the fix; nothing else is worth running.
    running.logger.fatal({ err: error }, 'adapter-start-failed');
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    await running.stop();
    process.exit(1);
  }
}
