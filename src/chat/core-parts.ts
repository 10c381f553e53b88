import type { CommandContext } from '../../commands/command-types.ts';
import type { Address } from '../domain/creation-request.ts';
import type { StatusTracker } from '../delivery/status-tracker.ts';
import type { PipelineContext } from '../pipeline/pipeline-context.ts';
import type { ChatPort } from '../ports/chat-port.ts';
import type { CommunityRecords } from '../ports/community-records.ts';
import type { QueueSet } from '../queue/queue-set.ts';
import type { StyleThumbnails } from './style-thumbnails.ts';

/** What the intake and controls of one connected port share. */
export interface CoreParts {
  context: PipelineContext;
  queues: QueueSet;
  commands: CommandContext;
  /** The community record (creations, spend, settings); null where this process keeps none. */
  records: CommunityRecords | null;
  port: ChatPort;
  tracker: StatusTracker;
  /** The /styles thumbnail of a preset, drawn once and cached. */
  styleThumbnails: StyleThumbnails;
  /** The delivery queue this port consumes (platform, and the session for a terminal). */
  where: Pick<Address, 'platform' | 'conversationId'>;
}
