/**
 * Media operations the core needs, implemented by src/media (the only importer of fluent-ffmpeg).
 * Paths are local files; every operation reports progress computed from ffmpeg's own time output
 * against the known output duration (fluent-ffmpeg's percent is wrong for multi-input graphs).
 */
import type { ShotTransition } from '../domain/shot-transition.ts';

export interface MediaProbe {
  durationSeconds: number;
  sizeBytes: number;
  formatName: string;
  /** sampleAspectRatio as ffprobe writes it ('1:1' = square pixels), '' when the stream names none. */
  video: { codec: string; width: number; height: number; pixelFormat: string; sampleAspectRatio: string; fps: number } | null;
  audio: { codec: string; sampleRate: number; channels: number } | null;
}

export interface MediaJobOptions {
  onProgress?: (percent: number) => void;
  signal?: AbortSignal;
}

export interface FitResult {
  /** 'copy' when the input already fit and was only remuxed (+faststart). */
  method: 'copy' | 'encode';
  sizeBytes: number;
}

/** A timed line of text drawn over the finished clip (the user's script, verbatim). */
export interface SubtitleCue {
  startSeconds: number;
  endSeconds: number;
  text: string;
}

/** A spoken line's audio file and where it sits in the assembled clip. */
export interface VoiceClip {
  /** Any audio ffmpeg reads (WAV from every synth); resampled to 48 kHz stereo. */
  path: string;
  /** Where the line starts in the clip, seconds. */
  startSeconds: number;
  /** Room it has (to its shot's end): a longer line is sped up a little, then cut with a short fade. */
  maxSeconds: number;
}

/** What loudness normalisation found and did. */
export interface LoudnessResult {
  /** Integrated loudness before, LUFS (null for a silent or missing audio track, left as it was). */
  inputLufs: number | null;
  /** Gain applied, dB (0 when left as it was). */
  gainDb: number;
}

export interface AssembleInput {
  /** Rendered shots in order; each may differ in size/fps/audio, they are normalised first. */
  shotPaths: string[];
  outputPath: string;
  width: number;
  height: number;
  /**
   * How long each shot lasts in the clip, seconds (crossfade overlap included): a longer shot is
   * trimmed, a shorter one held on its last frame (audio padded with silence), so the clip lasts
   * what was planned whatever length the provider returned. Absent: each shot's own length.
   */
  shotSeconds?: readonly number[];
  /** Crossfade between shots, seconds; 0 = hard cuts. */
  fadeSeconds: number;
  /** The picture's transition over that crossfade (the style's); default `fade`. */
  transition?: ShotTransition;
  /** The shots are the local storyboard, which barely moves: encode with a lighter motion search. */
  storyboard?: boolean;
  /** Burned in with a CJK-capable font, from a file, never spliced into the filter graph. */
  subtitles: SubtitleCue[];
  /** Spoken lines mixed over the shots' own sound, which ducks under them (sidechain). */
  voice?: readonly VoiceClip[];
}

export interface Media {
  probe(path: string): Promise<MediaProbe>;
  /** Stream-copies when codec and size already fit; else one capped-CRF encode, checked after. */
  fitToLimit(inputPath: string, outputPath: string, maxBytes: number, options?: MediaJobOptions): Promise<FitResult>;
  /** Shots → one H.264/AAC MP4 with crossfades and burned subtitles. */
  assemble(input: AssembleInput, options?: MediaJobOptions): Promise<MediaProbe>;
  /**
   * The short's audio brought to −14 LUFS integrated with true peak ≤ −1 dBTP (the level of the
   * platforms' own loudness normalisation); the video stream is copied, not re-encoded.
   */
  normalizeLoudness(inputPath: string, outputPath: string, options?: MediaJobOptions): Promise<LoudnessResult>;
  /** A JPEG whose sides are ≤ maxSide and whose size is ≤ maxBytes (Telegram: 320 px, 200 kB). */
  thumbnail(inputPath: string, outputPath: string, limits: { maxSide: number; maxBytes: number }): Promise<void>;
  /** The clip's final frame as a full-size JPEG (the next shot's first frame). */
  lastFrame(inputPath: string, outputPath: string): Promise<void>;
}
