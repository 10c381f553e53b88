import type { Job } from 'bullmq';
import { mkdir } from 'node:fs/promises';
import type { ClipRecord } from '../domain/clip.ts';
import type { CreativePlan } from '../domain/creative-plan.ts';
import type { OperationHandle } from '../domain/operation-handle.ts';
import type { JobProgress } from '../domain/job-progress.ts';
import { withReplyLocale } from '../i18n/reply-locale.ts';
import { defaultRowOf, modelsServedBy, resolveModel } from '../models/model-catalogue.ts';
import type { ModelRow } from '../models/model-types.ts';
import { snapIntent } from '../models/snap-intent.ts';
import { findAvatarWish, findInlineScript } from '../planner/read-request.ts';
import type { CommunitySettings } from '../ports/community-records.ts';
import type { PlannerInput, PlanResult, UserNote } from '../ports/planner.ts';
import type { LocalImage, VideoProvider } from '../ports/video-provider.ts';
import { addInTurn } from '../queue/fair-turns.ts';
import { renderQueueName } from '../queue/queue-names.ts';
import type { QueueSet } from '../queue/queue-set.ts';
import { communityOfRequest } from './community-of.ts';
import { turnKeysOf } from './fair-keys.ts';
import { fetchPicture, PictureError } from './fetch-picture.ts';
import { PlanJobData, type RenderJobData } from './job-data.ts';
import { makePreview, summarizePlan } from './plan-preview.ts';
import type { PipelineContext } from './pipeline-context.ts';
import { recordPlanned } from './record-creation.ts';
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

interface ReferencePicture {
  image: LocalImage;
  /** An attached picture is the reference because the user attached it: the plan always uses it. */
  source: 'avatar' | 'attachment';
}

/**
 * The picture the short starts from: the first picture attached to the request, else the avatar.
 * A user who attached a picture but said "my avatar" gets their avatar (when they have one). Both
 * are fetched with the same checks (CDN origins, size, real image type); an unreadable one is noted.
 */
async function resolveReference(context: PipelineContext, data: PlanJobData, workDir: string, notes: UserNote[]): Promise<ReferencePicture | null> {
  const { request } = data;
  const wish = request.options.useAvatar ?? findAvatarWish(request.sentence);
  const attached = request.attachments[0] ?? null;
  const ref = attached && !(wish === true && request.avatar) ? attached : request.avatar;
  if (!ref) {
    if (wish === true) notes.push({ key: 'note.no-avatar' });
    return null;
  }
  const source = ref === attached ? 'attachment' : 'avatar';
  try {
    const image = await fetchPicture(ref, workDir, source === 'attachment' ? 'picture' : 'avatar', { allowedOrigins: context.pictureOrigins, store: context.mediaStore });
    return { image, source };
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
 * model is used and the user is told. A model that needs a picture is not chosen without one. A
 * community's admin narrows the choice (`allowedModels`) and picks its default (`defaultModel`).
 */
export function chooseModel(
  context: PipelineContext,
  plan: CreativePlan,
  options: { requested?: string | null; avatar: boolean; community?: Pick<CommunitySettings, 'defaultModel' | 'allowedModels'> },
): ProviderChoice {
  const defaultProvider = context.providers.get(context.defaultProviderId);
  if (!defaultProvider) throw new Error(`video provider "${context.defaultProviderId}" is not configured`);
  const wanted = options.requested ?? plan.requestedModel;
  const served = modelsServedBy(context.providers);
  const allowed = options.community?.allowedModels ?? null;
  // An admin's allow-list that names nothing configured here would leave nothing to make with: it is ignored rather than refusing everyone.
  const listed = allowed ? served.filter((row) => allowed.includes(row.key)) : served;
  const offered = listed.length > 0 ? listed : served;
  const ownerDefault = defaultRowOf(defaultProvider);
  const communityDefault = offered.find((row) => row.key === options.community?.defaultModel);
  const defaultModel = communityDefault ?? (ownerDefault && offered.includes(ownerDefault) ? ownerDefault : (offered[0] ?? ownerDefault));
  // A provider named directly whose model the table does not know (custom OMNI_MODEL, test fakes).
  const direct = wanted ? context.providers.get(wanted) : undefined;
  if (!defaultModel || (direct && !served.some((row) => row.providerId === direct.id))) {
    return { provider: direct ?? defaultProvider, model: null, notes: [] };
  }
  const choice = resolveModel(offered, wanted, { avatar: options.avatar, defaultModel });
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

/**
 * Revise by reply on a provider that continues its own clips (Omni): the operation that made each
 * shot of the revised clip, in order, so every shot is continued and none is paid for afresh. Null
 * when the clip was made elsewhere, or stored before every shot's operation was kept (then the
 * revision is planned and rendered anew, as a new clip).
 */
function continuedOperations(revised: ClipRecord | null, provider: VideoProvider): OperationHandle[] | null {
  if (!revised || !provider.continuesClips) return null;
  const operations = revised.shotOperations ?? (revised.plan.shots.length === 1 && revised.lastOperation ? [revised.lastOperation] : []);
  const usable = operations.length === revised.plan.shots.length && operations.every((operation) => operation.provider === provider.id);
  return usable ? operations : null;
}

/**
 * A continued clip keeps its shots' lengths and frame (each edit turn is the whole original shot,
 * changed): the re-plan's words stand, its timing is the revised clip's. A re-plan with another
 * number of shots keeps the revised clip's shots.
 */
function keepRevisedShape(plan: CreativePlan, revised: CreativePlan): CreativePlan {
  const shots = plan.shots.length === revised.shots.length ? plan.shots.map((shot, index) => ({ ...shot, seconds: revised.shots[index]?.seconds ?? shot.seconds })) : revised.shots;
  return { ...plan, shots, totalSeconds: revised.totalSeconds, aspectRatio: revised.aspectRatio };
}

async function makePlan(context: PipelineContext, data: PlanJobData, reference: ReferencePicture | null): Promise<PlanResult> {
  if (data.basePlan) return { plan: data.basePlan, planner: 'kept', notes: [] };
  const { request } = data;
  const avatar = reference?.image ?? null;
  // An attached picture was sent to be used: the planners treat it as a requested avatar.
  const options = reference?.source === 'attachment' ? { ...request.options, useAvatar: true } : request.options;
  const revised = data.revision ? await context.clips.get(data.revision.clipId) : null;
  return planWithFallback(context, {
    sentence: request.sentence,
    script: request.referencedText?.text ?? findInlineScript(request.sentence)?.text ?? null,
    locale: request.requester.locale,
    avatar,
    options,
    variation: data.variation,
    previousPlan: revised?.plan ?? null,
    instruction: data.revision?.instruction ?? null,
  });
}

export function createPlanProcessor(context: PipelineContext, queues: QueueSet) {
  return async (job: Job): Promise<void> => {
    const data = PlanJobData.parse(job.data);
    const { request } = data;
    const started = performance.now();
    await runStep(context, queues, job, request, async () => {
      const report = (progress: Omit<JobProgress, 'requestId'>) => job.updateProgress({ requestId: request.id, ...progress });
      await report({ stage: 'planning' });
      const workDir = workDirOf(context, request.id);
      await mkdir(workDir, { recursive: true });

      const notes: UserNote[] = [];
      const reference = await resolveReference(context, data, workDir, notes);
      const avatar = reference?.image ?? null;
      const result = await makePlan(context, data, reference);
      const usesAvatar = result.plan.protagonist.useAvatar && avatar !== null;
      const community = await context.records.settings.get(communityOfRequest(request));
      const choice = chooseModel(context, result.plan, { requested: request.options.model, avatar: usesAvatar, community });
      const { provider, model } = choice;
      const revised = data.revision ? await context.clips.get(data.revision.clipId) : null;
      const continued = continuedOperations(revised, provider);
      const planned = continued && revised ? keepRevisedShape(result.plan, revised.plan) : result.plan;
      // The render job records its model in the plan: every shot, a rewrite and a regenerate use it.
      const plan = model ? { ...planned, requestedModel: model.key } : planned;

      // The storyboard preview goes out before the render is queued: it costs a fraction of a
      // second and is bounded, and the card must show it before any paid call returns.
      const preview = await makePreview(context, { requestId: request.id, plan, avatar: usesAvatar ? avatar : null, workDir });
      await report({
        stage: 'planned',
        planSummary: summarizePlan(plan, model, model?.modelId ?? provider.modelId, usesAvatar),
        ...(preview ? { preview } : {}),
      });
      const now = context.now();
      await recordPlanned(context.records.creations, context.logger, request.id, { plan, modelId: model?.key ?? provider.modelId }, now);
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
        shots: shotSecondsFor(plan).map((seconds, index) => ({ index, seconds, attempts: 0, operation: null, draft: null, file: null, round: 0, previous: continued?.[index] ?? null })),
        rewrites: 0,
        previous: null,
        instruction: data.revision?.instruction ?? null,
        startedAt: now,
        deadlineAt: now + context.generationDeadlineMs,
      };
      await addInTurn(queues.get(renderQueueName(provider.id)), 'render', render, { jobId: `${request.id}-render`, keys: turnKeysOf(request), nowMs: now });
      context.observer.stageDone('plan', (performance.now() - started) / 1000);
    });
  };
}
