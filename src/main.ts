import { consoleSettings, discordSettings, telegramSettings } from './app/adapter-settings.ts';
import { startProcess } from './app/start-process.ts';

/**
 * `npm start`: workers plus every adapter whose token is configured. With no platform token the
 * terminal becomes the chat, so a newcomer sees a clip with zero configuration. Adapters are loaded
 * only when they run: a ROLE=worker process loads no chat library, so one restarted after a crash
 * takes its jobs back about a second sooner.
 */
const hasPlatformToken = Boolean(process.env.DISCORD_TOKEN || process.env.TELEGRAM_BOT_TOKEN);
const running = await startProcess({ quietLogs: !hasPlatformToken });
const { reverie } = running;
const { config } = reverie;

if (config.ROLE === 'worker') {
  running.logger.info('worker-ready');
} else if (!config.DISCORD_TOKEN && !config.TELEGRAM_BOT_TOKEN) {
  const { runConsoleChat } = await import('../adapters/console/console-adapter.ts');
  await runConsoleChat(reverie.chat, consoleSettings(config), process.stdin, process.stdout);
  await running.stop();
  process.exit(0);
} else {
  try {
    if (config.DISCORD_TOKEN) {
      const { startDiscordAdapter } = await import('../adapters/discord/discord-adapter.ts');
      const discord = await startDiscordAdapter(reverie.chat, discordSettings(reverie));
      running.onStop(() => discord.close());
    }
    if (config.TELEGRAM_BOT_TOKEN) {
      const { startTelegramAdapter } = await import('../adapters/telegram/telegram-adapter.ts');
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
