import { REST, Routes, type APIApplication } from 'discord.js';
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
