import { join } from 'node:path';
import type { CreativePlan } from '../domain/creative-plan.ts';
import { shotTimeline } from '../media/shot-timeline.ts';
import { findModelRow } from '../models/model-table.ts';
import type { VoiceClip } from '../ports/media.ts';
import type { PipelineContext } from './pipeline-context.ts';

/** A line starts this long after its shot is fully on screen, so it does not clip the cut. */
const LINE_OFFSET_SECONDS = 0.3;

/**
 * Whether Reverie must voice the lines itself: the model makes no sound (its row says `none`), or
 * it is the local renderer, whose ambience has no speech. Models with sound speak the lines they
 * are given in the prompt; an unknown model is left alone rather than voiced twice.
 */
export function needsOwnVoice(modelId: string): boolean {
  const row = findModelRow(modelId);
  return row !== undefined && (row.audio === 'none' || row.route === 'local');
}

export interface VoiceTiming {
  /** Each shot's length in the clip (crossfade overlap included), as handed to assemble. */
  shotSeconds: readonly number[];
  fadeSeconds: number;
}

/**
 * Each shot's spoken line, synthesised into the work dir and placed at its shot's start, with room
 * up to where the next shot fades in. A line the synth fails on is logged and left to the
 * subtitles: a missing voice never costs the user their clip.
 */
export async function speakLines(context: PipelineContext, plan: CreativePlan, modelId: string, workDir: string, timing: VoiceTiming): Promise<VoiceClip[]> {
  const synth = context.speech;
  if (!synth || !needsOwnVoice(modelId)) return [];
  const { starts, fadeSeconds, totalSeconds } = shotTimeline(timing.shotSeconds, timing.fadeSeconds);
  const clips: VoiceClip[] = [];
  for (const [index, shot] of plan.shots.entries()) {
    const start = starts[index];
    const seconds = timing.shotSeconds[index];
    if (!shot.spoken || start === undefined || seconds === undefined) continue;
    const last = index === plan.shots.length - 1;
    const startSeconds = start + (index === 0 ? 0 : fadeSeconds) + LINE_OFFSET_SECONDS;
    const endSeconds = Math.min(totalSeconds, start + seconds - (last ? 0 : fadeSeconds));
    if (endSeconds - startSeconds <= 0) continue;
    const outputPath = join(workDir, `voice-${index}.wav`);
    try {
      await synth.speak({ text: shot.spoken.line, language: plan.language, speaker: shot.spoken.speaker, outputPath });
      clips.push({ path: outputPath, startSeconds, maxSeconds: endSeconds - startSeconds });
    } catch (error) {
      context.logger.warn({ err: error, synth: synth.id, shot: index }, 'voice-line-failed');
    }
  }
  return clips;
}
