import { DelayedError, type Job } from 'bullmq';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ReverieError, ProviderError } from '../domain/errors.ts';
import type { OperationStatus, VideoProvider } from '../ports/video-provider.ts';
import type { QueueSet } from '../queue/queue-set.ts';
import { createPendingShots } from './create-shots.ts';
import { fetchPicture, PictureError } from './fetch-picture.ts';
import { finishClip } from './finish-clip.ts';
import { RenderJobData, type ShotState } from './job-data.ts';
import type { PipelineContext } from './pipeline-context.ts';
import { backOffRateLimited } from './provider-setbacks.ts';
import { cancelUnfinished, rewriteAndRestart } from './refusal-restart.ts';
import { checkRenderLimits, releaseFailedShot } from './render-charges.ts';
import { runStep, workDirOf } from './run-step.ts';
import { releaseShotSlots } from './shot-slots.ts';
import type { ReportProgress } from './start-shot.ts';

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
 * A render given up without running again (its workers died twice): what still runs at the provider
 * is cancelled where it can be (nobody will collect it) and its model slots are freed now rather
 * than when the request's deadline lapses.
 */
export async function abandonRender(context: PipelineContext, data: RenderJobData): Promise<void> {
  const provider = context.providers.get(data.providerId);
  if (!provider) return;
  await cancelUnfinished(context, provider, data);
  await releaseShotSlots(context, data, data.shots, provider);
}

async function generate(context: PipelineContext, queues: QueueSet, job: Job, data: RenderJobData, token: string | undefined, report: ReportProgress): Promise<'generated' | 'handed-over'> {
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
  const creates = await createPendingShots(context, queues, { job, data, token, provider, workDir, report });
  if (creates === 'handed-over') return 'handed-over';
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
    // Poll (or send a create the rate limit held back) later without holding a worker slot; the
    // delay does not count as an attempt.
    const delayMs = Math.min(provider.pollIntervalMs, creates.nextCreateInMs ?? Infinity);
    await job.moveToDelayed(context.now() + delayMs, token);
    throw new DelayedError();
  }
  data.step = 'finish';
  await job.updateData(data);
  return 'generated';
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
      const report: ReportProgress = (progress) => job.updateProgress({ requestId: data.request.id, ...progress });
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
