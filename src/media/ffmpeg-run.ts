import ffmpeg from 'fluent-ffmpeg';
import type { MediaJobOptions } from '../ports/media.ts';

export interface FfmpegInput {
  path: string;
  /** Options placed before this input's `-i` (e.g. `-ss`), as separate argv entries. */
  options?: readonly string[];
}

export interface FfmpegJob {
  inputs: readonly FfmpegInput[];
  /** A `-filter_complex` graph; generated sources (color, sine, anoisesrc) belong here, never `-f lavfi`. */
  filterGraph?: string;
  /** Everything after the inputs (maps, codecs, muxer flags), as separate argv entries. */
  outputOptions: readonly string[];
  outputPath: string;
  /** Expected output length in seconds: the denominator of the progress percentage. */
  durationSeconds: number;
}

/** About the last screenful: enough for ffmpeg's own error lines without the whole stream dump. */
const STDERR_TAIL_CHARS = 2048;

/** ffmpeg or ffprobe exited non-zero (5.1 exits 1, 7.1 exits 254 for the same fault: any non-zero counts). */
export class FfmpegError extends Error {
  /** The last ~2 KB of the tool's stderr. */
  readonly stderrTail: string;

  constructor(message: string, stderr: string, options?: ErrorOptions) {
    const stderrTail = tailOf(stderr);
    super(`${message}\n${stderrTail}`, options);
    this.name = 'FfmpegError';
    this.stderrTail = stderrTail;
  }
}

export function tailOf(text: string): string {
  return text.length <= STDERR_TAIL_CHARS ? text.trim() : `…${text.slice(-STDERR_TAIL_CHARS).trim()}`;
}

/** "HH:MM:SS.cc" (possibly negative at the start of a stream, or "N/A") → seconds, or null. */
export function timemarkToSeconds(timemark: string | undefined): number | null {
  const match = /^(-?)(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(timemark ?? '');
  if (!match) return null;
  const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4]);
  return match[1] === '-' ? 0 : seconds;
}

/** Reports whole percents, never backwards and never twice, so a chat status line isn't spammed. */
function createProgressReporter(onProgress: ((percent: number) => void) | undefined, durationSeconds: number) {
  let last = -1;
  return (seconds: number): void => {
    if (!onProgress || durationSeconds <= 0) return;
    const percent = Math.min(100, Math.floor((seconds / durationSeconds) * 100));
    if (percent <= last) return;
    last = percent;
    onProgress(percent);
  };
}

/**
 * Runs one ffmpeg command through fluent-ffmpeg. Progress is the `time=` mark of each stats line
 * against `job.durationSeconds`, because fluent's own `percent` uses the first input's length
 * only (292% seen on a 3-shot concat). Aborting kills the process with SIGKILL.
 *
 * fluent-ffmpeg keeps the binary path process-wide, so all callers in one process share one ffmpeg.
 */
export function runFfmpeg(ffmpegPath: string, job: FfmpegJob, options: MediaJobOptions = {}): Promise<void> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  const report = createProgressReporter(options.onProgress, job.durationSeconds);

  return new Promise<void>((resolve, reject) => {
    const command = ffmpeg().setFfmpegPath(ffmpegPath);
    for (const input of job.inputs) {
      command.input(input.path);
      // Spread, not an array: given one array, fluent splits every entry that holds a single space.
      if (input.options && input.options.length > 0) command.inputOptions(...input.options);
    }
    if (job.filterGraph !== undefined) command.complexFilter(job.filterGraph);
    command.outputOptions('-hide_banner', '-nostdin', ...job.outputOptions).output(job.outputPath);

    let started = false;
    const onAbort = (): void => {
      // Before 'start' fluent is still probing capabilities and has no process to kill yet.
      if (started) command.kill('SIGKILL');
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (error: Error | null): void => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) reject(signal.reason);
      else if (error) reject(error);
      else resolve();
    };

    command
      .on('start', () => {
        started = true;
        if (signal?.aborted) command.kill('SIGKILL');
      })
      // The stats lines fluent's 'progress' event is parsed from, read directly: a 'progress'
      // listener makes fluent ffprobe input 0 for its (wrong) percent, and throws when a graph
      // made only of generated sources has no input at all.
      .on('stderr', (line: string) => {
        const seconds = timemarkToSeconds(/\btime=(\S+)/.exec(line)?.[1]);
        if (seconds !== null) report(seconds);
      })
      .on('error', (error: Error, _stdout: string | null, stderr: string | null) => {
        settle(new FfmpegError(`ffmpeg failed writing ${job.outputPath}: ${firstLine(error.message)}`, stderr ?? '', { cause: error }));
      })
      .on('end', () => {
        report(job.durationSeconds);
        settle(null);
      })
      .run();
  });
}

const firstLine = (text: string): string => text.split('\n', 1)[0] ?? text;
