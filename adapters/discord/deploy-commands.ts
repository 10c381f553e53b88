import { REST, Routes, type APIApplication } from 'discord.js';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../../src/config/load-config.ts';
import { putCommands } from './put-commands.ts';
import { renderCommands } from './render-commands.ts';

export interface DeployCommandsOptions {
  token: string;
  /** DISCORD_API_BASE. */
  apiBase: string;
  /** Guild-scoped (instant; for development) when set, global (may take up to an hour) otherwise. */
  guildId?: string | undefined;
}

export interface DeployResult {
  scope: 'guild' | 'global';
  applicationId: string;
  names: string[];
}

/**
 * Registers commands/ as slash commands now, whether or not they changed (see put-commands.ts).
 * The adapter does the same at start when they changed (sync-commands.ts); this is the explicit
 * path for owners who set DISCORD_SYNC_COMMANDS=false.
 */
export async function deployCommands(options: DeployCommandsOptions): Promise<DeployResult> {
  const rest = new REST({ api: options.apiBase }).setToken(options.token);
  const application = (await rest.get(Routes.currentApplication())) as APIApplication;
  const saved = await putCommands(rest, { applicationId: application.id, guildId: options.guildId }, renderCommands());
  return { scope: options.guildId ? 'guild' : 'global', applicationId: application.id, names: saved.map((command) => command.name) };
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
  if (!config.DISCORD_TOKEN) {
    process.stderr.write('Set DISCORD_TOKEN (Developer Portal, Bot page) to deploy the slash commands.\n');
    process.exit(78);
  }
  const result = await deployCommands({ token: config.DISCORD_TOKEN, apiBase: config.DISCORD_API_BASE, guildId: config.DISCORD_GUILD_ID });
  const where = result.scope === 'guild' ? `guild ${config.DISCORD_GUILD_ID}` : 'all servers (global; can take up to an hour to show)';
  process.stdout.write(`Registered /${result.names.join(', /')} for ${where}.\n`);
}

// `npm run deploy:discord` runs this file; importing it (tests) only gets deployCommands.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
