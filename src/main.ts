import { runConsoleChat } from '../adapters/console/console-chat.ts';
import { startProcess } from './app/start-process.ts';

/**
 * `npm start`: workers plus every adapter whose token is configured. With no platform token the
 * terminal becomes the chat, so a newcomer sees a clip with zero configuration.
 */
const hasPlatformToken = Boolean(process.env.DISCORD_TOKEN || process.env.TELEGRAM_BOT_TOKEN);
const running = await startProcess({ quietLogs: !hasPlatformToken });
const { reverie } = running;

if (reverie.config.ROLE === 'worker') {
  running.logger.info('worker-ready');
} else if (!reverie.config.DISCORD_TOKEN && !reverie.config.TELEGRAM_BOT_TOKEN) {
  await runConsoleChat(reverie, process.stdin, process.stdout);
  await running.stop();
  process.exit(0);
}
