import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { cjkFontFile, INSTALL_HINT, resolveMediaTools, type MediaToolOptions } from './media-tools.ts';

/** Filters the assembler and the local renderer use; a build without one fails mid-job otherwise. */
const REQUIRED_FILTERS = ['xfade', 'acrossfade', 'subtitles', 'gradients', 'geq', 'anoisesrc'];

function run(binary: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(binary, args, { maxBuffer: 8 * 1024 * 1024 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
}

/**
 * Fails loudly at start-up rather than on a user's first request: the binaries must run, ffmpeg
 * must have the filters above and libx264, and the CJK font must exist (without it Chinese
 * captions render as boxes). Every message ends with the install command. Runs the binaries
 * directly because fluent-ffmpeg caches capabilities process-wide, whatever binary asked.
 */
export async function checkFfmpeg(options: MediaToolOptions = {}): Promise<void> {
  const tools = resolveMediaTools(options);
  const fail = (problem: string): never => {
    throw new Error(`${problem}. Install it with: ${INSTALL_HINT} (or set FFMPEG_PATH / FFPROBE_PATH)`);
  };
  const filters = await run(tools.ffmpegPath, ['-hide_banner', '-filters']).catch(() => fail(`ffmpeg not found or not runnable at "${tools.ffmpegPath}"`));
  await run(tools.ffprobePath, ['-hide_banner', '-version']).catch(() => fail(`ffprobe not found or not runnable at "${tools.ffprobePath}"`));
  const present = new Set(filters.split('\n').map((line) => line.trim().split(/\s+/)[1]));
  const missing = REQUIRED_FILTERS.filter((filter) => !present.has(filter));
  if (missing.length > 0) fail(`${tools.ffmpegPath} lacks the filter(s) ${missing.join(', ')}`);
  const encoders = await run(tools.ffmpegPath, ['-hide_banner', '-encoders']);
  if (!/^\s*V\S*\s+libx264\s/m.test(encoders)) fail(`${tools.ffmpegPath} was built without libx264`);
  await access(cjkFontFile(tools)).catch(() => fail(`the CJK font ${cjkFontFile(tools)} is missing`));
}
