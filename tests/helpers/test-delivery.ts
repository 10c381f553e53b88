import type { Reverie } from '../../src/app/create-reverie.ts';
import { startDeliveryWorker, type DeliveryWorkerOptions } from '../../src/delivery/delivery-worker.ts';
import type { ChatPort } from '../../src/ports/chat-port.ts';
import { deliveryQueueName } from '../../src/queue/queue-names.ts';
import type { RunningWorker } from '../../src/queue/start-worker.ts';
import { createPreviewMessages } from '../../src/store/preview-messages.ts';

/**
 * The delivery worker of a console conversation, posting to an in-test port (no status tracker);
 * `overrides` swaps a part (a clip store that fails on cue, say).
 */
export function startTestDelivery(reverie: Reverie, port: ChatPort, conversationId: string, overrides: Partial<DeliveryWorkerOptions> = {}): RunningWorker {
  const { context } = reverie;
  return startDeliveryWorker({
    port,
    queueName: deliveryQueueName({ platform: 'console', conversationId }),
    redisUrl: context.redisUrl,
    prefix: context.prefix,
    workRoot: context.workRoot,
    mediaStore: context.mediaStore,
    clips: context.clips,
    creations: context.records.creations,
    now: context.now,
    previews: createPreviewMessages(context.redis, context.prefix),
    active: context.active,
    ledger: context.records.ledger,
    tracker: null,
    media: context.media,
    logger: context.logger,
    ...overrides,
  });
}
