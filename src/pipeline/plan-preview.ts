import { join } from 'node:path';
import type { CreativePlan } from '../domain/creative-plan.ts';
import type { JobProgress, PlanSummary } from '../domain/job-progress.ts';
import type { ModelRow } from '../models/model-types.ts';
import { estimatePlanUsd } from '../models/snap-intent.ts';
import type { LocalImage } from '../ports/video-provider.ts';
import type { PipelineContext } from './pipeline-context.ts';
import { shotSecondsFor } from './shot-seconds.ts';

/** A preview still drawing after this is skipped (it takes ~0.3 s; this is for a stuck or starved ffmpeg): it must never hold up the render for long. */
export const PREVIEW_TIMEOUT_MS = 8_000;
/** Kept an hour past the generation deadline: no status card shows it after that. */
const KEEP_BEYOND_DEADLINE_SECONDS = 3_600;

/** The preview frame's media-store key; the delivery of the request removes it. */
export function previewKeyOf(requestId: string): string {
  return `preview-${requestId}`;
}

/** The plan as the status card and the preview card show it, with the estimate where the price is known. */
export function summarizePlan(plan: CreativePlan, model: ModelRow | null, modelId: string, avatar: boolean): PlanSummary {
  const shotSeconds = shotSecondsFor(plan);
  return {
    title: plan.title,
    shots: plan.shots.length,
    seconds: plan.totalSeconds,
    model: modelId,
    feeling: plan.feeling,
    shotDetails: plan.shots.map((shot, index) => ({ seconds: shotSeconds[index] ?? shot.seconds, action: shot.action })),
    estimatedUsd: model ? estimatePlanUsd(model, { seconds: shotSeconds, aspectRatio: plan.aspectRatio, avatar }) : null,
  };
}

/**
 * Draws the first frame locally and hands it to the adapters through the media store. Best effort:
 * a failed or slow preview is logged and the request goes on without one.
 */
export async function makePreview(context: PipelineContext, input: { requestId: string; plan: CreativePlan; avatar: LocalImage | null; workDir: string }): Promise<JobProgress['preview'] | null> {
  const outputPath = join(input.workDir, 'preview.jpg');
  const key = previewKeyOf(input.requestId);
  try {
    await context.previewPainter.paint({ plan: input.plan, avatar: input.avatar, workDir: input.workDir, outputPath, signal: AbortSignal.timeout(PREVIEW_TIMEOUT_MS) });
    await context.mediaStore.put(key, outputPath, { keepSeconds: Math.ceil(context.generationDeadlineMs / 1000) + KEEP_BEYOND_DEADLINE_SECONDS });
    return { key, mimeType: 'image/jpeg' };
  } catch (error) {
    context.logger.warn({ err: error, requestId: input.requestId }, 'preview-failed');
    return null;
  }
}
