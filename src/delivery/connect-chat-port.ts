import type { Address, CreationRequest } from '../domain/creation-request.ts';
import type { PipelineContext } from '../pipeline/pipeline-context.ts';
import type { ChatPort } from '../ports/chat-port.ts';
import type { QueueSet } from '../queue/queue-set.ts';
import { deliveryQueueName } from '../queue/queue-names.ts';
import { createPreviewMessages } from '../store/preview-messages.ts';
import { startDeliveryWorker } from './delivery-worker.ts';
import { createStatusTracker, type StatusTracker } from './status-tracker.ts';

export interface ChatConnection {
  tracker: StatusTracker;
  /** Stops status edits first, then lets the current deliveries finish. */
  close(): Promise<void>;
}

/**
 * Connects an adapter's ChatPort to the core: status edits from queue progress, and the durable
 * delivery queue of the conversations it owns. Every adapter does exactly this, so it lives once.
 */
export function connectChatPort(
  reverie: { context: PipelineContext; queues: QueueSet; progressQueueNames: string[] },
  port: ChatPort,
  options: {
    owns: (request: CreationRequest) => boolean;
    /** The conversation whose delivery queue to consume (console sessions have their own). */
    where: Pick<Address, 'platform' | 'conversationId'>;
    minEditIntervalMs: number;
    /**
     * The delivery queue belongs to this connection alone (a console or `make` session): its keys
     * are removed when it closes, or every session would leave a queue in Redis forever.
     */
    removeQueueOnClose?: boolean;
  },
): ChatConnection {
  const { context } = reverie;
  const previews = createPreviewMessages(context.redis, context.prefix);
  const tracker = createStatusTracker({
    port,
    queues: reverie.queues,
    queueNames: reverie.progressQueueNames,
    redisUrl: context.redisUrl,
    prefix: context.prefix,
    owns: options.owns,
    minEditIntervalMs: options.minEditIntervalMs,
    preview: { mediaStore: context.mediaStore, previews, workRoot: context.workRoot },
    // Past the deadline plus a margin no generation reports progress any more.
    forgetAfterMs: context.generationDeadlineMs + 10 * 60_000,
    logger: context.logger,
    now: context.now,
  });
  const queueName = deliveryQueueName(options.where);
  const delivery = startDeliveryWorker({
    port,
    queueName,
    redisUrl: context.redisUrl,
    prefix: context.prefix,
    workRoot: context.workRoot,
    mediaStore: context.mediaStore,
    clips: context.clips,
    creations: context.records.creations,
    now: context.now,
    previews,
    active: context.active,
    ledger: context.records.ledger,
    tracker,
    media: context.media,
    logger: context.logger,
    observer: context.observer,
    crashRecovery: context.crashRecovery,
  });
  return {
    tracker,
    async close() {
      await tracker.close();
      await delivery.close();
      if (options.removeQueueOnClose) {
        await reverie.queues
          .get(queueName)
          .obliterate({ force: true })
          .catch((error: unknown) => context.logger.warn({ err: error, queueName }, 'delivery-queue-remove-failed'));
      }
    },
  };
}
