import { execFile } from 'node:child_process';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreativePlan } from '../../../../src/domain/creative-plan.ts';
import { buildOfflinePlan } from '../../../../src/planner/offline-planner.ts';
import { loadArtworkWords } from '../../../../src/prompts/artwork-words.ts';
import { createLocalVideoProvider } from '../../../../src/providers/local/local-video-provider.ts';
import { createPreviewPainter } from '../../../../src/providers/local/preview-frame.ts';
import { artworkMove, shotArtwork, subjectBox } from '../../../../src/providers/local/shot-artwork.ts';
import { particleKind } from '../../../../src/providers/local/shot-particles.ts';
import { makeWorkDir } from '../../../fixtures/make-media.ts';
import { plannerInput } from '../../../helpers/requests.ts';

const run = promisify(execFile);
const provider = createLocalVideoProvider();
let work: Awaited<ReturnType<typeof makeWorkDir>>;
beforeAll(async () => {
  work = await makeWorkDir();
});
afterAll(() => work.remove());

const planFor = (sentence: string): CreativePlan => buildOfflinePlan(plannerInput(sentence)).plan;

const SIDE = 24;
/** Pixels of a picture (optionally cropped first) scaled to SIDE×SIDE, as RGBA. */
async function pixels(path: string, crop: string | null): Promise<Buffer> {
  const filter = `${crop === null ? '' : `crop=${crop},`}scale=${SIDE}:${SIDE}:flags=area,format=rgba`;
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', path, '-frames:v', '1', '-vf', filter, '-f', 'rawvideo', '-'], { encoding: 'buffer', maxBuffer: 1 << 20 });
  return stdout;
}

/** Coarse colour bin (4 levels a channel) of each pixel with alpha over half. */
function bins(rgba: Buffer): number[] {
  const result: number[] = [];
  for (let offset = 0; offset + 3 < rgba.length; offset += 4) {
    if ((rgba[offset + 3] ?? 0) < 128) continue;
    result.push(((rgba[offset] ?? 0) >> 6) * 16 + ((rgba[offset + 1] ?? 0) >> 6) * 4 + ((rgba[offset + 2] ?? 0) >> 6));
  }
  return result;
}

/** Share of the frame region's pixels whose colour is one the emoji is made of (≥ 5 % of its opaque pixels). */
async function emojiLikeShare(framePath: string, crop: string, emojiPath: string): Promise<number> {
  const emoji = bins(await pixels(emojiPath, null));
  const counts = new Map<number, number>();
  for (const bin of emoji) counts.set(bin, (counts.get(bin) ?? 0) + 1);
  const palette = new Set([...counts].filter(([, count]) => count >= emoji.length * 0.05).map(([bin]) => bin));
  const region = bins(await pixels(framePath, crop));
  return region.filter((bin) => palette.has(bin)).length / region.length;
}

async function firstFrame(plan: CreativePlan, name: string): Promise<string> {
  const handle = await provider.start({ plan, shotIndex: 0, avatar: null, workDir: work.path, seconds: 1, previous: null, instruction: null });
  const framePath = `${work.path}/${name}.png`;
  await run('ffmpeg', ['-v', 'error', '-y', '-i', handle.operationId, '-frames:v', '1', framePath]);
  return framePath;
}

describe('local renderer artwork', () => {
  it('composes the sentence’s subject and setting: a snail on a leaf, a kiwi', () => {
    const snail = shotArtwork(planFor('a snail crossing a leaf'));
    expect(snail.subject?.id).toBe('snail');
    expect(basename(snail.subject?.path ?? '')).toBe('1f40c.png');
    expect(snail.setting?.id).toBe('leaf');
    expect(shotArtwork(planFor('a knife slicing a glass kiwi')).subject?.id).toBe('kiwi');
    expect(shotArtwork(planFor('un caracol cruzando una hoja')).subject?.id).toBe('snail');
    expect(shotArtwork(planFor('一只蜗牛爬过树叶')).setting?.id).toBe('leaf');
    expect(shotArtwork(planFor('something nice for tonight'))).toEqual({ subject: null, setting: null });
  });

  it('has a picture for every word of the artwork list', () => {
    const plan = planFor('something nice for tonight');
    const missing = loadArtworkWords().filter((entry) => {
      const artwork = shotArtwork({ ...plan, title: entry.words.en[0] ?? entry.id });
      return (entry.kind === 'subject' ? artwork.subject : artwork.setting)?.id !== entry.id;
    });
    expect(missing.map((entry) => `${entry.id} ${entry.emoji}`)).toEqual([]);
  });

  it('lets snow fall where the sentence names snow or rain, and light motes float in dreamy and warm moods', () => {
    expect(particleKind(shotArtwork(planFor('a fox in the snow')).setting?.id ?? null, 'epic')).toBe('snow');
    expect(particleKind(null, 'dreamy')).toBe('motes');
    expect(particleKind('leaf', 'epic')).toBeNull();
  });

  it('reads the subject’s move from the camera words', () => {
    expect(artworkMove('slow dolly-in toward the subject')).toBe('push-in');
    expect(artworkMove('gentle tilt up to the sky')).toBe('tilt');
    expect(artworkMove('handheld, close')).toBe('handheld');
    expect(artworkMove('wide establishing shot')).toBe('drift');
  });

  it('shows the same artwork in the storyboard preview', { timeout: 120_000 }, async () => {
    const plan = planFor('a snail crossing a leaf');
    const bare = { ...plan, title: 'Bigger Than Life', shots: plan.shots.map((shot) => ({ ...shot, action: 'light' })) };
    // The preview is drawn at half the clip's frame.
    const box = subjectBox(360, 640);
    const crop = `${box.size / 2}:${box.size / 2}:${box.x + box.size / 4}:${box.y + box.size / 4}`;
    const emojiPath = shotArtwork(plan).subject?.path ?? '';
    const shares: number[] = [];
    for (const [name, candidate] of [
      ['preview-with', plan],
      ['preview-without', bare],
    ] as const) {
      const outputPath = `${work.path}/${name}.jpg`;
      await createPreviewPainter().paint({ plan: candidate, avatar: null, workDir: work.path, outputPath });
      shares.push(await emojiLikeShare(outputPath, crop, emojiPath));
    }
    const [withArt = 0, without = 0] = shares;
    expect(withArt).toBeGreaterThan(0.3);
    expect(withArt - without).toBeGreaterThan(0.2);
  });

  // Two 1 s renders each: a busy shared machine can take most of a minute.
  for (const sentence of ['a snail crossing a leaf', 'a knife slicing a glass kiwi']) {
    it(`draws the subject of "${sentence}" where it says, in the emoji’s colours, and not without it`, { timeout: 180_000 }, async () => {
      const box = subjectBox(720, 1280);
      // The inner half of the box: the emoji's own margins are transparent.
      const crop = `${box.size / 2}:${box.size / 2}:${box.x + box.size / 4}:${box.y + box.size / 4}`;
      const plan = planFor(sentence);
      const emojiPath = shotArtwork(plan).subject?.path ?? '';
      const bare = { ...plan, title: 'Bigger Than Life', shots: plan.shots.map((shot) => ({ ...shot, action: 'light' })) };
      expect(shotArtwork(bare).subject).toBeNull();
      const withArt = await emojiLikeShare(await firstFrame(plan, 'with'), crop, emojiPath);
      const without = await emojiLikeShare(await firstFrame(bare, 'without'), crop, emojiPath);
      expect(withArt).toBeGreaterThan(0.3);
      expect(withArt - without).toBeGreaterThan(0.2);
    });
  }
});
