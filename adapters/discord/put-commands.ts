import { Routes, type APIApplicationCommand, type REST, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';

/** The whole command set as Discord takes it: renderCommands()' output. */
export type CommandsBody = RESTPostAPIChatInputApplicationCommandsJSONBody[];

/** Where commands live: one guild (instant; for development) or every server (global; up to an hour to show). */
export interface CommandScope {
  applicationId: string;
  guildId?: string | undefined;
}

/**
 * Registers `body` as the application's command set with one bulk overwrite (PUT), so commands
 * removed from the definitions disappear too, and sending the same body twice changes nothing.
 * The one place that writes commands: `npm run deploy:discord` and the start-up sync share it.
 */
export async function putCommands(rest: REST, scope: CommandScope, body: CommandsBody): Promise<APIApplicationCommand[]> {
  const route = scope.guildId ? Routes.applicationGuildCommands(scope.applicationId, scope.guildId) : Routes.applicationCommands(scope.applicationId);
  return (await rest.put(route, { body })) as APIApplicationCommand[];
}
