import type { Job } from 'bullmq';
import { mkdir } from 'node:fs/promises';
import type { CreativePlan } from '../domain/creative-plan.ts';
import type { JobProgress } from '../domain/job-progress.ts';
import { withReplyLocale } from '../i18n/reply-locale.ts';
import { defaultRowOf, modelsServedBy, resolveModel } from '../models/model-catalogue.ts';
import type { ModelRow } from '../models/model-types.ts';
import { snapIntent } from '../models/snap-intent.ts';
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

async function resolveAvatar(context: PipelineContext, data: PlanJobData, workDir: string, notes: UserNote[]): Promise<LocalImage | null> {
  const { request } = data;
  const wanted = request.options.useAvatar ?? findAvatarWish(request.sentence) ?? false;
  if (!request.avatar) {
    if (wanted) notes.push({ key: 'note.no-avatar' });
    return null;
  }
  try {
    return await fetchPicture(request.avatar, workDir, 'avatar', { allowedOrigins: context.pictureOrigins, store: context.mediaStore });
  } catch (error) {
    if (!(error instanceof PictureError)) throw error;
    notes.push({ key: 'note.avatar-unreadable', params: { reason: error.message } });
    return null;
  }
}

export interface ProviderChoice {
  provider: VideoProvider;
  /** The model row the render will use; null for a provider whose model is not in the table. */
  model: ModelRow | null;
  /** "Kling is not available here, so…": shown with the clip. */
  notes: UserNote[];
}

/**
 * The provider and model a request gets. `requested` (the /short model option) or the plan's
 * `requestedModel` may be a model key (`fal:kling-3-std`), a family the planners read from the
 * sentence ("kling"), or a provider id; it resolves among the configured models, else the default
 * model is used and the user is told. A model that needs a picture is not chosen without one.
 */
export function chooseModel(context: PipelineContext, plan: CreativePlan, options: { requested?: string | null; avatar: boolean }): ProviderChoice {
  const defaultProvider = context.providers.get(context.defaultProviderId);
  if (!defaultProvider) throw new Error(`video provider "${context.defaultProviderId}" is not configured`);
  const wanted = options.requested ?? plan.requestedModel;
  const served = modelsServedBy(context.providers);
  const defaultModel = defaultRowOf(defaultProvider);
  // A provider named directly whose model the table does not know (custom OMNI_MODEL, test fakes).
  const direct = wanted ? context.providers.get(wanted) : undefined;
  if (!defaultModel || (direct && !served.some((row) => row.providerId === direct.id))) {
    return { provider: direct ?? defaultProvider, model: null, notes: [] };
  }
  const choice = resolveModel(served, wanted, { avatar: options.avatar, defaultModel });
  const provider = context.providers.get(choice.model.providerId) ?? defaultProvider;
  const notes: UserNote[] = choice.unavailable ? [{ key: 'note.model-unavailable', params: { wanted: choice.unavailable, model: choice.model.label } }] : [];
  return { provider, model: choice.model, notes };
}

/** What the chosen model cannot do as planned (lengths, frame, sound, photo), once per kind of change. */
function snapNotes(model: ModelRow, plan: CreativePlan, avatar: boolean): UserNote[] {
  const notes = new Map<string, UserNote>();
  for (const seconds of shotSecondsFor(plan)) {
    const { changes } = snapIntent({ seconds, aspectRatio: plan.aspectRatio, audio: true, avatar }, model);
    for (const { message } of changes) notes.set(`${message.key}:${JSON.stringify(message.params)}`, { key: message.key, params: message.params });
  }
  return [...notes.values()];
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
      const avatar = await resolveAvatar(context, data, workDir, notes);
      const result = await makePlan(context, data, avatar);
      const usesAvatar = result.plan.protagonist.useAvatar && avatar !== null;
      const choice = chooseModel(context, result.plan, { requested: request.options.model, avatar: usesAvatar });
      const { provider, model } = choice;
      // The render job records its model in the plan: every shot, a rewrite and a regenerate use it.
      const plan = model ? { ...result.plan, requestedModel: model.key } : result.plan;
      const revised = data.revision ? await context.clips.get(data.revision.clipId) : null;
      const previous = revised?.lastOperation?.provider === provider.id ? revised.lastOperation : null;

      await report({
        stage: 'planned',
        planSummary: { title: plan.title, shots: plan.shots.length, seconds: plan.totalSeconds, model: model?.modelId ?? provider.modelId },
      });
      const now = context.now();
      const render: RenderJobData = {
        // From here on (clip, notes, failures, a later 🔁) replies are in the script the user wrote.
        request: withReplyLocale(request, plan.language),
        plan,
        planner: result.planner,
        notes: [...notes, ...result.notes, ...choice.notes, ...(model ? snapNotes(model, plan, usesAvatar) : [])],
        providerId: provider.id,
        avatar: plan.protagonist.useAvatar ? avatar : null,
        generation: data.generation,
        step: 'generate',
        shots: shotSecondsFor(plan).map((seconds, index) => ({ index, seconds, attempts: 0, operation: null, draft: null, file: null })),
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
