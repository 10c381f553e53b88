import type { CreationRequest } from '../domain/creation-request.ts';
import { ReverieError } from '../domain/errors.ts';
import type { JobProgress } from '../domain/job-progress.ts';
import { getQueuePosition, type QueueSet } from '../queue/queue-set.ts';
import { PLAN_QUEUE } from '../queue/queue-names.ts';
import type { PlanJobData } from './job-data.ts';
import type { PipelineContext } from './pipeline-context.ts';
import { recordAccepted } from './record-creation.ts';
import { validateRequest } from './validate-request.ts';

export type SubmitOutcome =
  | { status: 'accepted'; requestId: string; request: CreationRequest; queuePosition: number | null }
  /** The same platform event (or click) was seen before: nothing new was created. */
  | { status: 'duplicate'; requestId: string }
  | { status: 'rejected'; requestId: string; error: ReverieError };

/** As long as finished jobs are kept, so a late re-delivery is still recognised. */
const CLAIM_SECONDS = 7 * 24 * 3600;

export function userKeyOf(request: Pick<CreationRequest, 'where' | 'requester'>): string {
  return `${request.where.platform}-${request.requester.userId}`;
}

/**
 * Turns a request into a plan job. The job id is the request id, which adapters derive from the
 * platform event id, so a re-delivered event or a double click finds the existing job.
 */
export async function submitRequest(
  context: Pick<PipelineContext, 'redis' | 'prefix' | 'active' | 'maxActivePerUser' | 'now' | 'records' | 'logger'>,
  queues: QueueSet,
  request: CreationRequest,
  extra: Omit<PlanJobData, 'request'> = { variation: 0, basePlan: null, revision: null, generation: 0 },
): Promise<SubmitOutcome> {
  const invalid = validateRequest(request);
  if (invalid) return { status: 'rejected', requestId: request.id, error: invalid };

  // SET NX is atomic where "getJob, then add" is not: two deliveries of one event race here.
  const claimKey = `${context.prefix}:claim:${request.id}`;
  const claimed = await context.redis.set(claimKey, String(context.now()), 'EX', CLAIM_SECONDS, 'NX');
  if (claimed === null) return { status: 'duplicate', requestId: request.id };

  const userKey = userKeyOf(request);
  const active = await context.active.tryAcquire(userKey, request.id, context.maxActivePerUser, context.now());
  if (active === null) {
    // Nothing was queued: the claim goes too, or a refused click with a fixed id (regenerate,
    // "Try again") would be answered "already on it" for a week.
    await context.redis.del(claimKey);
    const count = await context.active.count(userKey, context.now());
    return {
      status: 'rejected',
      requestId: request.id,
      error: new ReverieError('too-busy', 'error.too-busy', { params: { active: count, max: context.maxActivePerUser } }),
    };
  }

  const data: PlanJobData = { request, ...extra };
  const queue = queues.get(PLAN_QUEUE);
  const job = await queue.add('plan', data, { jobId: request.id }).catch(async (error: unknown) => {
    // Redis refused the job: leave no claim or slot behind, so the same event can be tried again.
    await context.redis.del(claimKey).catch(() => undefined);
    await context.active.release(userKey, request.id).catch(() => undefined);
    throw error;
  });
  const progress: JobProgress = { requestId: request.id, stage: 'queued' };
  await job.updateProgress(progress);
  await recordAccepted(context.records.creations, context.logger, request, context.now());
  return { status: 'accepted', requestId: request.id, request, queuePosition: await getQueuePosition(queue, request.id) };
}
