import { DelayedError, Worker, type Job } from 'bullmq';
import { readFileSync } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobProgress } from '../domain/job-progress.ts';
import { ReverieError, ProviderError } from '../domain/errors.ts';
import { PROMPTS_DIR } from '../prompts/prompts-dir.ts';
import type { OperationStatus, ShotInput, VideoProvider } from '../ports/video-provider.ts';
import { addInTurn } from '../queue/fair-turns.ts';
import { renderQueueName } from '../queue/queue-names.ts';
import type { QueueSet } from '../queue/queue-set.ts';
import { turnKeysOf } from './fair-keys.ts';
import { fetchPicture, PictureError } from './fetch-picture.ts';
import { finishClip } from './finish-clip.ts';
import { RenderJobData, type ShotState } from './job-data.ts';
import type { PipelineContext } from './pipeline-context.ts';
import { planWithFallback } from './plan-step.ts';
import { checkRenderLimits, holdShot, nextRound, releaseFailedShot, releaseRefusedRound, reserveShot } from './render-charges.ts';
import { runStep, workDirOf } from './run-step.ts';
import { chainedInput } from './shot-input.ts';
import { releaseShotSlots, takeShotSlot } from './shot-slots.ts';
import { shotSecondsFor } from './shot-seconds.ts';

const SAFER_REWRITE = readFileSync(join(PROMPTS_DIR, 'safer-rewrite.txt'), 'utf8').trim();

/** How long a provider queue pauses after a 429 that names no retry-after, ms. */
const DEFAULT_RATE_LIMIT_MS = 15_000;

type Report = (progress: Omit<JobProgress, 'requestId'>) => Promise<void>;

/**
 * Creates the shot's operation exactly once per attempt: the attempt is recorded before the call
 * and the handle the moment it returns, so a worker killed anywhere in between resumes (or, for a
 * create whose outcome is unknown, tells the user) instead of silently paying again.
 */
async function startShot(context: PipelineContext, job: Job, data: RenderJobData, shot: ShotState, provider: VideoProvider, input: ShotInput, report: Report): Promise<void> {
  // An attempt recorded but never settled means a worker died inside a create call. With a draft
  // the provider can still find the operation (fal: by its webhook), so the shot resumes from it;
  // without one, whether the provider started (and bills) a job is unknowable, so the user is told
  // instead of paying twice. A provider whose create costs nothing simply renders again.
  if (shot.attempts > 0 && !provider.createIsFree) {
    if (shot.draft) {
      shot.operation = shot.draft;
      await job.updateData(data);
      return;
    }
    throw new ProviderError('outcome-unknown', `an earlier create call for shot ${shot.index + 1} was interrupted before its result was recorded`);
  }
  await reserveShot(context, data, shot, provider);
  shot.draft = (await provider.draft?.(input)) ?? null;
  shot.attempts += 1;
  await job.updateData(data);
  let handle;
  try {
    handle = await provider.start(input, {
      draft: shot.draft,
      onProgress: (percent) => void report({ stage: 'generating', percent: overallPercent(data, shot.index, percent), startedAt: data.startedAt }),
    });
  } catch (error) {
    // Settled: the provider said nothing was created, so a later create is a first one again.
    if (!(error instanceof ProviderError && error.kind === 'outcome-unknown')) {
      shot.attempts -= 1;
      shot.draft = null;
      await job.updateData(data);
    }
    throw error;
  }
  shot.operation = handle;
  await job.updateData(data);
}

/** While shots are created one after another, those already created count as done. */
function overallPercent(data: RenderJobData, currentIndex: number, currentPercent: number): number {
  const done = data.shots.filter((shot) => shot.operation !== null && shot.index !== currentIndex).length;
  return Math.min(99, Math.round(((done + currentPercent / 100) / data.shots.length) * 100));
}

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
 * A 429 pauses the provider's whole render queue (BullMQ's manual rate limit) and puts the job
 * back in line without using up an attempt; the generation deadline still bounds the waiting.
 */
async function backOffRateLimited(context: PipelineContext, queues: QueueSet, provider: VideoProvider, error: ProviderError): Promise<never> {
  const waitMs = Math.max(1_000, error.retryAfterMs ?? DEFAULT_RATE_LIMIT_MS);
  context.logger.warn({ provider: provider.id, waitMs }, 'provider-rate-limited');
  await queues.get(renderQueueName(provider.id)).rateLimit(waitMs);
  throw Worker.RateLimitError();
}

/** The provider ids to try after `currentId`, from the optional VIDEO_FALLBACKS chain. */
function nextFallbackProvider(context: PipelineContext, currentId: string): VideoProvider | null {
  const chain = context.fallbackProviderIds;
  const after = chain.indexOf(currentId);
  for (const id of chain.slice(after + 1)) {
    const provider = id === currentId ? undefined : context.providers.get(id);
    if (provider) return provider;
  }
  return null;
}

/**
 * The chosen provider is down (its last attempt failed with nothing created): the render moves to
 * the next provider in the fallback chain, as a fresh job on that provider's own queue.
 */
async function handOverToFallback(context: PipelineContext, queues: QueueSet, job: Job, data: RenderJobData, error: ProviderError): Promise<boolean> {
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  if (!lastAttempt || data.shots.some((shot) => shot.operation !== null)) return false;
  const next = nextFallbackProvider(context, data.providerId);
  if (!next) return false;
  context.logger.warn({ jobId: job.id, from: data.providerId, to: next.id, reason: error.message }, 'provider-fallback');
  const handedOver: RenderJobData = {
    ...data,
    providerId: next.id,
    shots: data.shots.map((shot) => ({ ...shot, attempts: 0, operation: null, draft: null, file: null, previous: shot.previous?.provider === next.id ? shot.previous : null })),
    // A handle only means something to the provider that made it.
    previous: data.previous?.provider === next.id ? data.previous : null,
  };
  await addInTurn(queues.get(renderQueueName(next.id)), 'render', handedOver, { jobId: `${data.request.id}-render-${next.id}`, keys: turnKeysOf(data.request), nowMs: context.now() });
  return true;
}

async function pollShot(job: Job, data: RenderJobData, shot: ShotState, provider: VideoProvider, workDir: string): Promise<OperationStatus> {
  if (!shot.operation) throw new Error('pollShot needs an operation');
  const status = await provider.status(shot.operation);
  if (status.state === 'done') {
    const file = join(workDir, `shot-${shot.index}-take-${data.rewrites}.mp4`);
    await provider.download(shot.operation, file);
    shot.file = file;
    await job.updateData(data);
  }
  return status;
}

/**
 * At the deadline, or when a sibling shot was refused: stop what still runs, so an abandoned clip
 * is not finished (and billed) for nobody. Where the provider cannot cancel, the shots are ignored.
 */
async function cancelUnfinished(context: PipelineContext, provider: VideoProvider, data: RenderJobData, except: number | null = null): Promise<void> {
  for (const shot of data.shots) {
    if (!shot.operation || shot.file !== null || shot.index === except || !provider.cancel) continue;
    await provider.cancel(shot.operation).catch((error: unknown) => context.logger.warn({ err: error, operation: shot.operation?.operationId }, 'provider-cancel-failed'));
  }
}

async function generate(context: PipelineContext, queues: QueueSet, job: Job, data: RenderJobData, token: string | undefined, report: Report): Promise<'generated' | 'handed-over'> {
  const provider = context.providers.get(data.providerId);
  if (!provider) throw new ReverieError('unavailable', 'error.provider-down', { detail: `${data.providerId} is not configured here` });
  const workDir = workDirOf(context, data.request.id);
  if (context.now() > data.deadlineAt) {
    await cancelUnfinished(context, provider, data);
    await releaseShotSlots(context, data, data.shots, provider);
    throw new ReverieError('timed-out', 'error.timed-out', { params: { minutes: Math.round(context.generationDeadlineMs / 60_000) } });
  }
  // A refusal already known (the step ran again before the rewrite was made): nothing more of the refused plan.
  if (data.refusal) return rewriteAndRestart(context, provider, job, data, token, data.refusal.reason, null);
  if ((await checkRenderLimits(context, queues, job, data, provider)) === 'handed-over') return 'handed-over';
  for (const shot of data.shots) {
    if (shot.operation === null) {
      const input = await chainedInput(context, data, shot, provider, workDir);
      // Later shots wait too: they are created in order, each from the one before.
      if (input === 'wait') break;
      // The model runs as many as MODEL_CONCURRENCY allows: what was created is polled, the rest waits its turn.
      if (!(await takeShotSlot(context, data, shot, provider))) break;
      try {
        await startShot(context, job, data, shot, provider, input, report);
      } catch (error) {
        if (!(error instanceof ProviderError && error.kind === 'outcome-unknown')) await releaseShotSlots(context, data, [shot], provider);
        // Whether the provider started (and bills) a job is unknown: the charge stays counted.
        if (error instanceof ProviderError && error.kind === 'outcome-unknown') await holdShot(context, data, shot);
        if (error instanceof ProviderError && error.kind === 'refused') return rewriteAndRestart(context, provider, job, data, token, error.message, shot.index);
        if (error instanceof ProviderError && error.kind === 'rate-limited') return backOffRateLimited(context, queues, provider, error);
        if (error instanceof ProviderError && error.kind === 'unavailable' && (await handOverToFallback(context, queues, job, data, error))) {
          return 'handed-over';
        }
        throw error;
      }
    }
  }
  const percents: number[] = [];
  for (const shot of data.shots) {
    // Not created yet: it waits for the shot before it (see chainedInput).
    if (shot.file !== null || shot.operation === null) continue;
    let status: OperationStatus;
    try {
      status = await pollShot(job, data, shot, provider, workDir);
    } catch (error) {
      // Polling and downloading are reads of a job that exists (and is paid for): a blip is waited
      // out until the deadline rather than spending the job's attempts.
      if (error instanceof ProviderError && error.kind === 'rate-limited') return backOffRateLimited(context, queues, provider, error);
      if (error instanceof ProviderError && error.kind === 'unavailable') {
        context.logger.warn({ jobId: job.id, err: error }, 'poll-retry');
        await job.moveToDelayed(context.now() + provider.pollIntervalMs, token);
        throw new DelayedError();
      }
      throw error;
    }
    if (status.state === 'done' || status.state === 'failed') await releaseShotSlots(context, data, [shot], provider);
    if (status.state === 'refused') return rewriteAndRestart(context, provider, job, data, token, status.reason, shot.index);
    if (status.state === 'failed') {
      // A failed generation is not billed: a fresh create on the next attempt is safe.
      await releaseFailedShot(context, data, shot);
      shot.operation = null;
      shot.draft = null;
      shot.attempts = 0;
      await job.updateData(data);
      throw new ProviderError(status.retryable ? 'unavailable' : 'invalid', status.reason);
    }
    if (status.state === 'running') percents.push(status.percent ?? 0);
  }
  if (data.shots.some((shot) => shot.file === null)) {
    const done = data.shots.filter((shot) => shot.file !== null).length;
    const percent = Math.round(((done + percents.reduce((sum, value) => sum + value, 0) / 100) / data.shots.length) * 100);
    await report({ stage: 'generating', percent, startedAt: data.startedAt });
    // Poll later without holding a worker slot; the delay does not count as an attempt.
    await job.moveToDelayed(context.now() + provider.pollIntervalMs, token);
    throw new DelayedError();
  }
  data.step = 'finish';
  await job.updateData(data);
  return 'generated';
}

/**
 * A refused shot stops its siblings: the refusal is recorded first (so no step creates more of the
 * refused plan), the plan's shots still running are cancelled where the provider can, and the
 * safer rewrite starts a fresh round in which each shot is created once.
 */
async function rewriteAndRestart(
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

/**
 * The avatar the plan step fetched, on this machine: another worker's work dir is out of reach, so
 * the picture is fetched again from where the request says it is (the media store, the CDN).
 */
async function avatarHere(context: PipelineContext, data: RenderJobData): Promise<RenderJobData['avatar']> {
  if (
    !data.avatar ||
    (await access(data.avatar.path).then(
      () => true,
      () => false,
    ))
  )
    return data.avatar;
  if (!data.request.avatar) return null;
  try {
    return await fetchPicture(data.request.avatar, workDirOf(context, data.request.id), 'avatar', { allowedOrigins: context.pictureOrigins, store: context.mediaStore });
  } catch (error) {
    if (!(error instanceof PictureError)) throw error;
    context.logger.warn({ err: error, requestId: data.request.id }, 'avatar-refetch-failed');
    return null;
  }
}

export function createRenderProcessor(context: PipelineContext, queues: QueueSet) {
  return async (job: Job, token?: string): Promise<void> => {
    const data = RenderJobData.parse(job.data);
    await runStep(context, queues, job, data.request, async () => {
      const report: Report = (progress) => job.updateProgress({ requestId: data.request.id, ...progress });
      // A render step may run on another worker machine than the plan step (or the last poll).
      await mkdir(workDirOf(context, data.request.id), { recursive: true });
      data.avatar = await avatarHere(context, data);
      if (data.step === 'generate') {
        if ((await generate(context, queues, job, data, token, report)) === 'handed-over') return;
        // Wall time from the plan to the last shot: polls run as delayed jobs, so no one call spans it.
        context.observer.stageDone('generate', Math.max(0, context.now() - data.startedAt) / 1000);
      }
      await report({ stage: 'finishing' });
      const finishing = performance.now();
      await finishClip(context, queues, data);
      context.observer.stageDone('finish', (performance.now() - finishing) / 1000);
    });
  };
}
