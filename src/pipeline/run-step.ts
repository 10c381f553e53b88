import { DelayedError, RateLimitError, UnrecoverableError, type Job } from 'bullmq';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CreationRequest } from '../domain/creation-request.ts';
import { ReverieError } from '../domain/reverie-error.ts';
import { ProviderError } from '../ports/provider-error.ts';
import { deliveryQueueName } from '../queue/queue-names.ts';
import type { QueueSet } from '../queue/queue-set.ts';
import type { FailureDeliveryJob } from './job-data.ts';
import type { PipelineContext } from './pipeline-context.ts';

/** Maps anything thrown by a step to what the user should hear. */
export function toReverieError(error: unknown): ReverieError {
  if (error instanceof ReverieError) return error;
  if (error instanceof ProviderError) {
    const reason = error.message.slice(0, 200);
    switch (error.kind) {
      case 'refused':
        return new ReverieError('refused', 'error.refused', { params: { reason }, cause: error });
      case 'outcome-unknown':
        return new ReverieError('outcome-unknown', 'error.outcome-unknown', { cause: error });
      case 'invalid':
        return new ReverieError('internal', 'error.internal', { cause: error, detail: reason });
      default:
        return new ReverieError('provider-down', 'error.provider-down', { params: { reason }, retryable: true, cause: error });
    }
  }
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
export async function runStep<T>(
  context: PipelineContext,
  queues: QueueSet,
  job: Job,
  request: CreationRequest,
  step: () => Promise<T>,
): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof DelayedError || error instanceof RateLimitError) throw error;
    const failure = toReverieError(error);
    const attemptsLeft = job.attemptsMade + 1 < (job.opts.attempts ?? 1);
    if (failure.retryable && attemptsLeft && !(error instanceof UnrecoverableError)) {
      context.logger.warn({ err: error, jobId: job.id, attempt: job.attemptsMade + 1 }, 'step-retry');
      throw error;
    }
    context.logger.error({ err: error, jobId: job.id, code: failure.code }, 'request-failed');
    const delivery: FailureDeliveryJob = {
      kind: 'failure',
      requestId: request.id,
      request,
      code: failure.code,
      messageKey: failure.messageKey,
      params: failure.params,
    };
    await queues.get(deliveryQueueName(request.where)).add('failure', delivery, { jobId: `${request.id}-failure` });
    await rm(workDirOf(context, request.id), { recursive: true, force: true });
    throw new UnrecoverableError(failure.message);
  }
}
