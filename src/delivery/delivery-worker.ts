import type { Job } from 'bullmq';
import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ClipRecord } from '../domain/clip.ts';
import { renderCaption, renderPlanLine } from './status-text.ts';
import type { StatusTracker } from './status-tracker.ts';

function isTooLarge(error: unknown): error is ReverieError {
  return error instanceof ReverieError && error.kind === 'too-large';
}
import { ReverieError, tooLargeError } from '../domain/errors.ts';
import { translate, translateStored } from '../i18n/messages.ts';
import type { Logger } from '../log/logger.ts';
import { DeliveryJobData, type ClipDeliveryJob, type FailureDeliveryJob } from '../pipeline/job-data.ts';
import { userKeyOf } from '../pipeline/fair-keys.ts';
import { failureState, recordFinished } from '../pipeline/record-creation.ts';
import type { ChatPort } from '../ports/chat-port.ts';
import type { CreationLog, Ledger } from '../ports/community-records.ts';
import type { Media } from '../ports/media.ts';
import type { MediaStore } from '../ports/media-store.ts';
import { refitBudgetBytes } from './refit-budget.ts';
import type { ActiveRequests } from '../store/active-requests.ts';
import type { ClipStore } from '../store/clip-store.ts';
import type { PreviewMessages } from '../store/preview-messages.ts';
import { previewKeyOf } from '../pipeline/plan-preview.ts';
import { startWorker, type CrashRecovery, type RunningWorker } from '../queue/start-worker.ts';
import type { ReverieObserver } from '../ports/observer.ts';

export interface DeliveryWorkerOptions {
  port: ChatPort;
  queueName: string;
  redisUrl: string;
  prefix: string;
  /** This process's DATA_DIR/work: the clip is downloaded from the media store into a folder here. */
  workRoot: string;
  /** Where the worker (maybe on another machine) left the finished clip and thumbnail. */
  mediaStore: MediaStore;
  clips: ClipStore;
  /** The record: each creation's delivery or failure is written there. */
  creations: CreationLog;
  /** Stamps the record's writes. */
  now: () => number;
  /** The preview messages a clip replaces (Telegram's photo), remembered by the status tracker. */
  previews: PreviewMessages;
  active: ActiveRequests;
  /** The cost ledger: a clip's reserved lines are settled once it is posted (or given up on: it was made and billed). */
  ledger: Ledger;
  tracker: StatusTracker | null;
  /** For the one re-fit after a platform refused a clip as too large. */
  media: Media;
  logger: Logger;
  /** Metrics hooks: the post's duration and the delivered clip's cost. */
  observer?: ReverieObserver;
  /** How soon a delivery an adapter died in (SIGKILL) is taken up by another; unset = BullMQ's defaults. */
  crashRecovery?: CrashRecovery;
  /** Posting in parallel is fine across chats; 4 keeps upload bandwidth sane. */
  concurrency?: number;
}

/** The finished clip's media expired or was deleted before it could be posted. */
class MediaGoneError extends Error {
  override name = 'MediaGoneError';
}

/**
 * This process's own folder for one delivery, beside (never inside) the worker's work dir of the
 * request: with ROLE=all both live under one DATA_DIR, and the worker removes its own when done.
 * Request ids carry no ".", so no request's work dir has this name.
 */
export function deliveryDirOf(workRoot: string, requestId: string): string {
  return join(workRoot, `${requestId}.delivery`);
}

/** Downloads the clip and its thumbnail from the media store into `workDir`. */
async function fetchMedia(store: MediaStore, delivery: ClipDeliveryJob, workDir: string, files: { filePath: string; thumbnailPath: string }): Promise<void> {
  await mkdir(workDir, { recursive: true });
  if (!(await store.get(delivery.clipKey, files.filePath))) throw new MediaGoneError(`media ${delivery.clipKey} is no longer stored`);
  if (!(await store.get(delivery.thumbnailKey, files.thumbnailPath))) throw new MediaGoneError(`media ${delivery.thumbnailKey} is no longer stored`);
}

/**
 * Posts clips and failures for one adapter. Runs in the adapter's process because only it holds
 * the platform connection; durable, so a clip finished while the adapter was down still arrives.
 */
export function startDeliveryWorker(options: DeliveryWorkerOptions): RunningWorker {
  const { port, clips, active, logger } = options;

  /**
   * Posts the clip; when the platform refuses it as too large (its stated limit was wrong), fits
   * it once more under a smaller budget and posts again. null when even that did not go through:
   * the user has been told, and nothing is left to retry.
   */
  const postFitted = async (clip: ClipRecord, filePath: string, post: (path: string) => Promise<{ messageId: string }>): Promise<{ messageId: string } | null> => {
    try {
      return await post(filePath);
    } catch (error) {
      if (!isTooLarge(error)) throw error;
    }
    const { request } = clip;
    const locale = request.requester.locale;
    const refusedBytes = (await stat(filePath)).size;
    const budgetBytes = refitBudgetBytes(refusedBytes, port.refitCeilingBytes);
    logger.warn({ clipId: clip.id, refusedBytes, budgetBytes }, 'delivery-refit');
    await port.updateStatus(request, translate(locale, 'status.shrinking'), { requestId: request.id, stage: 'uploading' }).catch(() => undefined);
    const smallerPath = join(dirname(filePath), 'final-refit.mp4');
    const explain = async (tooLarge: ReverieError) => {
      await port.postFailure({ request, code: tooLarge.kind, text: translate(locale, tooLarge.messageKey, tooLarge.params) });
      return null;
    };
    try {
      await options.media.fitToLimit(filePath, smallerPath, budgetBytes);
    } catch (error) {
      logger.warn({ err: error, clipId: clip.id }, 'delivery-refit-failed');
      return explain(tooLargeError(refusedBytes, error));
    }
    try {
      return await post(smallerPath);
    } catch (error) {
      if (!isTooLarge(error)) throw error;
      return explain(error);
    }
  };
  /** The preview frame and its message are done with once the request has its answer. */
  const dropPreview = async (requestId: string) => {
    await options.mediaStore.delete(previewKeyOf(requestId)).catch((error: unknown) => logger.warn({ err: error, requestId }, 'media-delete-failed'));
    await options.previews.forget(requestId).catch((error: unknown) => logger.warn({ err: error, requestId }, 'preview-forget-failed'));
  };

  /** A request that failed upstream: the user hears why, and its record and turn are closed. */
  const postFailureDelivery = async (delivery: FailureDeliveryJob) => {
    const { request } = delivery;
    await port.postFailure({ request, code: delivery.code, text: translateStored(request.requester.locale, delivery.messageKey, delivery.params) });
    await recordFinished(options.creations, logger, request.id, { state: failureState(delivery.code) }, options.now());
    await active.release(userKeyOf(request), request.id);
    await dropPreview(request.id);
  };

  /**
   * Posted or given up: the clip was made, so its charges are settled (at what each shot cost
   * where known; conditional, so a re-run or a second worker settles nothing twice), and the
   * stored media and this process's copies go.
   */
  const settle = async (delivery: ClipDeliveryJob, clip: ClipRecord) => {
    const costs = delivery.shotCostsUsd ? new Map(delivery.shotCostsUsd.map((usd, shot) => [shot, usd])) : null;
    await options.ledger.settle(clip.request.id, costs, options.now());
    await active.release(userKeyOf(clip.request), clip.request.id);
    await options.mediaStore.delete(delivery.clipKey, delivery.thumbnailKey).catch((error: unknown) => logger.warn({ err: error, clipId: clip.id }, 'media-delete-failed'));
    await dropPreview(clip.request.id);
    await rm(deliveryDirOf(options.workRoot, clip.request.id), { recursive: true, force: true });
  };

  /** A made clip that will not be posted: the user hears why instead of waiting on a status card, and it is settled. */
  const giveUpClip = async (delivery: ClipDeliveryJob, clip: ClipRecord, failure: ReverieError) => {
    await port
      .postFailure({ request: clip.request, code: failure.kind, text: translate(clip.request.requester.locale, failure.messageKey, failure.params) })
      .catch((postError: unknown) => logger.error({ err: postError, clipId: clip.id }, 'failure-post-failed'));
    await recordFinished(options.creations, logger, clip.request.id, { state: 'failed' }, options.now());
    await settle(delivery, clip);
  };

  const process = async (job: Job): Promise<{ messageId: string | null }> => {
    const delivery = DeliveryJobData.parse(job.data);
    // A preview still on its way would land after (and so over) the clip that replaces it.
    await options.tracker?.previewSettled(delivery.requestId);
    options.tracker?.forget(delivery.requestId);
    if (delivery.kind === 'failure') {
      await postFailureDelivery(delivery);
      return { messageId: null };
    }
    const clip = await clips.get(delivery.clipId);
    if (!clip) throw new Error(`clip ${delivery.clipId} is not in the store`);
    const locale = clip.request.requester.locale;
    const workDir = deliveryDirOf(options.workRoot, clip.request.id);
    const files = { filePath: join(workDir, 'final.mp4'), thumbnailPath: join(workDir, 'thumbnail.jpg') };
    // Idempotent per clip: a retried delivery (the worker failed after the post went out) never
    // posts the clip a second time. The marker is written before the post and replaced by the
    // message id the moment the platform answers, before anything else can fail.
    if (clip.messageId !== null) {
      logger.info({ clipId: clip.id, messageId: clip.messageId }, 'delivery-already-done');
      await settle(delivery, clip);
      return { messageId: clip.messageId };
    }
    const mark = await clips.readPosting(clip.id);
    if (mark?.state === 'posted') {
      await clips.markDelivered(clip.id, clip.request.where.platform, mark.messageId);
      await recordFinished(options.creations, logger, clip.request.id, { state: 'delivered', costUsd: clip.costUsd ?? null, clipId: clip.id, clipMessageId: mark.messageId }, options.now());
      await settle(delivery, clip);
      logger.info({ clipId: clip.id, messageId: mark.messageId }, 'delivery-end');
      return { messageId: mark.messageId };
    }
    if (mark?.state === 'started') {
      // An earlier attempt died inside the post (a crash, not a refusal): the platform may or may
      // not show the clip. A second copy is a nuisance, a clip that never arrives is a failure,
      // so it is posted again; the log says why there may be two.
      logger.warn({ clipId: clip.id }, 'delivery-repost-after-crash');
    }
    // Read before the mark: a failure here (Redis away) must not leave a 'started' mark that makes
    // the next attempt take it for a post cut short.
    const previewMessageId = await options.previews.find(clip.request.id);
    await clips.markPosting(clip.id, { state: 'started' });
    const post = (filePath: string) =>
      port.postClip({
        clip,
        filePath,
        thumbnailPath: files.thumbnailPath,
        caption: renderCaption(clip),
        cardText: `${renderPlanLine(locale, { title: clip.plan.title, shots: clip.plan.shots.length, seconds: clip.plan.totalSeconds, model: clip.modelId })}\n${translate(locale, 'status.done')}`,
        notes: delivery.notes.map((note) => translateStored(locale, note.key, note.params)),
        previewMessageId,
      });
    let messageId: string;
    const postStarted = performance.now();
    try {
      await fetchMedia(options.mediaStore, delivery, workDir, files);
      const posted = await postFitted(clip, files.filePath, post);
      if (!posted) {
        await clips.clearPosting(clip.id);
        await settle(delivery, clip);
        return { messageId: null };
      }
      ({ messageId } = posted);
    } catch (error) {
      // The platform refused or the call failed: taken as not posted, so a retry may post. (A port
      // must not throw once the platform has taken the clip.)
      await clips.clearPosting(clip.id).catch((clearError: unknown) => logger.warn({ err: clearError, clipId: clip.id }, 'delivery-mark-clear-failed'));
      // Out of attempts (or the media is gone, which no attempt brings back): the user hears why
      // instead of waiting forever on a status card.
      if (error instanceof MediaGoneError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        await giveUpClip(delivery, clip, error instanceof ReverieError ? error : new ReverieError('internal', error instanceof MediaGoneError ? 'error.internal' : 'error.upload-failed'));
        if (error instanceof MediaGoneError) {
          logger.error({ err: error, clipId: clip.id }, 'delivery-media-gone');
          return { messageId: null };
        }
      } else {
        // The next attempt downloads again: nothing is left behind if it never comes.
        await rm(workDir, { recursive: true, force: true });
      }
      throw error;
    }
    await clips.markPosting(clip.id, { state: 'posted', messageId });
    await clips.markDelivered(clip.id, clip.request.where.platform, messageId);
    await recordFinished(options.creations, logger, clip.request.id, { state: 'delivered', costUsd: clip.costUsd ?? null, clipId: clip.id, clipMessageId: messageId }, options.now());
    options.observer?.stageDone('deliver', (performance.now() - postStarted) / 1000);
    options.observer?.clipDelivered(clip.costUsd ?? null);
    await settle(delivery, clip);
    logger.info({ clipId: clip.id, messageId }, 'delivery-end');
    return { messageId };
  };
  /**
   * A delivery its adapters died in twice (BullMQ then fails it without running it): the user hears
   * that it did not arrive rather than nothing, and a made clip is settled (it was billed). One
   * more attempt at the post could kill a third adapter the same way.
   */
  const giveUp = async (job: Job) => {
    const delivery = DeliveryJobData.parse(job.data);
    logger.error({ jobId: job.id, requestId: delivery.requestId }, 'delivery-stalled-out');
    if (delivery.kind === 'failure') return postFailureDelivery(delivery);
    const clip = await clips.get(delivery.clipId);
    if (clip) await giveUpClip(delivery, clip, new ReverieError('internal', 'error.upload-failed'));
  };
  return startWorker(options.queueName, process, {
    redisUrl: options.redisUrl,
    prefix: options.prefix,
    logger,
    concurrency: options.concurrency ?? 4,
    lockDuration: options.crashRecovery?.lockMs,
    stalledInterval: options.crashRecovery?.stalledCheckMs,
    onStalledOut: giveUp,
  });
}
