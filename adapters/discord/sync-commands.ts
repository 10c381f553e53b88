import { createHash } from 'node:crypto';
import type { Client, REST } from 'discord.js';
import type { Logger } from '../../src/log/logger.ts';
import type { RecordStore } from '../../src/ports/record-store.ts';
import { putCommands, type CommandScope, type CommandsBody } from './put-commands.ts';
import { renderCommands } from './render-commands.ts';

/**
 * Keeps Discord's slash commands equal to commands/ without anyone running deploy:discord: at
 * start the adapter registers them when they differ from the last registration. Only a change
 * costs a PUT (Discord allows 200 command creates a day), so restarts are free.
 */

export interface SyncCommandsOptions extends CommandScope {
  rest: REST;
  /** Where the last registration's hash is kept (Redis under QUEUE_PREFIX, from src/app). */
  store: RecordStore;
  /** What to register; renderCommands() (commands/) unless a test passes another set. */
  body?: CommandsBody;
}

export type SyncOutcome = 'registered' | 'unchanged';

/** Objects with sorted keys, so the hash follows the definitions, not the builders' key order. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(object)
      .sort()
      .map((key) => [key, sortKeys(object[key])]),
  );
}

/** sha256 of the rendered commands as canonical JSON. */
export function commandsHash(body: CommandsBody): string {
  return createHash('sha256')
    .update(JSON.stringify(sortKeys(body)))
    .digest('hex');
}

/** Per application and scope: a guild registration says nothing about the global one. */
export function commandsHashKey(scope: CommandScope): string {
  return `${scope.applicationId}:${scope.guildId ?? 'global'}`;
}

/** One bulk overwrite when the commands changed since the last one; the hash is kept only once Discord took them. */
export async function syncCommands(options: SyncCommandsOptions): Promise<SyncOutcome> {
  const body = options.body ?? renderCommands();
  const hash = commandsHash(body);
  const key = commandsHashKey(options);
  if ((await options.store.get(key)) === hash) return 'unchanged';
  await putCommands(options.rest, options, body);
  await options.store.set(key, hash);
  return 'registered';
}

/** The adapter's part of the config: DISCORD_SYNC_COMMANDS, DISCORD_GUILD_ID, and the hash record. */
export interface CommandSyncOptions {
  enabled: boolean;
  guildId: string | undefined;
  store: RecordStore;
}

/**
 * The adapter's start-up step. DISCORD_SYNC_COMMANDS=false leaves commands to `npm run
 * deploy:discord`. A failure is logged with its fix and the bot runs on: mentions and DMs work
 * without slash commands, and the next start tries again.
 */
export async function syncCommandsAtStart(client: Client<true>, options: CommandSyncOptions, logger: Logger): Promise<void> {
  if (!options.enabled) return;
  const scope: CommandScope = { applicationId: client.application.id, guildId: options.guildId };
  const where = scope.guildId ? `guild ${scope.guildId}` : 'global';
  try {
    const outcome = await syncCommands({ rest: client.rest, store: options.store, ...scope });
    logger.info({ outcome, scope: where }, 'discord-commands-synced');
  } catch (error) {
    logger.warn(
      {
        err: error,
        scope: where,
        fix: 'Invite the bot with the applications.commands scope (README, Discord setup step 4) and check DISCORD_GUILD_ID is a server the bot is in; or set DISCORD_SYNC_COMMANDS=false and run npm run deploy:discord.',
      },
      'discord-commands-sync-failed',
    );
  }
}
