import { execFile } from 'node:child_process';
import { copyFile } from 'node:fs/promises';
import { z } from 'zod';
import type { LoudnessResult, MediaJobOptions } from '../ports/media.ts';
import { AAC_ARGS, FASTSTART_ARGS } from './encode-args.ts';
import { FfmpegError, runFfmpeg } from './ffmpeg-run.ts';
import type { MediaTools } from './media-tools.ts';
import { probeMedia } from './probe-media.ts';

/** What YouTube, TikTok and Instagram normalise to: louder shorts get turned down, quieter ones sound weak. */
export const TARGET_LUFS = -14;
export const TARGET_TRUE_PEAK_DB = -1;
/** The limiter's ceiling, below the true-peak target: AAC encoding adds inter-sample overs. */
const LIMITER_CEILING_DB = -2;
/** Quieter than this is silence (a clip made without sound): there is nothing to normalise. */
const SILENCE_LUFS = -60;
/** Most a quiet clip is raised; more would lift noise into the foreground. */
const MAX_GAIN_DB = 30;

/** loudnorm's JSON report: its numbers are strings ("-20.16", or "-inf" for silence). */
const LoudnormReport = z.object({ input_i: z.string() });

/** Measures integrated loudness (first pass of loudnorm, EBU R128), LUFS; null for silence. */
async function measureLufs(ffmpegPath: string, inputPath: string, signal?: AbortSignal): Promise<number | null> {
  const args = ['-hide_banner', '-nostdin', '-nostats', '-i', inputPath, '-vn', '-af', `loudnorm=I=${TARGET_LUFS}:TP=${TARGET_TRUE_PEAK_DB}:print_format=json`, '-f', 'null', '-'];
  const stderr = await new Promise<string>((resolve, reject) => {
    execFile(ffmpegPath, args, { maxBuffer: 16 * 1024 * 1024, ...(signal ? { signal } : {}) }, (error, _stdout, err) =>
      error ? reject(new FfmpegError(`ffmpeg could not measure the loudness of ${inputPath}`, err, { cause: error })) : resolve(err),
    );
  });
  const json = /\{[^{}]*"input_i"[^{}]*\}/.exec(stderr)?.[0];
  if (!json) throw new FfmpegError(`ffmpeg printed no loudness report for ${inputPath}`, stderr);
  const lufs = Number(LoudnormReport.parse(JSON.parse(json)).input_i);
  return Number.isFinite(lufs) && lufs > SILENCE_LUFS ? lufs : null;
}

/**
 * Two passes: measure, then one gain to the target and a limiter for the peaks. Not loudnorm's
 * own second pass: its linear mode silently turns dynamic whenever the gain would push a peak
 * over the ceiling (every raised ambience does), and dynamic mode misses by 2–3 LU on a short.
 * The limiter runs at 4× the rate so it catches most inter-sample peaks too.
 */
export async function normalizeLoudness(tools: MediaTools, inputPath: string, outputPath: string, options: MediaJobOptions = {}): Promise<LoudnessResult> {
  const probe = await probeMedia(tools.ffprobePath, inputPath);
  const inputLufs = probe.audio ? await measureLufs(tools.ffmpegPath, inputPath, options.signal) : null;
  if (inputLufs === null) {
    await copyFile(inputPath, outputPath);
    return { inputLufs: null, gainDb: 0 };
  }
  const gainDb = Math.min(MAX_GAIN_DB, TARGET_LUFS - inputLufs);
  const ceiling = 10 ** (LIMITER_CEILING_DB / 20);
  await runFfmpeg(
    tools.ffmpegPath,
    {
      inputs: [{ path: inputPath }],
      outputOptions: [
        '-map',
        '0:v?',
        '-map',
        '0:a:0',
        '-c:v',
        'copy',
        '-af',
        `volume=${gainDb.toFixed(2)}dB,aresample=192000,alimiter=limit=${ceiling.toFixed(4)}:level=0:attack=1:release=60,aresample=48000`,
        ...AAC_ARGS,
        ...FASTSTART_ARGS,
      ],
      outputPath,
      durationSeconds: probe.durationSeconds,
    },
    options,
  );
  return { inputLufs, gainDb };
}
