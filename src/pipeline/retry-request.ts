import type { Address } from '../domain/creation-request.ts';
import { isUserRetryable } from '../domain/errors.ts';
import { deliveryQueueName } from '../queue/queue-names.ts';
import type { QueueSet } from '../queue/queue-set.ts';
import { FailureDeliveryJob } from './job-data.ts';
import type { PipelineContext } from './pipeline-context.ts';
import { submitRequest, type SubmitOutcome } from './submit-request.ts';

/** The failed request behind a "Try again" button, when its failure is one worth retrying. */
export async function findRetryableFailure(queues: QueueSet, requestId: string, where: Pick<Address, 'platform' | 'conversationId'>): Promise<FailureDeliveryJob | null> {
  const job = await queues.get(deliveryQueueName(where)).getJob(`${requestId}-failure`);
  const failure = FailureDeliveryJob.safeParse(job?.data);
  return failure.success && isUserRetryable(failure.data.code) ? failure.data : null;
}

/**
 * "Try again" on a failure message: a new, explicitly requested attempt of the same request. The
 * failure's delivery job (kept for a week) holds the request; the new id derives from it, so a
 * double click starts one attempt.
 */
export async function retryFailedRequest(context: PipelineContext, queues: QueueSet, failure: FailureDeliveryJob, overrides: { where: Partial<Address>; receivedAt: number }): Promise<SubmitOutcome> {
  const { request } = failure;
  return submitRequest(context, queues, {
    ...request,
    id: `${request.id}-again`,
    where: { ...request.where, statusMessageId: null, ...overrides.where },
    receivedAt: overrides.receivedAt,
  });
}
