import { stat } from 'node:fs/promises';
import { runFfmpeg } from './ffmpeg-run.ts';
import type { MediaTools } from './media-tools.ts';
import { probeMedia } from './probe-media.ts';

/** mjpeg -q:v from good to worst (2–31); a 320 px frame is ~10 kB at 4, so the tail rarely runs. */
const JPEG_QUALITIES = [3, 5, 8, 12, 18, 25, 31];

export interface ThumbnailLimits {
  /** Longest side in pixels (Telegram: 320). */
  maxSide: number;
  /** File size in bytes (Telegram: 200 kB). */
  maxBytes: number;
}

/** A JPEG of the middle frame, scaled down (never up) to fit maxSide, at the best quality under maxBytes. */
export async function makeThumbnail(tools: MediaTools, inputPath: string, outputPath: string, limits: ThumbnailLimits): Promise<void> {
  const probe = await probeMedia(tools.ffprobePath, inputPath);
  if (!probe.video) throw new Error(`${inputPath} has no video stream for a thumbnail`);
  const side = Math.floor(limits.maxSide);
  const scale = Math.max(probe.video.width, probe.video.height) > side ? ['-vf', `scale=${side}:${side}:force_original_aspect_ratio=decrease`] : [];
  // Input seek lands on the keyframe before the middle: one decode, ~0.2 s.
  const seek = probe.durationSeconds > 0 ? [{ path: inputPath, options: ['-ss', (probe.durationSeconds / 2).toFixed(3)] }] : [{ path: inputPath }];

  for (const quality of JPEG_QUALITIES) {
    await runFfmpeg(tools.ffmpegPath, {
      inputs: seek,
      outputOptions: ['-map', '0:v:0', '-frames:v', '1', ...scale, '-q:v', String(quality), '-update', '1'],
      outputPath,
      durationSeconds: 0,
    });
    if ((await stat(outputPath)).size <= limits.maxBytes) return;
  }
  throw new Error(`no JPEG of ${inputPath} at ≤ ${side} px fits in ${limits.maxBytes} bytes`);
}
