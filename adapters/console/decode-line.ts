import { findCommand } from '../../commands/all-commands.ts';
import type { CommandInput } from '../../commands/command-types.ts';
import { parseCommandArguments } from '../../commands/text-arguments.ts';

/** One line typed in the terminal, as the chat understands it. */
export type ConsoleLine =
  | { kind: 'blank' }
  /** `> words`: a line of "this text" for the next request. */
  | { kind: 'quote'; text: string }
  /** `/avatar PATH`: the picture used from now on. */
  | { kind: 'avatar'; path: string }
  /** `/name args`: a command, its arguments parsed as Telegram's are. */
  | { kind: 'command'; name: string; values: CommandInput['options'] }
  | { kind: 'sentence'; text: string };

export function decodeLine(rawLine: string): ConsoleLine {
  const line = rawLine.trim();
  if (line === '') return { kind: 'blank' };
  if (rawLine.startsWith('>')) return { kind: 'quote', text: rawLine.replace(/^>\s?/, '') };
  if (line.startsWith('/avatar')) return { kind: 'avatar', path: line.slice('/avatar'.length).trim() };
  const slash = /^\/(\w+)\s*(.*)$/.exec(line);
  if (!slash?.[1]) return { kind: 'sentence', text: line };
  const name = slash[1].toLowerCase();
  const command = findCommand(name);
  return { kind: 'command', name, values: command ? parseCommandArguments(command, slash[2] ?? '') : {} };
}
