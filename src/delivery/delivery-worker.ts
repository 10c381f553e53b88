import type { Job } from 'bullmq';
import { rm } from 'node:fs/promises';
import { renderCaption } from './status-text.ts';
import type { StatusTracker } from './status-tracker.ts';
import { ReverieError } from '../domain/reverie-error.ts';
import { translate, translateStored } from '../i18n/messages.ts';
import type { Logger } from '../log/logger.ts';
import { DeliveryJobData } from '../pipeline/job-data.ts';
import { workDirOf } from '../pipeline/run-step.ts';
import { userKeyOf } from '../pipeline/submit-request.ts';
import type { ChatPort } from '../ports/chat-port.ts';
import type { ActiveRequests } from '../store/active-requests.ts';
import type { ClipStore } from '../store/clip-store.ts';
import { startWorker, type RunningWorker } from '../queue/start-worker.ts';

export interface DeliveryWorkerOptions {
  port: ChatPort;
  queueName: string;
  redisUrl: string;
  prefix: string;
  workRoot: string;
  clips: ClipStore;
  active: ActiveRequests;
  tracker: StatusTracker | null;
  logger: Logger;
  /** Posting in parallel is fine across chats; 4 keeps upload bandwidth sane. */
  concurrency?: number;
}

/**
 * Posts clips and failures for one adapter. Runs in the adapter's process because only it holds
 * the platform connection; durable, so a clip finished while the adapter was down still arrives.
 */
export function startDeliveryWorker(options: DeliveryWorkerOptions): RunningWorker {
  const { port, clips, active, logger } = options;
  const process = async (job: Job): Promise<{ messageId: string | null }> => {
    const delivery = DeliveryJobData.parse(job.data);
    options.tracker?.forget(delivery.requestId);
    if (delivery.kind === 'failure') {
      const { request } = delivery;
      await port.postFailure({ request, code: delivery.code, text: translateStored(request.requester.locale, delivery.messageKey, delivery.params) });
      await active.release(userKeyOf(request), request.id);
      return { messageId: null };
    }
    const clip = await clips.get(delivery.clipId);
    if (!clip) throw new Error(`clip ${delivery.clipId} is not in the store`);
    const locale = clip.request.requester.locale;
    const workDir = workDirOf(options, clip.request.id);
    let messageId: string;
    try {
      ({ messageId } = await port.postClip({
        clip,
        filePath: delivery.filePath,
        thumbnailPath: delivery.thumbnailPath,
        caption: renderCaption(clip),
        notes: delivery.notes.map((note) => translateStored(locale, note.key, note.params)),
      }));
    } catch (error) {
      // Out of attempts: the user hears why instead of waiting forever on a status card.
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        const failure = error instanceof ReverieError ? error : new ReverieError('internal', 'error.upload-failed');
        await port
          .postFailure({ request: clip.request, code: failure.code, text: translate(locale, failure.messageKey, failure.params) })
          .catch((postError: unknown) => logger.error({ err: postError, clipId: clip.id }, 'failure-post-failed'));
        await active.release(userKeyOf(clip.request), clip.request.id);
        await rm(workDir, { recursive: true, force: true });
      }
      throw error;
    }
    await clips.markDelivered(clip.id, clip.request.where.platform, messageId);
    await active.release(userKeyOf(clip.request), clip.request.id);
    await rm(workDir, { recursive: true, force: true });
    logger.info({ clipId: clip.id, messageId }, 'delivery-end');
    return { messageId };
  };
  return startWorker(options.queueName, process, {
    redisUrl: options.redisUrl,
    prefix: options.prefix,
    logger,
    concurrency: options.concurrency ?? 4,
  });
}
