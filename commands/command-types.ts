import type { LimitDefaults } from '../src/budget/limits.ts';
import type { Origin, Platform, RequestOptions } from '../src/domain/creation-request.ts';
import type { ModelRow } from '../src/models/model-types.ts';
import type { CommunityRecords, CommunityRef, CommunitySettings } from '../src/ports/community-records.ts';

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
  /** The option that takes a text platform's remaining words (`/short a cat in the rain`). */
  freeText?: boolean;
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
  /** The owner's limits from the environment, before any community's settings. */
  limits: LimitDefaults;
}

/** What a platform passes in: the option values by name, already typed by the platform. */
export interface CommandInput {
  options: Record<string, string | number | boolean | undefined>;
  locale: string;
  /** The server's configured models; optional so callers without one (tests, old adapters) still work. */
  context?: CommandContext;
}

/** One picture of a gallery reply: the core draws the named style preset's thumbnail for it. */
export interface GalleryEntry {
  title: string;
  caption: string;
  style: string;
}

/**
 * A reply to show, a creation for the adapter to submit, or a gallery: pictures with captions,
 * `text` standing in where the pictures cannot be drawn.
 */
export type CommandResult = { kind: 'reply'; text: string } | { kind: 'create'; sentence: string; options: RequestOptions } | { kind: 'gallery'; text: string; entries: GalleryEntry[] };

/** Who ran a command, and where: what a command reading the record needs to know of them. */
export interface Caller {
  platform: Platform;
  userId: string;
  displayName: string;
  /** The server or group, or the user's own space in a DM (`dm:<userId>`). */
  community: CommunityRef;
  origin: Origin;
  /** Manage Server on Discord, a chat administrator on Telegram, the owner in a DM or the terminal. */
  isAdmin(): Promise<boolean>;
}

/** What a command that answers from the record is given; the core reads the settings once for it. */
export interface RecordInput {
  options: CommandInput['options'];
  /** The reply language: the community's when an admin set one, else the caller's. */
  locale: string;
  context: CommandContext;
  caller: Caller;
  records: CommunityRecords;
  settings: CommunitySettings;
  /** Epoch ms, from the core's clock. */
  now: number;
}

/** Who may run a command; the chat core refuses everyone else before the command runs. */
export type CommandAccess = 'everyone' | 'admin';

interface CommandBase {
  name: string;
  description: LocalizedText;
  options: CommandOption[];
  access: CommandAccess;
  /**
   * Usually answered with a public card that starts a creation. A platform with an answer deadline
   * (Discord's 3 s) acknowledges such a command the moment it arrives, before the core reads the
   * record: in a burst, the clock runs while earlier commands are still being handled.
   */
  startsCreation?: boolean;
}

/** Answers from its options and the server's models alone: a pure function, no I/O. */
export interface PureCommand extends CommandBase {
  kind: 'pure';
  run(input: CommandInput): CommandResult;
}

/** Answers from (or writes to) the community's record; always a private reply. */
export interface RecordCommand extends CommandBase {
  kind: 'record';
  answer(input: RecordInput): Promise<string>;
}

/**
 * A command, defined once: Discord renders it as a slash command, Telegram as a bot command with
 * arguments, the console as a `/name` line.
 */
export type CommandDefinition = PureCommand | RecordCommand;
