import { DelayedError, type Job } from 'bullmq';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobProgress } from '../domain/job-progress.ts';
import { ReverieError } from '../domain/reverie-error.ts';
import { PROMPTS_DIR } from '../prompts-dir.ts';
import { ProviderError } from '../ports/provider-error.ts';
import type { OperationStatus, VideoProvider } from '../ports/video-provider.ts';
import type { QueueSet } from '../queue/queue-set.ts';
import { finishClip } from './finish-clip.ts';
import { RenderJobData, type ShotState } from './job-data.ts';
import type { PipelineContext } from './pipeline-context.ts';
import { planWithFallback } from './plan-step.ts';
import { runStep, workDirOf } from './run-step.ts';
import { shotSecondsFor } from './shot-seconds.ts';

const SAFER_REWRITE = readFileSync(join(PROMPTS_DIR, 'safer-rewrite.txt'), 'utf8').trim();

type Report = (progress: Omit<JobProgress, 'requestId'>) => Promise<void>;

/**
 * Creates the shot's operation exactly once per attempt: the attempt is recorded before the call
 * and the handle the moment it returns, so a worker killed anywhere in between resumes (or, for a
 * create whose outcome is unknown, tells the user) instead of silently paying again.
 */
async function startShot(job: Job, data: RenderJobData, shot: ShotState, provider: VideoProvider, workDir: string, report: Report): Promise<void> {
  shot.attempts += 1;
  await job.updateData(data);
  const handle = await provider.start(
    {
      plan: data.plan,
      shotIndex: shot.index,
      avatar: data.plan.protagonist.useAvatar ? data.avatar : null,
      workDir,
      seconds: shot.seconds,
      previous: shot.index === data.shots.length - 1 ? data.previous : null,
      instruction: data.instruction,
    },
    { onProgress: (percent) => void report({ stage: 'generating', percent: overallPercent(data, shot.index, percent), startedAt: data.startedAt }) },
  );
  shot.operation = handle;
  await job.updateData(data);
}

function overallPercent(data: RenderJobData, currentIndex: number, currentPercent: number): number {
  const done = data.shots.filter((shot) => shot.file !== null && shot.index !== currentIndex).length;
  return Math.min(99, Math.round(((done + currentPercent / 100) / data.shots.length) * 100));
}

/** One safer rewrite by the planner after a refusal; a second refusal is the user's answer. */
async function rewriteAfterRefusal(context: PipelineContext, job: Job, data: RenderJobData, reason: string): Promise<void> {
  if (data.rewrites >= 1) throw new ReverieError('refused', 'error.refused', { params: { reason } });
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
  data.shots = shotSecondsFor(data.plan).map((seconds, index) => ({ index, seconds, attempts: 0, operation: null, file: null }));
  await job.updateData(data);
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

async function generate(context: PipelineContext, job: Job, data: RenderJobData, token: string | undefined, report: Report): Promise<void> {
  const provider = context.providers.get(data.providerId);
  if (!provider) throw new ReverieError('provider-down', 'error.provider-down', { params: { reason: `${data.providerId} is not configured here` }, retryable: true });
  const workDir = workDirOf(context, data.request.id);
  if (context.now() > data.deadlineAt) {
    throw new ReverieError('timed-out', 'error.timed-out', { params: { minutes: Math.round(context.generationDeadlineMs / 60_000) } });
  }
  for (const shot of data.shots) {
    if (shot.operation === null) {
      try {
        await startShot(job, data, shot, provider, workDir, report);
      } catch (error) {
        if (error instanceof ProviderError && error.kind === 'refused') return rewriteAndRestart(context, job, data, token, error.message);
        if (error instanceof ProviderError && error.kind === 'rate-limited') {
          await job.moveToDelayed(context.now() + (error.retryAfterMs ?? 10_000), token);
          throw new DelayedError();
        }
        throw error;
      }
    }
  }
  const percents: number[] = [];
  for (const shot of data.shots) {
    if (shot.file !== null) continue;
    const status = await pollShot(job, data, shot, provider, workDir);
    if (status.state === 'refused') return rewriteAndRestart(context, job, data, token, status.reason);
    if (status.state === 'failed') {
      // A failed generation is not billed: a fresh create on the next attempt is safe.
      shot.operation = null;
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
}

async function rewriteAndRestart(context: PipelineContext, job: Job, data: RenderJobData, token: string | undefined, reason: string): Promise<void> {
  await rewriteAfterRefusal(context, job, data, reason);
  await job.moveToDelayed(context.now(), token);
  throw new DelayedError();
}

export function createRenderProcessor(context: PipelineContext, queues: QueueSet) {
  return async (job: Job, token?: string): Promise<void> => {
    const data = RenderJobData.parse(job.data);
    await runStep(context, queues, job, data.request, async () => {
      const report: Report = (progress) => job.updateProgress({ requestId: data.request.id, ...progress });
      if (data.step === 'generate') await generate(context, job, data, token, report);
      await report({ stage: 'finishing' });
      await finishClip(context, queues, data);
    });
  };
}
