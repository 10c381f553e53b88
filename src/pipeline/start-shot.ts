import type { Job } from 'bullmq';
import { ProviderError } from '../domain/errors.ts';
import type { JobProgress } from '../domain/job-progress.ts';
import type { ShotInput, VideoProvider } from '../ports/video-provider.ts';
import type { RenderJobData, ShotState } from './job-data.ts';
import type { PipelineContext } from './pipeline-context.ts';
import { reserveShot } from './render-charges.ts';

/** Reports the render job's progress to whoever shows the status card. */
export type ReportProgress = (progress: Omit<JobProgress, 'requestId'>) => Promise<void>;

/** Whether startShot will call the provider's create (not resume a draft or report an unknown outcome). */
export function sendsCreate(shot: ShotState, provider: VideoProvider): boolean {
  return shot.attempts === 0 || provider.createIsFree === true;
}

/**
 * Creates the shot's operation exactly once per attempt: the attempt is recorded before the call
 * and the handle the moment it returns, so a worker killed anywhere in between resumes (or, for a
 * create whose outcome is unknown, tells the user) instead of silently paying again.
 */
export async function startShot(context: PipelineContext, job: Job, data: RenderJobData, shot: ShotState, provider: VideoProvider, input: ShotInput, report: ReportProgress): Promise<void> {
  // An attempt recorded but never settled means a worker died inside a create call. With a draft
  // the provider can still find the operation (fal: by its webhook), so the shot resumes from it;
  // without one, whether the provider started (and bills) a job is unknowable, so the user is told
  // instead of paying twice. A provider whose create costs nothing simply renders again.
  if (!sendsCreate(shot, provider)) {
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
