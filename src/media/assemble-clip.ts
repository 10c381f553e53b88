import { rm } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { ShotTransition } from '../domain/shot-transition.ts';
import type { AssembleInput, MediaJobOptions, MediaProbe } from '../ports/media.ts';
import { AAC_ARGS, FASTSTART_ARGS, h264Args, LIGHT_MOTION_SEARCH_ARGS, OUTPUT_FPS } from './encode-args.ts';
import { runFfmpeg } from './ffmpeg-run.ts';
import { assertFilterSafePath } from './filter-path.ts';
import type { MediaTools } from './media-tools.ts';
import { probeMedia } from './probe-media.ts';
import { shotTimeline } from './shot-timeline.ts';
import { voiceMixGraph, type PlacedVoice } from './voice-mix.ts';
import { writeSubtitleFile } from './subtitle-file.ts';

const fixed = (seconds: number): string => seconds.toFixed(3);

/**
 * xfade needs identical size, fps, SAR, pixel format and timebase on both sides, so every shot is
 * brought to one shape first; clone-padding then trimming pins each video to `seconds` (its probed
 * length, or the planned one: a longer shot is cut, a shorter one held on its last frame), which
 * is what the crossfade offsets assume. The audio is padded and trimmed the same, so it stays in step.
 */
function normalizeShot(index: number, probe: MediaProbe, seconds: number, width: number, height: number): string {
  const duration = fixed(seconds);
  const video =
    `[${index}:v]fps=${OUTPUT_FPS},scale=${width}:${height}:force_original_aspect_ratio=decrease,` +
    `pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,format=yuv420p,` +
    `tpad=stop_mode=clone:stop=-1,trim=duration=${duration},setpts=PTS-STARTPTS[v${index}]`;
  const audioSource = probe.audio
    ? `[${index}:a]aresample=48000,apad,`
    : // A silent shot still needs an audio leg, or acrossfade/concat have nothing to join.
      'anullsrc=r=48000:cl=stereo,';
  const audio = `${audioSource}atrim=duration=${duration},asetpts=PTS-STARTPTS,aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo[a${index}]`;
  return `${video};\n${audio}`;
}

/** Chains shots with xfade/acrossfade (offset_k = Σ_{i<k} d_i − k·F), or concat for hard cuts. */
function joinShots(durations: readonly number[], fadeSeconds: number, transition: ShotTransition): { graph: string[]; video: string; audio: string } {
  const count = durations.length;
  if (count === 1) return { graph: [], video: '[v0]', audio: '[a0]' };
  if (fadeSeconds === 0) {
    const inputs = durations.map((_, index) => `[v${index}][a${index}]`).join('');
    return { graph: [`${inputs}concat=n=${count}:v=1:a=1[vj][aj]`], video: '[vj]', audio: '[aj]' };
  }
  const graph: string[] = [];
  let video = '[v0]';
  let audio = '[a0]';
  let elapsed = durations[0] ?? 0;
  for (let index = 1; index < count; index += 1) {
    const offset = elapsed - index * fadeSeconds;
    graph.push(`${video}[v${index}]xfade=transition=${transition}:duration=${fixed(fadeSeconds)}:offset=${fixed(offset)}[vx${index}]`);
    graph.push(`${audio}[a${index}]acrossfade=d=${fixed(fadeSeconds)}[ax${index}]`);
    video = `[vx${index}]`;
    audio = `[ax${index}]`;
    elapsed += durations[index] ?? 0;
  }
  return { graph, video, audio };
}

/**
 * A lone shot already in the clip's shape — H.264 yuv420p at width×height with square pixels, 24 fps,
 * AAC 48 kHz stereo, within a frame of its length — with nothing to burn in or mix: the encode would
 * change nothing but add a generation loss, so it is remuxed (the free storyboard, a single
 * provider shot without a script: ~0.02× duration instead of ~0.5×).
 */
function isFinishedShape(probe: MediaProbe, seconds: number, width: number, height: number): boolean {
  const { video, audio } = probe;
  return (
    video?.codec === 'h264' &&
    video.pixelFormat === 'yuv420p' &&
    video.sampleAspectRatio === '1:1' &&
    video.width === width &&
    video.height === height &&
    video.fps === OUTPUT_FPS &&
    audio?.codec === 'aac' &&
    audio.sampleRate === 48_000 &&
    audio.channels === 2 &&
    Math.abs(probe.durationSeconds - seconds) <= 1 / OUTPUT_FPS
  );
}

/**
 * Shots → one H.264 High/AAC 48 kHz stereo MP4 at width×height with transitions, burned-in
 * subtitles and the spoken lines mixed over the shots' sound. The fade is clamped to half the shortest shot so every offset stays positive. The
 * ASS file is written beside the output (its path must be filter-safe) and removed afterwards.
 */
export async function assembleClip(tools: MediaTools, input: AssembleInput, options: MediaJobOptions = {}): Promise<MediaProbe> {
  const { shotPaths, outputPath, width, height, subtitles } = input;
  if (shotPaths.length === 0) throw new Error('assemble needs at least one shot');
  if (width % 2 !== 0 || height % 2 !== 0 || width <= 0 || height <= 0) throw new Error(`assemble needs an even frame size, got ${width}x${height}`);

  const probes = await Promise.all(shotPaths.map((path) => probeMedia(tools.ffprobePath, path)));
  probes.forEach((probe, index) => {
    if (!probe.video || probe.durationSeconds <= 0) throw new Error(`shot ${index} (${shotPaths[index]}) has no playable video`);
  });
  if (input.shotSeconds && (input.shotSeconds.length !== shotPaths.length || input.shotSeconds.some((seconds) => !(seconds > 0)))) {
    throw new Error(`assemble needs one positive length per shot, got ${input.shotSeconds.join(', ')} for ${shotPaths.length} shots`);
  }
  const durations = input.shotSeconds ? [...input.shotSeconds] : probes.map((probe) => probe.durationSeconds);
  const { fadeSeconds, totalSeconds } = shotTimeline(durations, input.fadeSeconds);

  const voiceProbes = await Promise.all((input.voice ?? []).map(async (voice) => ({ voice, probe: await probeMedia(tools.ffprobePath, voice.path) })));
  const voices: PlacedVoice[] = voiceProbes
    // A synth that wrote no playable audio leaves that line to the subtitles.
    .filter(({ voice, probe }) => probe.audio !== null && probe.durationSeconds > 0 && voice.startSeconds < totalSeconds)
    .map(({ voice, probe }, index) => ({ ...voice, speechSeconds: probe.durationSeconds, inputIndex: shotPaths.length + index }));

  const hasSubtitles = subtitles.some((cue) => cue.text.trim() !== '');
  const [onlyShot] = shotPaths;
  const [onlyProbe] = probes;
  if (shotPaths.length === 1 && onlyShot && onlyProbe && voices.length === 0 && !hasSubtitles && isFinishedShape(onlyProbe, totalSeconds, width, height)) {
    const remux = { inputs: [{ path: onlyShot }], outputOptions: ['-map', '0:v:0', '-map', '0:a:0', '-c', 'copy', ...FASTSTART_ARGS], outputPath, durationSeconds: totalSeconds };
    await runFfmpeg(tools.ffmpegPath, remux, options);
    return probeMedia(tools.ffprobePath, outputPath);
  }

  const joined = joinShots(durations, fadeSeconds, input.transition ?? 'fade');
  const graph = [...probes.map((probe, index) => normalizeShot(index, probe, durations[index] ?? probe.durationSeconds, width, height)), ...joined.graph];
  let videoOut = joined.video;
  let audioOut = joined.audio;
  if (voices.length > 0) {
    graph.push(...voiceMixGraph(joined.audio, voices, totalSeconds));
    audioOut = '[voiced]';
  }
  const subtitlePath = join(dirname(outputPath), `${basename(outputPath, extname(outputPath))}.subtitles.ass`);
  if (hasSubtitles) {
    graph.push(`${videoOut}subtitles=filename=${assertFilterSafePath(subtitlePath)}:fontsdir=${assertFilterSafePath(tools.fontsDir)}[vs]`);
    videoOut = '[vs]';
    await writeSubtitleFile(subtitlePath, subtitles, { width, height, fontName: tools.fontName });
  }

  try {
    await runFfmpeg(
      tools.ffmpegPath,
      {
        inputs: [...shotPaths, ...voices.map((voice) => voice.path)].map((path) => ({ path })),
        filterGraph: graph.join(';\n'),
        outputOptions: ['-map', videoOut, '-map', audioOut, ...h264Args(), ...(input.storyboard ? LIGHT_MOTION_SEARCH_ARGS : []), '-crf', '21', ...AAC_ARGS, ...FASTSTART_ARGS],
        outputPath,
        durationSeconds: totalSeconds,
      },
      options,
    );
  } finally {
    if (hasSubtitles) await rm(subtitlePath, { force: true });
  }
  return probeMedia(tools.ffprobePath, outputPath);
}
