import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStyleThumbnails } from '../../../src/chat/style-thumbnails.ts';
import type { PreviewPainter } from '../../../src/ports/preview-painter.ts';
import { loadStylePresets } from '../../../src/prompts/style-presets.ts';
import { createPreviewPainter } from '../../../src/providers/local/preview-frame.ts';
import { ffprobe } from '../../helpers/run-cli.ts';

/** The /styles thumbnails: drawn by the real local painter (ffmpeg), once per preset, then cached. */

let dir = '';
const painted: string[] = [];
const real = createPreviewPainter();
const counting: PreviewPainter = {
  paint: async (input) => {
    painted.push(input.plan.style);
    await real.paint(input);
  },
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reverie-style-thumbs-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('style thumbnails', () => {
  it('offers the issue’s presets, ink-wash 水墨 and meme among them', () => {
    const presets = loadStylePresets();
    for (const name of ['asmr', 'cinematic', 'anime', 'ink-wash', 'greeting', 'documentary', 'meme']) expect(presets.has(name)).toBe(true);
    expect(presets.get('ink-wash')?.labels.zh).toBe('水墨');
  });

  it('draws each preset once as a JPEG under the cache, and a second round draws nothing', async () => {
    const thumbnails = createStyleThumbnails({ painter: counting, cacheRoot: dir });
    const names = [...loadStylePresets().keys()];
    // Two callers at once share each drawing.
    const [first, again] = await Promise.all([Promise.all(names.map(thumbnails)), Promise.all(names.map(thumbnails))]);
    expect(again).toEqual(first);
    expect([...painted].sort()).toEqual([...names].sort());
    for (const [index, path] of first.entries()) {
      expect(path.startsWith(join(dir, 'styles', `${names[index]}-`))).toBe(true);
      expect((await readFile(path)).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
      expect((await ffprobe(path)).video?.width).toBeGreaterThan(0);
    }
    const mtimes = await Promise.all(first.map(async (path) => (await stat(path)).mtimeMs));

    // A new process (a fresh cache object) finds the files: nothing is drawn again.
    const later = createStyleThumbnails({ painter: counting, cacheRoot: dir });
    expect(await Promise.all(names.map(later))).toEqual(first);
    expect(painted).toHaveLength(names.length);
    expect(await Promise.all(first.map(async (path) => (await stat(path)).mtimeMs))).toEqual(mtimes);
  });
});
