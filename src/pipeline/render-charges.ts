import type { Job } from 'bullmq';
import { checkLimits, type PlannedSpend } from '../budget/check-limits.ts';
import { effectiveLimits } from '../budget/limits.ts';
import { overLimitError, resetsIn } from '../budget/over-limit-error.ts';
import { defaultRowOf } from '../models/model-catalogue.ts';
import { findModelRow } from '../models/model-table.ts';
import type { ModelRow } from '../models/model-types.ts';
import { estimateShot } from '../models/snap-intent.ts';
import type { LedgerKey } from '../ports/community-records.ts';
import type { VideoProvider } from '../ports/video-provider.ts';
import { renderQueueName } from '../queue/queue-names.ts';
import type { QueueSet } from '../queue/queue-set.ts';
import { communityOfRequest, requesterOf } from './community-of.ts';
import type { RenderJobData, ShotState } from './job-data.ts';
import type { PipelineContext } from './pipeline-context.ts';

/**
 * The render step's side of the cost ledger (issue #12): the limits checked against the plan's
 * estimate before the first create, a line reserved before each create call, held when a create's
 * outcome is unknown, released when nothing was made. Delivery settles; a failure releases the rest.
 */

const LOCAL_PROVIDER_ID = 'local';

/** The model the render uses: the one the plan step recorded, else the provider's own. */
export function modelOf(data: RenderJobData, provider: VideoProvider): ModelRow | undefined {
  const recorded = data.plan.requestedModel ? findModelRow(data.plan.requestedModel) : undefined;
  return recorded?.providerId === provider.id ? recorded : defaultRowOf(provider);
}

/** One shot as the status card estimated it (the same function), for the seconds the model will make. */
function shotEstimate(row: ModelRow | undefined, data: RenderJobData, shot: ShotState): PlannedSpend {
  if (!row) return { seconds: shot.seconds, usd: null };
  return estimateShot(row, { seconds: shot.seconds, aspectRatio: data.plan.aspectRatio, avatar: data.plan.protagonist.useAvatar && data.avatar !== null });
}

/** The shots still to be created, together: null dollars when any shot's price is unknown. */
function estimateRender(data: RenderJobData, provider: VideoProvider): PlannedSpend {
  const row = modelOf(data, provider);
  const shots = data.shots.filter((shot) => shot.operation === null).map((shot) => shotEstimate(row, data, shot));
  const usd = shots.some((shot) => shot.usd === null) ? null : shots.reduce((sum, shot) => sum + (shot.usd ?? 0), 0);
  return { seconds: shots.reduce((sum, shot) => sum + shot.seconds, 0), usd };
}

export function ledgerKeyOf(data: RenderJobData, shot: ShotState): LedgerKey {
  return { creationId: data.request.id, shot: shot.index, round: shot.round };
}

/**
 * Before the first create of a round: does the plan's estimate fit the owner's limits? Over a
 * dollar limit with WHEN_OVER_BUDGET=local, the render moves to the free local renderer (as a job
 * on its queue, like a fallback) and the user is told; otherwise the request is refused with the
 * limit and when it resets. Recorded as checked before any line is reserved, so a step run again
 * does not count the round's own reservations against it.
 */
export async function checkRenderLimits(context: PipelineContext, queues: QueueSet, job: Job, data: RenderJobData, provider: VideoProvider): Promise<'go' | 'handed-over'> {
  if (data.limitsChecked === data.rewrites || data.shots.some((shot) => shot.operation !== null || shot.attempts > 0)) return 'go';
  const estimate = estimateRender(data, provider);
  const now = context.now();
  const community = communityOfRequest(data.request);
  const limits = effectiveLimits(context.budget, await context.records.settings.get(community));
  const verdict = await checkLimits(context.records, limits, { user: requesterOf(data.request), community, now, estimate, dollars: estimate.usd !== 0 });
  if (verdict.status === 'over') {
    const local = context.providers.get(LOCAL_PROVIDER_ID);
    const dollarLimit = verdict.limit === 'user-daily-usd' || verdict.limit === 'community-monthly-usd';
    if (!(dollarLimit && context.budget.WHEN_OVER_BUDGET === 'local' && local && provider.id !== local.id)) throw overLimitError(verdict, data.request.requester.locale, now);
    context.logger.info({ jobId: job.id, limit: verdict.limit, from: provider.id }, 'over-budget-local');
    const handedOver: RenderJobData = {
      ...data,
      providerId: local.id,
      shots: data.shots.map((shot) => ({ ...shot, attempts: 0, operation: null, draft: null, file: null, previous: null })),
      previous: null,
      notes: [...data.notes, { key: 'note.over-budget-local', params: { resetsIn: resetsIn(data.request.requester.locale, now, verdict.resetsAt) } }],
    };
    await queues.get(renderQueueName(local.id)).add('render', handedOver, { jobId: `${data.request.id}-render-${local.id}` });
    return 'handed-over';
  }
  data.limitsChecked = data.rewrites;
  await job.updateData(data);
  return 'go';
}

/**
 * The shot's charge line, written before its create call: a worker killed after this and before
 * the create finds the line (reserve answers false) and creates once; one killed before it reserves
 * now. The local renderer's lines cost $0 but carry their seconds, which count against a daily
 * seconds limit when the owner sets one (its CPU is the owner's too).
 */
export async function reserveShot(context: PipelineContext, data: RenderJobData, shot: ShotState, provider: VideoProvider): Promise<void> {
  const row = modelOf(data, provider);
  const estimate = shotEstimate(row, data, shot);
  await context.records.ledger.reserve(
    {
      ...ledgerKeyOf(data, shot),
      user: requesterOf(data.request),
      communityId: communityOfRequest(data.request).communityId,
      modelId: row?.key ?? provider.modelId,
      seconds: estimate.seconds,
      usd: estimate.usd,
    },
    context.now(),
  );
}

/** A create whose outcome is unknown: its line stays counted until reconciled or released by an admin. */
export async function holdShot(context: PipelineContext, data: RenderJobData, shot: ShotState): Promise<void> {
  await context.records.ledger.hold(ledgerKeyOf(data, shot), context.now());
}

/**
 * The shot's generation failed (not billed): its line is released, and the fresh create of the
 * next attempt gets a line of its own (a released key is never reserved again).
 */
export async function releaseFailedShot(context: PipelineContext, data: RenderJobData, shot: ShotState): Promise<void> {
  await context.records.ledger.release(data.request.id, context.now(), { shot: shot.index, round: shot.round });
  shot.round += 1;
}

/** A refusal: the refused plan's lines are released before the safer rewrite reserves its own. */
export async function releaseRefusedRound(context: PipelineContext, data: RenderJobData): Promise<void> {
  await context.records.ledger.release(data.request.id, context.now());
}

/** The first round number the rewrite's shots may use: above every line this request has had. */
export function nextRound(data: RenderJobData): number {
  return Math.max(0, ...data.shots.map((shot) => shot.round)) + 1;
}
