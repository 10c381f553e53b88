import { access, copyFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Media } from '../../ports/media.ts';
import type { OperationStatus, VideoProvider } from '../../ports/video-provider.ts';
import type { OperationHandle } from '../../domain/operation-handle.ts';
import { createMedia } from '../../media/create-media.ts';
import { resolveMediaTools } from '../../media/media-tools.ts';
import { renderLocalShot } from './render-shot.ts';

export interface LocalVideoProviderOptions {
  /** Probes every rendered shot before `start` returns. Default: `createMedia()` with the paths below. */
  media?: Media;
  /** ffmpeg binary. Default: `FFMPEG_PATH`, else `ffmpeg` on PATH. */
  ffmpegPath?: string;
  /** Directory of the CJK font libass draws the title and captions with. Default: `/usr/share/fonts/opentype/noto`. */
  fontsDir?: string;
  /** Its family name. Default: `Noto Sans CJK SC` (any CJK-capable family in `fontsDir` works, e.g. WenQuanYi Micro Hei). */
  fontName?: string;
}

const PROVIDER_ID = 'local';
/** A rendered shot may differ from the request by a frame plus AAC padding; more means a broken render. */
const DURATION_TOLERANCE_SECONDS = 0.25;

/**
 * The offline renderer: an animated storyboard (the style's colour world, the avatar in a round
 * frame, artwork, kinetic caption, mood ambience) made by ffmpeg on this machine. It is free and takes ~0.4× the shot's length,
 * so `start` renders right away and the handle is the finished file's path.
 */
export function createLocalVideoProvider(options: LocalVideoProviderOptions = {}): VideoProvider {
  const tools = resolveMediaTools(options);
  const media = options.media ?? createMedia(tools);
  const setup = { ffmpegPath: tools.ffmpegPath, fontsDir: tools.fontsDir, fontName: tools.fontName };

  const shotPath = (handle: OperationHandle): string => {
    if (handle.provider !== PROVIDER_ID) throw new Error(`handle from provider "${handle.provider}" given to "${PROVIDER_ID}"`);
    return handle.operationId;
  };

  return {
    id: PROVIDER_ID,
    modelId: 'reverie-storyboard-1',
    pollIntervalMs: 1000,
    createIsFree: true,

    async start(input, callOptions) {
      const outputPath = join(resolve(input.workDir), `local-shot-${input.shotIndex}.mp4`);
      await renderLocalShot(input, outputPath, setup, callOptions);
      const probe = await media.probe(outputPath);
      if (!probe.video || !probe.audio || Math.abs(probe.durationSeconds - input.seconds) > DURATION_TOLERANCE_SECONDS) {
        throw new Error(`local render of shot ${input.shotIndex} is broken: ${probe.durationSeconds.toFixed(2)} s, video ${probe.video ? 'yes' : 'no'}, audio ${probe.audio ? 'yes' : 'no'}`);
      }
      return { provider: PROVIDER_ID, operationId: outputPath, data: {} };
    },

    async status(handle): Promise<OperationStatus> {
      const path = shotPath(handle);
      return access(path).then(
        () => ({ state: 'done' }),
        // The work dir is scratch space: if it was cleaned, rendering again is cheap.
        () => ({ state: 'failed', retryable: true, reason: `rendered shot ${path} is gone` }),
      );
    },

    async download(handle, destinationPath) {
      const path = shotPath(handle);
      // Copy, not move: a retried delivery step downloads the same handle again.
      if (resolve(destinationPath) !== path) await copyFile(path, destinationPath);
    },
  };
}
