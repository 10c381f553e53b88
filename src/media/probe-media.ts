import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import type { MediaProbe } from '../ports/media.ts';
import { FfmpegError } from './ffmpeg-run.ts';

// Lenient: ffprobe omits fields freely (stills have no duration, raw streams no size), so every
// field is optional and numbers arrive as strings.
const ProbeStream = z.object({
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  pix_fmt: z.string().optional(),
  sample_aspect_ratio: z.string().optional(),
  avg_frame_rate: z.string().optional(),
  r_frame_rate: z.string().optional(),
  sample_rate: z.string().optional(),
  channels: z.number().optional(),
  duration: z.string().optional(),
});
const ProbeOutput = z.object({
  streams: z.array(ProbeStream).default([]),
  format: z.object({
    format_name: z.string().optional(),
    duration: z.string().optional(),
    size: z.string().optional(),
  }),
});
type ProbeStream = z.infer<typeof ProbeStream>;

/** ffprobe's JSON output (`-of json`) rather than fluent's ini parser, validated at the edge. */
export async function probeMedia(ffprobePath: string, path: string): Promise<MediaProbe> {
  const args = ['-v', 'error', '-of', 'json', '-show_format', '-show_streams', path];
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(ffprobePath, args, { maxBuffer: 16 * 1024 * 1024 }, (error, out, stderr) => {
      if (error) reject(new FfmpegError(`ffprobe failed on ${path}: ${error.message.split('\n', 1)[0]}`, stderr, { cause: error }));
      else resolve(out);
    });
  });
  const parsed = ProbeOutput.parse(JSON.parse(stdout));
  const video = parsed.streams.find((stream) => stream.codec_type === 'video');
  const audio = parsed.streams.find((stream) => stream.codec_type === 'audio');
  const streamSeconds = Math.max(0, ...parsed.streams.map((stream) => toNumber(stream.duration)));
  return {
    durationSeconds: toNumber(parsed.format.duration) || streamSeconds,
    sizeBytes: toNumber(parsed.format.size) || (await stat(path)).size,
    formatName: parsed.format.format_name ?? '',
    video: video
      ? {
          codec: video.codec_name ?? '',
          width: video.width ?? 0,
          height: video.height ?? 0,
          pixelFormat: video.pix_fmt ?? '',
          sampleAspectRatio: video.sample_aspect_ratio ?? '',
          fps: frameRate(video),
        }
      : null,
    audio: audio ? { codec: audio.codec_name ?? '', sampleRate: toNumber(audio.sample_rate), channels: audio.channels ?? 0 } : null,
  };
}

/** "N/A", missing or garbage → 0, which callers treat as unknown. */
function toNumber(value: string | undefined): number {
  const number = Number(value);
  return Number.isFinite(number) ? number : 0;
}

/** avg_frame_rate is "0/0" for stills and some raw streams; r_frame_rate is the fallback. */
function frameRate(stream: ProbeStream): number {
  for (const rate of [stream.avg_frame_rate, stream.r_frame_rate]) {
    const [numerator, denominator] = (rate ?? '').split('/').map(Number);
    if (numerator && denominator) return numerator / denominator;
  }
  return 0;
}
