import type { RequestOptions } from '../src/domain/creation-request.ts';
import type { ModelRow } from '../src/models/model-types.ts';

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
  /**
   * Choices that depend on this server's configuration (the video models with credentials).
   * `commandsFor(context)` turns them into `choices`; an adapter with autocomplete (Discord) may
   * call it with what the user typed instead. Returns at most 25, Discord's limit.
   */
  autocomplete?: (context: CommandContext, typed: string) => CommandChoice[];
}

/**
 * What commands may read of the running server, built once at start-up by the adapter
 * (`createCommandContext(config)` in all-commands.ts) and passed to `run` and `commandsFor`.
 * Data only, so `run` stays a pure function of its input.
 */
export interface CommandContext {
  /** The video models whose credentials are configured, in table order. */
  models: readonly ModelRow[];
  /** The model a request gets when it names none. */
  defaultModelKey: string;
}

/** What a platform passes in: the option values by name, already typed by the platform. */
export interface CommandInput {
  options: Record<string, string | number | boolean | undefined>;
  locale: string;
  /** The server's configured models; optional so callers without one (tests, old adapters) still work. */
  context?: CommandContext;
}

/** Either a reply to show, or a creation for the adapter to submit. */
export type CommandResult = { kind: 'reply'; text: string } | { kind: 'create'; sentence: string; options: RequestOptions };

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
