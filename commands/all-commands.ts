import type { CommandDefinition } from './command-types.ts';
import { helpCommand } from './help-command.ts';
import { shortCommand } from './short-command.ts';
import { stylesCommand } from './styles-command.ts';

/** The static list every adapter renders and the Discord deploy script registers. */
export const ALL_COMMANDS: readonly CommandDefinition[] = [shortCommand, stylesCommand, helpCommand];

export function findCommand(name: string): CommandDefinition | undefined {
  return ALL_COMMANDS.find((command) => command.name === name);
}
