import type { CommandChoice, CommandContext } from '../../commands/command-types.ts';
import type { Address, CreationRequest } from '../domain/creation-request.ts';
import type { Logger } from '../log/logger.ts';
import type { PipelineContext } from '../pipeline/pipeline-context.ts';
import type { ChatPort } from '../ports/chat-port.ts';
import type { CommunityRecords } from '../ports/community-records.ts';
import type { QueueSet } from '../queue/queue-set.ts';
import { connectChatPort } from '../delivery/connect-chat-port.ts';
import type { CommandInvocation, ControlAnswer, ControlEvent, IncomingMessage, IntakeOutcome } from './chat-events.ts';
import { createControls } from './intake-controls.ts';
import { createStyleThumbnails } from './style-thumbnails.ts';
import { createCommandIntake } from './intake-command.ts';
import { createRequestIntake } from './intake-request.ts';

/** What the chat core needs from the application; built once in src/app. */
export interface ChatDeps {
  context: PipelineContext;
  queues: QueueSet;
  /** Every queue whose progress drives status cards. */
  progressQueueNames: string[];
  commands: CommandContext;
  /** The community record /usage, /history, /settings and /forget read; null = none kept. */
  records: CommunityRecords | null;
}

export interface ConnectOptions {
  /** Least time between two edits of one status card, ms. */
  minEditIntervalMs: number;
  /**
   * A conversation with its own delivery queue (a terminal session); unset = the platform's one
   * queue, whatever the chat.
   */
  conversationId?: string;
}

/**
 * The one entry adapters call. They translate platform events into these calls and the core's
 * posts (through their ChatPort) into platform messages; every rule in between lives here.
 */
export interface ChatCore {
  /** A message addressed to Reverie: a new request, or the requester's reply to their clip (a revision). */
  messageArrived(message: IncomingMessage): Promise<IntakeOutcome>;
  /** A command from commands/: a reply, or a creation. */
  commandInvoked(invocation: CommandInvocation): Promise<IntakeOutcome>;
  /** A button or reaction on a clip or failure; null when the user gets no answer (a stranger's reaction). */
  controlUsed(control: ControlEvent): Promise<ControlAnswer | null>;
  /** Choices for an option as the user types (Discord autocomplete). */
  suggest(commandName: string, optionName: string, typed: string): CommandChoice[];
  /** Stops status edits, then lets the current deliveries finish. */
  close(): Promise<void>;
}

/** What an adapter is given: a way to connect its port, a logger and the clock. Not the whole app. */
export interface ChatHub {
  connect(port: ChatPort, options: ConnectOptions): ChatCore;
  readonly logger: Logger;
  now(): number;
}

export function createChatHub(deps: ChatDeps): ChatHub {
  const { context } = deps;
  // One cache for every port of this process: a preset is drawn once, whoever asks first.
  const styleThumbnails = createStyleThumbnails({ painter: context.previewPainter, cacheRoot: context.cacheRoot });
  return {
    logger: context.logger,
    now: context.now,
    connect(port, options) {
      const where: Pick<Address, 'platform' | 'conversationId'> = { platform: port.platform, conversationId: options.conversationId ?? '' };
      const connection = connectChatPort(deps, port, {
        owns: (request: CreationRequest) => request.where.platform === port.platform && (options.conversationId === undefined || request.where.conversationId === options.conversationId),
        where,
        minEditIntervalMs: options.minEditIntervalMs,
        // A conversation's own delivery queue (a terminal session) ends with the session.
        removeQueueOnClose: options.conversationId !== undefined,
      });
      const shared = { ...deps, port, tracker: connection.tracker, where, styleThumbnails };
      const intake = createRequestIntake(shared);
      const commands = createCommandIntake(shared, intake.create);
      const controls = createControls(shared);
      return {
        messageArrived: intake.messageArrived,
        commandInvoked: commands.commandInvoked,
        controlUsed: controls.controlUsed,
        suggest(commandName, optionName, typed) {
          const option = commands.findOption(commandName, optionName);
          return option?.autocomplete?.(deps.commands, typed) ?? [];
        },
        close: connection.close,
      };
    },
  };
}
