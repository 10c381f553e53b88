import { stat } from 'node:fs/promises';
import type { FitResult, MediaJobOptions, MediaProbe } from '../ports/media.ts';
import { AAC_ARGS, FASTSTART_ARGS, h264Args } from './encode-args.ts';
import { runFfmpeg } from './ffmpeg-run.ts';
import type { MediaTools } from './media-tools.ts';
import { probeMedia } from './probe-media.ts';

const AUDIO_BITS_PER_SECOND = 128_000;
/** Below this the picture is mush; better to tell the caller the clip is too long for the limit. */
const MIN_VIDEO_KBPS = 150;
/** The one retry if the capped encode still came out too big (never observed, media.md §5.1). */
const RETRY_RATE_FACTOR = 0.85;

/**
 * The VBV cap for a capped-CRF encode: capped CRF stays under maxrate·dur + 0.9·bufsize, so with
 * maxrate = bufsize = M that bound plus 128 kbit/s of audio lands 2% under the limit.
 */
export function videoRateCapKbps(maxBytes: number, durationSeconds: number): number {
  return Math.floor((maxBytes * 8 * 0.98 - AUDIO_BITS_PER_SECOND * durationSeconds) / (durationSeconds + 0.9) / 1000);
}

/** Largest even size within the 720p box of the clip's own orientation (portrait 720x1280, landscape 1280x720). */
export function boundedFrameSize(width: number, height: number): { width: number; height: number } {
  const [boxWidth, boxHeight] = width >= height ? [1280, 720] : [720, 1280];
  const scale = Math.min(1, boxWidth / width, boxHeight / height);
  const even = (value: number): number => Math.max(2, 2 * Math.floor((value * scale) / 2));
  return { width: even(width), height: even(height) };
}

function canStreamCopy(probe: MediaProbe, maxBytes: number): boolean {
  return probe.sizeBytes <= maxBytes && probe.video?.codec === 'h264' && probe.video.pixelFormat === 'yuv420p' && (probe.audio === null || probe.audio.codec === 'aac');
}

/**
 * Makes `inputPath` deliverable under `maxBytes`: a remux (+faststart, ~0.02× duration) when codec
 * and size already fit, else one capped-CRF encode (~0.5× duration), re-done once at 85% of the
 * cap if it still came out too big.
 */
export async function fitToLimit(tools: MediaTools, inputPath: string, outputPath: string, maxBytes: number, options: MediaJobOptions = {}): Promise<FitResult> {
  const probe = await probeMedia(tools.ffprobePath, inputPath);
  if (!probe.video) throw new Error(`${inputPath} has no video stream to fit`);
  const durationSeconds = probe.durationSeconds;

  if (canStreamCopy(probe, maxBytes)) {
    await runFfmpeg(tools.ffmpegPath, { inputs: [{ path: inputPath }], outputOptions: ['-map', '0:v:0', '-map', '0:a:0?', '-c', 'copy', ...FASTSTART_ARGS], outputPath, durationSeconds }, options);
    const { size } = await stat(outputPath);
    // A remux moves the index and can grow a borderline file by a few kB; then it must be encoded.
    if (size <= maxBytes) return { method: 'copy', sizeBytes: size };
  }

  const capKbps = videoRateCapKbps(maxBytes, durationSeconds);
  if (capKbps < MIN_VIDEO_KBPS) {
    throw new Error(`${durationSeconds.toFixed(1)} s of video can't fit in ${maxBytes} bytes (video would get ${capKbps} kbit/s)`);
  }
  const target = boundedFrameSize(probe.video.width, probe.video.height);
  const scaleArgs = target.width === probe.video.width && target.height === probe.video.height ? [] : ['-vf', `scale=${target.width}:${target.height}:flags=bicubic,setsar=1`];

  for (const rateKbps of [capKbps, Math.floor(capKbps * RETRY_RATE_FACTOR)]) {
    await runFfmpeg(
      tools.ffmpegPath,
      {
        inputs: [{ path: inputPath }],
        outputOptions: ['-map', '0:v:0', '-map', '0:a:0?', ...scaleArgs, ...h264Args(), '-crf', '21', '-maxrate', `${rateKbps}k`, '-bufsize', `${rateKbps}k`, ...AAC_ARGS, ...FASTSTART_ARGS],
        outputPath,
        durationSeconds,
      },
      options,
    );
    const { size } = await stat(outputPath);
    if (size <= maxBytes) return { method: 'encode', sizeBytes: size };
  }
  throw new Error(`${inputPath} is still over ${maxBytes} bytes after re-encoding at ${Math.floor(capKbps * RETRY_RATE_FACTOR)} kbit/s`);
}
