import { createHash } from 'node:crypto';
import { access, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CreativePlan } from '../domain/creative-plan.ts';
import type { PreviewPainter } from '../ports/preview-painter.ts';
import { loadStylePreset, type StylePreset } from '../prompts/style-presets.ts';

/**
 * The /styles thumbnails: each preset drawn once by the local renderer's still painter and kept
 * in DATA_DIR/cache/styles/<name>-<hash>.jpg. The hash covers the parsed preset, so editing a
 * preset file draws it afresh while every other call only finds the file.
 */

/** A sample plan in the preset's world: its label as the title, square, no avatar. */
function samplePlanOf(preset: StylePreset): CreativePlan {
  return {
    version: 1,
    language: 'en',
    title: preset.labels.en,
    feeling: preset.direction.slice(0, 200) || preset.labels.en,
    mood: preset.mood,
    aspectRatio: '1:1',
    totalSeconds: 4,
    style: preset.name,
    protagonist: { useAvatar: false, description: '' },
    shots: [
      {
        seconds: 4,
        action: preset.direction.slice(0, 600) || preset.labels.en,
        camera: preset.cameras[0] ?? 'static',
        lighting: preset.lightings[0] ?? 'soft',
        sound: { ambience: preset.ambience, effects: [], music: preset.music },
        spoken: null,
        onScreenText: preset.labels.zh,
      },
    ],
    script: '',
    negativePrompt: '',
    requestedModel: null,
  };
}

function versionOf(preset: StylePreset): string {
  return createHash('sha256').update(JSON.stringify(preset)).digest('hex').slice(0, 12);
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

export type StyleThumbnails = (styleName: string) => Promise<string>;

export function createStyleThumbnails(options: { painter: PreviewPainter; cacheRoot: string }): StyleThumbnails {
  const dir = join(options.cacheRoot, 'styles');
  // Two /styles at once share one drawing per preset instead of racing on the same file.
  const drawing = new Map<string, Promise<string>>();

  const draw = async (preset: StylePreset, path: string): Promise<string> => {
    const scratch = join(dir, `.draw-${preset.name}-${process.pid}`);
    await mkdir(scratch, { recursive: true });
    try {
      const partial = join(scratch, 'thumbnail.jpg');
      await options.painter.paint({ plan: samplePlanOf(preset), avatar: null, workDir: scratch, outputPath: partial });
      // Renamed into place whole: a reader never sees half a JPEG.
      await rename(partial, path);
      return path;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  };

  return async (styleName) => {
    const preset = loadStylePreset(styleName);
    const path = join(dir, `${preset.name}-${versionOf(preset)}.jpg`);
    if (await exists(path)) return path;
    const running = drawing.get(path);
    if (running) return running;
    const started = draw(preset, path).finally(() => drawing.delete(path));
    drawing.set(path, started);
    return started;
  };
}
