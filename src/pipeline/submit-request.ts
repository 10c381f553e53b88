import { checkLimits } from '../budget/check-limits.ts';
import { effectiveLimits } from '../budget/limits.ts';
import { overLimitError } from '../budget/over-limit-error.ts';
import type { CreationRequest } from '../domain/creation-request.ts';
import { ReverieError } from '../domain/errors.ts';
import type { JobProgress } from '../domain/job-progress.ts';
import { getQueuePosition, type QueueSet } from '../queue/queue-set.ts';
import { addInTurn } from '../queue/fair-turns.ts';
import { PLAN_QUEUE } from '../queue/queue-names.ts';
import { communityOfRequest, requesterOf } from './community-of.ts';
import { turnKeysOf, userKeyOf } from './fair-keys.ts';
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

/**
 * Turns a request into a plan job. The job id is the request id, which adapters derive from the
 * platform event id, so a re-delivered event or a double click finds the existing job. Every way
 * in (a message, a command, Regenerate, Variation, Try again, a revision) passes here, so the
 * owner's limits are one rule: a request over one is refused before anything is queued or spent.
 */
export async function submitRequest(
  context: Pick<PipelineContext, 'redis' | 'prefix' | 'active' | 'budget' | 'records' | 'logger' | 'now'>,
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

  // Refused from here on, nothing was queued: the claim goes too, or a refused click with a fixed
  // id (regenerate, "Try again") would be answered "already on it" for a week.
  const refuse = async (error: ReverieError): Promise<SubmitOutcome> => {
    await context.redis.del(claimKey);
    return { status: 'rejected', requestId: request.id, error };
  };
  const now = context.now();
  const community = communityOfRequest(request);
  const limits = effectiveLimits(context.budget, await context.records.settings.get(community));
  // No plan yet, so no estimate: refused when a limit is already used up or in the cooldown. With
  // WHEN_OVER_BUDGET=local a dollar limit does not refuse: the render step makes the free storyboard.
  const verdict = await checkLimits(context.records, limits, { user: requesterOf(request), community, now, estimate: null, dollars: context.budget.WHEN_OVER_BUDGET === 'refuse' });
  if (verdict.status === 'over') return refuse(overLimitError(verdict, request.requester.locale, now));

  const userKey = userKeyOf(request);
  const active = await context.active.tryAcquire(userKey, request.id, limits.maxActivePerUser, now);
  if (active === null) {
    const count = await context.active.count(userKey, now);
    return refuse(new ReverieError('too-busy', 'error.too-busy', { params: { active: count, max: limits.maxActivePerUser } }));
  }

  const data: PlanJobData = { request, ...extra };
  const queue = queues.get(PLAN_QUEUE);
  // Planning waits for planner slots too: the plan queue takes fair turns like the render queues.
  const job = await addInTurn(queue, 'plan', data, { jobId: request.id, keys: turnKeysOf(request), nowMs: context.now() }).catch(async (error: unknown) => {
    // Redis refused the job: leave no claim or slot behind, so the same event can be tried again.
    await context.redis.del(claimKey).catch(() => undefined);
    await context.active.release(userKey, request.id).catch(() => undefined);
    throw error;
  });
  const progress: JobProgress = { requestId: request.id, stage: 'queued' };
  await job.updateProgress(progress);
  // The cooldown counts from here; a second call for one id changes nothing.
  await recordAccepted(context.records.creations, context.logger, request, now);
  return { status: 'accepted', requestId: request.id, request, queuePosition: await getQueuePosition(queue, request.id) };
}
