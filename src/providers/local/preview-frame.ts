import { frameSizeForAspect } from '../../media/frame-size.ts';
import { runFfmpeg } from '../../media/ffmpeg-run.ts';
import { resolveMediaTools, type MediaToolOptions } from '../../media/media-tools.ts';
import type { PreviewPainter } from '../../ports/preview-painter.ts';
import { loadStylePreset } from '../../prompts/style-presets.ts';
import { writeCaptionFilters } from './shot-caption.ts';
import { artworkGraph, artworkInputs, artworkMove, shotArtwork } from './shot-artwork.ts';
import { avatarFrameGraph } from './shot-avatar.ts';
import { backdropPictureGraph } from './shot-picture.ts';
import { createShotRandom } from './shot-variation.ts';

/** Half the clip's frame: plenty for a chat preview, and a quarter of the pixels to draw. */
const PREVIEW_SCALE = 0.5;
/** One frame's worth of "seconds" for the picture graphs, which are written for moving shots. */
const ONE_FRAME_SECONDS = 0.05;
const JPEG_QUALITY = 4;

/**
 * The first shot's opening frame as the offline renderer would draw it (the style's colour world,
 * the avatar in its round frame when there is one, and the plan's artwork), with the title and the shot's words shown in full. The same
 * graphs as the local renderer, so the preview looks like the storyboard clip begins.
 */
export function createPreviewPainter(options: MediaToolOptions = {}): PreviewPainter {
  const tools = resolveMediaTools(options);
  return {
    async paint({ plan, avatar, workDir, outputPath, signal }) {
      const full = frameSizeForAspect(plan.aspectRatio);
      // Even sides: the picture graphs divide by four and yuv420p wants even sizes.
      const even = (side: number) => Math.round((side * PREVIEW_SCALE) / 2) * 2;
      const [width, height] = [even(full.width), even(full.height)];
      const { palette } = loadStylePreset(plan.style);
      const spec = { width, height, seconds: ONE_FRAME_SECONDS, mood: plan.mood, palette, shotIndex: 0, take: 0, random: createShotRandom(plan, 0) };
      const artwork = shotArtwork(plan);
      const move = artworkMove(plan.shots[0]?.camera ?? '');
      const picture = [
        backdropPictureGraph(spec),
        ...(avatar ? [avatarFrameGraph({ width, height, seconds: ONE_FRAME_SECONDS, mood: plan.mood, move, ringColour: palette.at(-1) ?? '#ffffff', from: 'pic', to: 'framed' })] : []),
      ].join(';\n');
      const from = avatar ? 'framed' : 'pic';
      const scene = artworkGraph(artwork, { width, height, seconds: ONE_FRAME_SECONDS, move, firstInput: avatar ? 1 : 0, withAvatar: avatar !== null, from });
      const captions = await writeCaptionFilters({
        workDir,
        filePrefix: 'preview',
        width,
        height,
        seconds: ONE_FRAME_SECONDS,
        title: plan.title,
        caption: plan.shots[0]?.onScreenText ?? '',
        fontsDir: tools.fontsDir,
        fontName: tools.fontName,
        titleColour: palette.at(-1) ?? '#ffffff',
        still: true,
      });
      await runFfmpeg(
        tools.ffmpegPath,
        {
          inputs: [...(avatar ? [{ path: avatar.path }] : []), ...artworkInputs(artwork)],
          filterGraph: [picture, ...(scene === null ? [] : [scene]), `[${scene === null ? from : 'scene'}]${captions === '' ? '' : `${captions},`}format=yuvj420p[v]`].join(';\n'),
          outputOptions: ['-map', '[v]', '-frames:v', '1', '-q:v', String(JPEG_QUALITY), '-update', '1'],
          outputPath,
          durationSeconds: 0,
        },
        { signal },
      );
    },
  };
}
