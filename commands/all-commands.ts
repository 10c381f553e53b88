import type { Config } from '../src/config/config-schema.ts';
import { configuredModels, defaultModelKey } from '../src/models/model-catalogue.ts';
import type { CommandContext, CommandDefinition } from './command-types.ts';
import { forgetCommand } from './forget-command.ts';
import { helpCommand } from './help-command.ts';
import { historyCommand } from './history-command.ts';
import { modelsCommand } from './models-command.ts';
import { settingsCommand } from './settings-command.ts';
import { shortCommand } from './short-command.ts';
import { stylesCommand } from './styles-command.ts';
import { usageCommand } from './usage-command.ts';

/** The static list every adapter renders and the Discord deploy script registers. */
export const ALL_COMMANDS: readonly CommandDefinition[] = [shortCommand, modelsCommand, stylesCommand, helpCommand, usageCommand, historyCommand, settingsCommand, forgetCommand];

export function findCommand(name: string): CommandDefinition | undefined {
  return ALL_COMMANDS.find((command) => command.name === name);
}

/** What the commands may know of this server: the models with credentials, the owner's limits. Build once at start-up. */
export function createCommandContext(config: Config): CommandContext {
  return {
    models: configuredModels(config),
    defaultModelKey: defaultModelKey(config),
    limits: config,
  };
}

/**
 * The definitions with config-dependent choices filled in (the /short model option lists the
 * configured models), for adapters that render static choices. Options keep `autocomplete`, so an
 * adapter that answers autocomplete requests may use that and ignore `choices`.
 */
export function commandsFor(context: CommandContext, definitions: readonly CommandDefinition[] = ALL_COMMANDS): CommandDefinition[] {
  return definitions.map((definition) => ({
    ...definition,
    options: definition.options.map((option) => (option.autocomplete && !option.choices ? { ...option, choices: option.autocomplete(context, '') } : option)),
  }));
}
