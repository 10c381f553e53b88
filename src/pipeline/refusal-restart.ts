import { DelayedError, type Job } from 'bullmq';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReverieError } from '../domain/errors.ts';
import { PROMPTS_DIR } from '../prompts/prompts-dir.ts';
import type { VideoProvider } from '../ports/video-provider.ts';
import type { RenderJobData } from './job-data.ts';
import type { PipelineContext } from './pipeline-context.ts';
import { planWithFallback } from './plan-step.ts';
import { nextRound, releaseRefusedRound } from './render-charges.ts';
import { releaseShotSlots } from './shot-slots.ts';
import { shotSecondsFor } from './shot-seconds.ts';

const SAFER_REWRITE = readFileSync(join(PROMPTS_DIR, 'safer-rewrite.txt'), 'utf8').trim();

/** One safer rewrite by the planner after a refusal; a second refusal is the user's answer. */
async function rewriteAfterRefusal(context: PipelineContext, job: Job, data: RenderJobData, reason: string): Promise<void> {
  if (data.rewrites >= 1) throw new ReverieError('refused', 'error.refused', { detail: `refused again after the rewrite: ${reason}` });
  context.logger.info({ jobId: job.id, reason }, 'refusal-rewrite');
  const { plan } = await planWithFallback(context, {
    sentence: data.request.sentence,
    script: data.plan.script || null,
    locale: data.request.requester.locale,
    avatar: null,
    options: { ...data.request.options, useAvatar: false },
    variation: 1,
    previousPlan: data.plan,
    instruction: SAFER_REWRITE,
  });
  // Providers may refuse real photos: the rewrite keeps the avatar in words only.
  data.plan = { ...plan, protagonist: { ...plan.protagonist, useAvatar: false } };
  data.rewrites += 1;
  // The refused take may have been an edit of a delivered clip: the safer plan starts afresh.
  data.previous = null;
  const round = nextRound(data);
  data.shots = shotSecondsFor(data.plan).map((seconds, index) => ({ index, seconds, attempts: 0, operation: null, draft: null, file: null, round }));
  data.refusal = null;
  await job.updateData(data);
}

/**
 * At the deadline, or when a sibling shot was refused: stop what still runs, so an abandoned clip
 * is not finished (and billed) for nobody. Where the provider cannot cancel, the shots are ignored.
 */
export async function cancelUnfinished(context: PipelineContext, provider: VideoProvider, data: RenderJobData, except: number | null = null): Promise<void> {
  for (const shot of data.shots) {
    if (!shot.operation || shot.file !== null || shot.index === except || !provider.cancel) continue;
    await provider.cancel(shot.operation).catch((error: unknown) => context.logger.warn({ err: error, operation: shot.operation?.operationId }, 'provider-cancel-failed'));
  }
}

/**
 * A refused shot stops its siblings: the refusal is recorded first (so no step creates more of the
 * refused plan), the plan's shots still running are cancelled where the provider can, and the
 * safer rewrite starts a fresh round in which each shot is created once.
 */
export async function rewriteAndRestart(
  context: PipelineContext,
  provider: VideoProvider,
  job: Job,
  data: RenderJobData,
  token: string | undefined,
  reason: string,
  refusedIndex: number | null,
): Promise<never> {
  if (!data.refusal) {
    data.refusal = { reason, cancelled: false };
    await job.updateData(data);
  }
  if (!data.refusal.cancelled) {
    await cancelUnfinished(context, provider, data, refusedIndex);
    await releaseShotSlots(context, data, data.shots, provider);
    data.refusal.cancelled = true;
    await job.updateData(data);
  }
  await releaseRefusedRound(context, data);
  await rewriteAfterRefusal(context, job, data, reason);
  await job.moveToDelayed(context.now(), token);
  throw new DelayedError();
}
