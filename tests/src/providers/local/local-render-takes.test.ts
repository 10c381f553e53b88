import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreativePlan } from '../../../../src/domain/creative-plan.ts';
import { createMedia } from '../../../../src/media/create-media.ts';
import { buildOfflinePlan } from '../../../../src/planner/offline-planner.ts';
import type { LocalImage, ShotInput } from '../../../../src/ports/video-provider.ts';
import { createLocalVideoProvider } from '../../../../src/providers/local/local-video-provider.ts';
import { grabLumaFrame, makeStill, makeWorkDir } from '../../../fixtures/make-media.ts';
import { plannerInput } from '../../../helpers/requests.ts';

/**
 * Offline, 🎲 variation re-plans with other cameras and lightings, and 🔁 regenerate renders the
 * same plan as the next take. Either way the user asked for a new take: the frames must differ.
 * Checked on rendered pixels, not on the plan.
 */

const provider = createLocalVideoProvider({ media: createMedia() });
let work: Awaited<ReturnType<typeof makeWorkDir>>;
let avatar: LocalImage;
let renders = 0;

beforeAll(async () => {
  work = await makeWorkDir();
  avatar = { path: await makeStill(join(work.path, 'avatar.png'), 600, 800), mimeType: 'image/png' };
});
afterAll(() => work.remove());

const offlinePlan = (variation: number): CreativePlan => buildOfflinePlan(plannerInput('a quiet rainy evening that feels like missing home, with my avatar', { avatar, variation })).plan;

/** Shot 0 rendered into its own dir, one luma frame from its middle. */
async function frameOf(plan: CreativePlan, overrides: Partial<ShotInput> = {}): Promise<Buffer> {
  const workDir = join(work.path, `render-${(renders += 1)}`);
  await mkdir(workDir, { recursive: true });
  const handle = await provider.start({ plan, shotIndex: 0, avatar: null, workDir, seconds: 2, previous: null, instruction: null, ...overrides });
  return grabLumaFrame(handle.operationId, 1);
}

/** Mean absolute luma difference, 0–255. */
function difference(a: Buffer, b: Buffer): number {
  expect(a.length).toBe(b.length);
  let sum = 0;
  for (let index = 0; index < a.length; index += 1) sum += Math.abs((a[index] ?? 0) - (b[index] ?? 0));
  return sum / a.length;
}

describe('local renderer: a new take looks different', () => {
  const first = () => offlinePlan(0);
  const variation = () => offlinePlan(1);

  it('a 🎲 variation (other camera and lighting, same everything else) renders other pixels', async () => {
    const [a, b] = [first(), variation()];
    // The plans differ only as a variation does: the title's wording, shot camera, lighting and effects.
    const strip = (plan: CreativePlan) => ({ ...plan, title: '', shots: plan.shots.map((shot) => ({ ...shot, camera: '', lighting: '', sound: { ...shot.sound, effects: [] } })) });
    expect(strip(b)).toEqual(strip(a));
    expect(b.shots[0]?.camera).not.toBe(a.shots[0]?.camera);

    const [same, again, other] = await Promise.all([frameOf(a), frameOf(a), frameOf(b)]);
    // Same plan, same take: the same short (the render is deterministic).
    expect(difference(same, again)).toBeLessThan(0.5);
    expect(difference(same, other)).toBeGreaterThan(2);
  });

  it('a 🎲 variation with the avatar renders other pixels', async () => {
    const [same, other] = await Promise.all([frameOf(first(), { avatar }), frameOf(variation(), { avatar })]);
    expect(difference(same, other)).toBeGreaterThan(2);
  });

  it('a 🔁 regenerate (same plan, next take) renders other pixels', async () => {
    const plan = first();
    const [take0, take1] = await Promise.all([frameOf(plan, { take: 0 }), frameOf(plan, { take: 1 })]);
    expect(difference(take0, take1)).toBeGreaterThan(2);
    const [avatar0, avatar1] = await Promise.all([frameOf(plan, { avatar, take: 0 }), frameOf(plan, { avatar, take: 1 })]);
    expect(difference(avatar0, avatar1)).toBeGreaterThan(2);
  });
});
