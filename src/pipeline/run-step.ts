import { DelayedError, RateLimitError, UnrecoverableError, type Job } from 'bullmq';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CreationRequest } from '../domain/creation-request.ts';
import { ReverieError } from '../domain/errors.ts';
import { deliveryQueueName } from '../queue/queue-names.ts';
import type { QueueSet } from '../queue/queue-set.ts';
import type { FailureDeliveryJob } from './job-data.ts';
import type { PipelineContext } from './pipeline-context.ts';

/** ffmpeg names a full disk only in its stderr, which FfmpegError carries in its message. */
const NO_SPACE = /No space left on device/i;

/**
 * Whether the disk filled up anywhere down the cause chain: Node's ENOSPC, or ffmpeg's words for
 * it. Checked before the kind a wrapper gave it (a provider's render failing on a full disk is
 * not the provider's fault, and more disk, not another model, is the cure).
 */
function isDiskFull(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; current = current.cause, depth += 1) {
    if ((current as NodeJS.ErrnoException).code === 'ENOSPC' || NO_SPACE.test(current.message)) return true;
  }
  return false;
}

/** Maps anything thrown by a step to what the user should hear; unknown errors are internal. */
export function toReverieError(error: unknown): ReverieError {
  if (isDiskFull(error)) return new ReverieError('disk-full', 'error.disk-full', { detail: error instanceof Error ? error.message : String(error), cause: error });
  if (error instanceof ReverieError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new ReverieError('internal', 'error.internal', { retryable: true, detail, cause: error });
}

export function workDirOf(context: Pick<PipelineContext, 'workRoot'>, requestId: string): string {
  return join(context.workRoot, requestId);
}

/**
 * Runs one step of a request's job. BullMQ's own control errors pass through; a retryable
 * failure with attempts left is rethrown for backoff; anything else becomes the user's failure
 * message (a delivery job, so it survives an adapter restart), its files are removed, and the
 * job fails without further attempts.
 */
export async function runStep<T>(context: PipelineContext, queues: QueueSet, job: Job, request: CreationRequest, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof DelayedError || error instanceof RateLimitError) throw error;
    const failure = toReverieError(error);
    const attemptsLeft = job.attemptsMade + 1 < (job.opts.attempts ?? 1);
    if (failure.retryable && attemptsLeft && !(error instanceof UnrecoverableError)) {
      context.logger.warn({ err: error, jobId: job.id, attempt: job.attemptsMade + 1, kind: failure.kind }, 'step-retry');
      throw error;
    }
    context.logger.error({ err: error, jobId: job.id, kind: failure.kind }, 'request-failed');
    await failRequest(context, queues, request, failure);
    throw new UnrecoverableError(failure.message);
  }
}

/**
 * Ends a request with `failure`: the user's message goes out as a delivery job (so it survives an
 * adapter restart), what is still reserved is released and the request's files are removed.
 */
export async function failRequest(context: PipelineContext, queues: QueueSet, request: CreationRequest, failure: ReverieError): Promise<void> {
  const delivery: FailureDeliveryJob = {
    kind: 'failure',
    requestId: request.id,
    request,
    code: failure.kind,
    messageKey: failure.messageKey,
    params: failure.params,
  };
  await queues.get(deliveryQueueName(request.where)).add('failure', delivery, { jobId: `${request.id}-failure` });
  // Nothing more will be made for this request: what is still reserved is not charged (a held
  // line, a create whose outcome is unknown, stays until reconciled). After the failure is
  // queued, so a worker killed in between runs the step again rather than losing a charge.
  await context.records.ledger.release(request.id, context.now());
  await rm(workDirOf(context, request.id), { recursive: true, force: true });
}
