import type { RequestOptions } from '../src/domain/creation-request.ts';

/** Text in each language a command is shown in. */
export interface LocalizedText {
  en: string;
  zh: string;
}

export interface CommandChoice {
  value: string;
  label: LocalizedText;
}

export interface CommandOption {
  name: string;
  type: 'string' | 'boolean' | 'integer';
  description: LocalizedText;
  required: boolean;
  choices?: CommandChoice[];
  minValue?: number;
  maxValue?: number;
}

/** What a platform passes in: the option values by name, already typed by the platform. */
export interface CommandInput {
  options: Record<string, string | number | boolean | undefined>;
  locale: string;
}

/** Either a reply to show, or a creation for the adapter to submit. */
export type CommandResult =
  | { kind: 'reply'; text: string }
  | { kind: 'create'; sentence: string; options: RequestOptions };

/**
 * A command, defined once: Discord renders it as a slash command, Telegram as a bot command with
 * arguments, the console as a `/name` line.
 */
export interface CommandDefinition {
  name: string;
  description: LocalizedText;
  options: CommandOption[];
  run(input: CommandInput): CommandResult;
}
