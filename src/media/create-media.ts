import type { Media } from '../ports/media.ts';
import { assembleClip } from './assemble-clip.ts';
import { fitToLimit } from './fit-to-limit.ts';
import { extractLastFrame } from './last-frame.ts';
import { makeThumbnail } from './make-thumbnail.ts';
import { normalizeLoudness } from './normalize-loudness.ts';
import { resolveMediaTools, type MediaToolOptions } from './media-tools.ts';
import { probeMedia } from './probe-media.ts';

/** The Media port over the system ffmpeg; call `checkFfmpeg` (check-ffmpeg.ts) once at start-up. */
export function createMedia(options: MediaToolOptions = {}): Media {
  const tools = resolveMediaTools(options);
  return {
    probe: (path) => probeMedia(tools.ffprobePath, path),
    fitToLimit: (inputPath, outputPath, maxBytes, jobOptions) => fitToLimit(tools, inputPath, outputPath, maxBytes, jobOptions),
    assemble: (input, jobOptions) => assembleClip(tools, input, jobOptions),
    normalizeLoudness: (inputPath, outputPath, jobOptions) => normalizeLoudness(tools, inputPath, outputPath, jobOptions),
    thumbnail: (inputPath, outputPath, limits) => makeThumbnail(tools, inputPath, outputPath, limits),
    lastFrame: (inputPath, outputPath) => extractLastFrame(tools, inputPath, outputPath),
  };
}
