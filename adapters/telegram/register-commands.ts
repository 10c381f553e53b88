import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import type { CommandDefinition } from '../../commands/command-types.ts';

/** Telegram: 1-32 of a-z, 0-9 and _; descriptions 1-256 characters. */
function toBotCommand(command: CommandDefinition, language: 'en' | 'zh'): BotCommand {
  return { command: command.name.toLowerCase(), description: command.description[language].slice(0, 256) };
}

/**
 * Publishes the shared command list as the bot's menu: English for everyone, Chinese for
 * clients set to Chinese (`language_code: 'zh'` covers zh-hans and zh-hant).
 */
export async function registerCommands(api: Api, commands: readonly CommandDefinition[]): Promise<void> {
  await api.setMyCommands(commands.map((command) => toBotCommand(command, 'en')));
  await api.setMyCommands(
    commands.map((command) => toBotCommand(command, 'zh')),
    { language_code: 'zh' },
  );
}
