import type { VideoProvider } from '../ports/video-provider.ts';
import { takeCreateTurn } from '../queue/model-rate.ts';
import { releaseModelSlots, takeModelSlot, type SlotClaim } from '../queue/model-slots.ts';
import type { RenderJobData, ShotState } from './job-data.ts';
import type { PipelineContext } from './pipeline-context.ts';
import { modelOf } from './render-charges.ts';

/**
 * The render step's side of MODEL_CONCURRENCY and MODEL_RATE_LIMIT: a shot holds one of its
 * model's slots from before its create call until its clip is downloaded, it fails, or its round
 * is refused or abandoned; and its create call counts in its model's rate window.
 */

function claimOf(data: RenderJobData, shot: ShotState, provider: VideoProvider): SlotClaim {
  return { model: modelOf(data, provider)?.key ?? `${provider.id}:${provider.modelId}`, member: `${data.request.id}:${shot.round}:${shot.index}` };
}

/** True when the shot may be created now: its model has no limit, or a slot was free (or is already its own). */
export async function takeShotSlot(context: PipelineContext, data: RenderJobData, shot: ShotState, provider: VideoProvider): Promise<boolean> {
  const claim = claimOf(data, shot, provider);
  const limit = context.modelConcurrency?.get(claim.model);
  if (limit === undefined) return true;
  // Lapses with the request: a worker that died holding it cannot keep the model busy for longer.
  return takeModelSlot(context.redis, context.prefix, claim, { limit, lapsesAt: data.deadlineAt, now: context.now() });
}

/** Frees the shots' slots; a shot that held none is a no-op. */
export async function releaseShotSlots(context: PipelineContext, data: RenderJobData, shots: readonly ShotState[], provider: VideoProvider): Promise<void> {
  if (!context.modelConcurrency?.size) return;
  await releaseModelSlots(
    context.redis,
    context.prefix,
    shots.map((shot) => claimOf(data, shot, provider)),
  );
}

/** 0 when the shot's create may be sent now (its model has no rate limit, or room in the window), else ms to wait. */
export async function takeShotCreateTurn(context: PipelineContext, data: RenderJobData, shot: ShotState, provider: VideoProvider): Promise<number> {
  const { model } = claimOf(data, shot, provider);
  const limit = context.modelRateLimits?.get(model);
  if (!limit) return 0;
  return takeCreateTurn(context.redis, context.prefix, model, { ...limit, now: context.now() });
}
