import type { Job } from 'bullmq';
import { mkdir } from 'node:fs/promises';
import type { CreativePlan } from '../domain/creative-plan.ts';
import type { JobProgress } from '../domain/job-progress.ts';
import { findAvatarWish, findInlineScript } from '../planner/read-request.ts';
import type { PlannerInput, PlanResult, UserNote } from '../ports/planner.ts';
import type { LocalImage, VideoProvider } from '../ports/video-provider.ts';
import { renderQueueName } from '../queue/queue-names.ts';
import type { QueueSet } from '../queue/queue-set.ts';
import { fetchPicture, PictureError } from './fetch-picture.ts';
import { PlanJobData, type RenderJobData } from './job-data.ts';
import type { PipelineContext } from './pipeline-context.ts';
import { runStep, workDirOf } from './run-step.ts';
import { shotSecondsFor } from './shot-seconds.ts';

/** Asks the configured planner, and the offline one if it fails: a user always gets a plan. */
export async function planWithFallback(context: PipelineContext, input: PlannerInput): Promise<PlanResult> {
  try {
    return await context.planner.plan(input);
  } catch (error) {
    if (context.planner === context.fallbackPlanner) throw error;
    context.logger.warn({ err: error, planner: context.planner.id }, 'planner-fallback');
    return context.fallbackPlanner.plan(input);
  }
}

async function resolveAvatar(data: PlanJobData, workDir: string, notes: UserNote[]): Promise<LocalImage | null> {
  const { request } = data;
  const wanted = request.options.useAvatar ?? findAvatarWish(request.sentence) ?? false;
  if (!request.avatar) {
    if (wanted) notes.push({ key: 'note.no-avatar' });
    return null;
  }
  try {
    return await fetchPicture(request.avatar, workDir, 'avatar');
  } catch (error) {
    if (!(error instanceof PictureError)) throw error;
    notes.push({ key: 'note.avatar-unreadable', params: { reason: error.message } });
    return null;
  }
}

/** The provider a plan asks for by name when it is configured, else the default one. */
export function chooseProvider(context: PipelineContext, plan: CreativePlan): VideoProvider {
  const requested = plan.requestedModel ? context.providers.get(plan.requestedModel) : undefined;
  const provider = requested ?? context.providers.get(context.defaultProviderId);
  if (!provider) throw new Error(`video provider "${context.defaultProviderId}" is not configured`);
  return provider;
}

async function makePlan(context: PipelineContext, data: PlanJobData, avatar: LocalImage | null): Promise<PlanResult> {
  if (data.basePlan) return { plan: data.basePlan, planner: 'kept', notes: [] };
  const { request } = data;
  const revised = data.revision ? await context.clips.get(data.revision.clipId) : null;
  return planWithFallback(context, {
    sentence: request.sentence,
    script: request.referencedText?.text ?? findInlineScript(request.sentence)?.text ?? null,
    locale: request.requester.locale,
    avatar,
    options: request.options,
    variation: data.variation,
    previousPlan: revised?.plan ?? null,
    instruction: data.revision?.instruction ?? null,
  });
}

export function createPlanProcessor(context: PipelineContext, queues: QueueSet) {
  return async (job: Job): Promise<void> => {
    const data = PlanJobData.parse(job.data);
    const { request } = data;
    await runStep(context, queues, job, request, async () => {
      const report = (progress: Omit<JobProgress, 'requestId'>) => job.updateProgress({ requestId: request.id, ...progress });
      await report({ stage: 'planning' });
      const workDir = workDirOf(context, request.id);
      await mkdir(workDir, { recursive: true });

      const notes: UserNote[] = [];
      const avatar = await resolveAvatar(data, workDir, notes);
      const result = await makePlan(context, data, avatar);
      const provider = chooseProvider(context, result.plan);
      const revised = data.revision ? await context.clips.get(data.revision.clipId) : null;
      const previous = revised?.lastOperation?.provider === provider.id ? revised.lastOperation : null;

      await report({
        stage: 'planned',
        planSummary: { title: result.plan.title, shots: result.plan.shots.length, seconds: result.plan.totalSeconds, model: provider.modelId },
      });
      const now = context.now();
      const render: RenderJobData = {
        request,
        plan: result.plan,
        planner: result.planner,
        notes: [...notes, ...result.notes],
        providerId: provider.id,
        avatar: result.plan.protagonist.useAvatar ? avatar : null,
        generation: data.generation,
        step: 'generate',
        shots: shotSecondsFor(result.plan).map((seconds, index) => ({ index, seconds, attempts: 0, operation: null, file: null })),
        rewrites: 0,
        previous,
        instruction: data.revision?.instruction ?? null,
        startedAt: now,
        deadlineAt: now + context.generationDeadlineMs,
      };
      await queues.get(renderQueueName(provider.id)).add('render', render, { jobId: `${request.id}-render` });
    });
  };
}
