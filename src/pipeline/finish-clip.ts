import { access, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ClipRecord } from '../domain/clip.ts';
import { findModelRow } from '../models/model-table.ts';
import { priceOf } from '../models/snap-intent.ts';
import { frameSizeForAspect } from '../media/frame-size.ts';
import { loadStylePreset } from '../prompts/style-presets.ts';
import { subtitleCuesForShots } from '../media/subtitle-cues.ts';
import { deliveryQueueName } from '../queue/queue-names.ts';
import type { QueueSet } from '../queue/queue-set.ts';
import type { ClipDeliveryJob, RenderJobData } from './job-data.ts';
import type { PipelineContext } from './pipeline-context.ts';
import { workDirOf } from './run-step.ts';
import { CROSSFADE_SECONDS } from './shot-seconds.ts';
import { speakLines } from './voice-lines.ts';

/** Telegram's thumbnail rules (JPEG, ≤ 320 px, ≤ 200 kB) are the strictest, so every platform gets them. */
export const THUMBNAIL_LIMITS = { maxSide: 320, maxBytes: 200 * 1024 };

function billedSeconds(shot: RenderJobData['shots'][number]): number {
  const recorded = shot.operation?.data.seconds;
  return typeof recorded === 'number' ? recorded : shot.seconds;
}

/** The model the shots were made with: recorded in their handles (per-request models), else the provider's. */
function modelIdOf(data: RenderJobData, fallback: string): string {
  const recorded = data.shots.find((shot) => typeof shot.operation?.data.model === 'string')?.operation?.data.model;
  return typeof recorded === 'string' ? recorded : fallback;
}

/**
 * What each shot cost at the provider: the price its handle recorded at create (seconds × the rate
 * for its settings), else the table's rate for the model; null where the price is unknown.
 */
function shotCostsUsd(data: RenderJobData, modelId: string): (number | null)[] {
  return data.shots.map((shot) => {
    const recorded = shot.operation?.data.costUsd;
    if (typeof recorded === 'number') return recorded;
    const row = findModelRow(typeof shot.operation?.data.model === 'string' ? shot.operation.data.model : modelId);
    return row ? priceOf(row, { seconds: billedSeconds(shot), audio: row.audio !== 'none', resolution: row.defaultResolution }).estimatedUsd : null;
  });
}

/** The clip's cost: null when any shot's price is unknown, so a missing figure never reads as free. */
function totalCostUsd(costs: readonly (number | null)[]): number | null {
  if (costs.some((cost) => cost === null)) return null;
  return Math.round(costs.reduce<number>((sum, cost) => sum + (cost ?? 0), 0) * 10_000) / 10_000;
}

/**
 * The shots' files on this machine. A shot downloaded during a poll that another worker ran is
 * not here: it is downloaded again (a download costs nothing; the operation is already paid for).
 */
async function shotsHere(context: PipelineContext, data: RenderJobData, workDir: string): Promise<string[]> {
  const paths: string[] = [];
  for (const shot of data.shots) {
    if (!shot.file) throw new Error(`shot ${shot.index} has no file`);
    const present = await access(shot.file).then(
      () => true,
      () => false,
    );
    const provider = shot.operation ? context.providers.get(shot.operation.provider) : undefined;
    if (present || !shot.operation || !provider) {
      paths.push(shot.file);
      continue;
    }
    const file = join(workDir, basename(shot.file));
    await provider.download(shot.operation, file);
    paths.push(file);
  }
  return paths;
}

/**
 * Shots → one finished clip: crossfaded, the user's script burned in as subtitles, the plan's
 * lines spoken where the model has no voice, levelled to −14 LUFS, fitted to the destination's
 * upload limit, with a thumbnail; then remembered and handed to delivery.
 */
export async function finishClip(context: PipelineContext, queues: QueueSet, data: RenderJobData): Promise<void> {
  const { request, plan } = data;
  const workDir = workDirOf(context, request.id);
  const provider = context.providers.get(data.providerId);
  const frame = frameSizeForAspect(plan.aspectRatio);
  const assembledPath = join(workDir, 'assembled.mp4');
  const levelledPath = join(workDir, 'levelled.mp4');
  const finalPath = join(workDir, 'final.mp4');
  const thumbnailPath = join(workDir, 'thumbnail.jpg');
  const shotPaths = await shotsHere(context, data, workDir);

  // Providers snap lengths (Omni to whole seconds, Veo to 4/6/8) or simply return more: each shot
  // is trimmed, or held on its last frame, to the seconds asked of it, so the clip lasts the plan's
  // total and the cues, laid on the same lengths, start where their shots start.
  const shotSeconds = data.shots.map((shot) => shot.seconds);
  const fadeSeconds = shotPaths.length > 1 ? CROSSFADE_SECONDS : 0;
  // What each shot was meant to show: the seconds asked of the provider less the crossfade overlap.
  const plannedSeconds = data.shots.map((shot, index) => shot.seconds - (index < data.shots.length - 1 ? CROSSFADE_SECONDS : 0));
  const modelId = modelIdOf(data, provider?.modelId ?? data.providerId);
  const voice = await speakLines(context, plan, modelId, workDir, { shotSeconds, fadeSeconds });
  const assembled = await context.media.assemble({
    shotPaths,
    outputPath: assembledPath,
    ...frame,
    shotSeconds,
    fadeSeconds,
    transition: loadStylePreset(plan.style).transition,
    storyboard: findModelRow(modelId)?.route === 'local',
    subtitles: subtitleCuesForShots(plan.script, { plannedSeconds, durations: shotSeconds, fadeSeconds }),
    voice,
  });
  // Every short leaves at one loudness (−14 LUFS, −1 dBTP), whichever model or voice made its sound.
  await context.media.normalizeLoudness(assembledPath, levelledPath);
  // The clip travels to the adapter through the media store, so it must fit there as well as in the chat.
  const fit = await context.media.fitToLimit(levelledPath, finalPath, Math.min(request.maxUploadBytes, context.mediaStore.maxBytes));
  await context.media.thumbnail(finalPath, thumbnailPath, THUMBNAIL_LIMITS);

  const costs = shotCostsUsd(data, modelId);
  const clip: ClipRecord = {
    id: request.id,
    request,
    plan,
    planner: data.planner,
    providerId: data.providerId,
    modelId,
    // What the provider bills: the seconds it actually made (Omni rounds to whole 3–10 s, Veo to 4/6/8).
    generatedSeconds: data.shots.reduce((sum, shot) => sum + billedSeconds(shot), 0),
    costUsd: totalCostUsd(costs),
    durationSeconds: assembled.durationSeconds,
    sizeBytes: fit.sizeBytes,
    width: assembled.video?.width ?? frame.width,
    height: assembled.video?.height ?? frame.height,
    lastOperation: data.shots.at(-1)?.operation ?? null,
    shotOperations: data.shots.flatMap((shot) => (shot.operation ? [shot.operation] : [])),
    generation: data.generation,
    createdAt: context.now(),
    messageId: null,
  };
  await context.clips.save(clip);
  // The adapter that posts it may run on another machine: the files go through the media store,
  // and the delivery worker deletes them once posted (or given up on).
  const delivery: ClipDeliveryJob = {
    kind: 'clip',
    requestId: request.id,
    clipId: clip.id,
    ...clipMediaKeys(request.id),
    notes: data.notes,
    shotCostsUsd: costs,
  };
  await context.mediaStore.put(delivery.clipKey, finalPath);
  await context.mediaStore.put(delivery.thumbnailKey, thumbnailPath);
  await queues.get(deliveryQueueName(request.where)).add('clip', delivery, { jobId: `${request.id}-clip` });
  // Everything the delivery needs is in the store now; the shots and the render stay here.
  await rm(workDir, { recursive: true, force: true });
}

/** Where a request's finished clip and thumbnail wait in the media store for its delivery. */
export function clipMediaKeys(requestId: string): { clipKey: string; thumbnailKey: string } {
  return { clipKey: `clip-${requestId}`, thumbnailKey: `thumbnail-${requestId}` };
}
