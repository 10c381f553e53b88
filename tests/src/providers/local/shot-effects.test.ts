import { rename } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SoundDesign } from '../../../../src/domain/creative-plan.ts';
import { findSounds as findHeardSounds, SOUND_NAMES } from '../../../../src/prompts/sound-words.ts';
import { loadStylePresets } from '../../../../src/prompts/style-presets.ts';
import { createLocalVideoProvider } from '../../../../src/providers/local/local-video-provider.ts';
import { effectsGraph, placeSounds } from '../../../../src/providers/local/shot-effects.ts';
import { createShotRandom } from '../../../../src/providers/local/shot-variation.ts';
import { audioWindowStats, makeWorkDir, samplePlan } from '../../../fixtures/make-media.ts';

const provider = createLocalVideoProvider();
let work: Awaited<ReturnType<typeof makeWorkDir>>;
beforeAll(async () => {
  work = await makeWorkDir();
});
afterAll(() => work.remove());

const SHOT_SECONDS = 2;
const findSounds = (text: string) => findHeardSounds(text).map((sound) => sound.name);
const design = (effects: string[], ambience = ''): SoundDesign => ({ ambience, effects, music: null });
const planWith = (sound: SoundDesign) => samplePlan({ mood: 'calm', shots: [{ seconds: SHOT_SECONDS, sound }] });
const random = () => createShotRandom(planWith(design([])), 0);

/** Renders the one shot and keeps it under `name` (the provider always writes local-shot-0.mp4). */
async function renderShot(sound: SoundDesign, name: string): Promise<string> {
  const handle = await provider.start({ plan: planWith(sound), shotIndex: 0, avatar: null, workDir: work.path, seconds: SHOT_SECONDS, previous: null, instruction: null });
  const path = `${work.path}/${name}.mp4`;
  await rename(handle.operationId, path);
  return path;
}

describe('sound design in the offline short', () => {
  it('reads the plan’s sound words in English, Chinese (both scripts) and Spanish', () => {
    expect(findSounds('a crunch as the knife goes in')).toEqual(['crunch']);
    expect(findSounds('清脆的咔嚓声')).toEqual(['crunch']);
    expect(findSounds('玻璃碰杯，遠處的鐘聲')).toEqual(['glass', 'bell']);
    expect(findSounds('un crujido y aplausos')).toEqual(['crunch', 'applause']);
    expect(findSounds('crackling fireplace, distant wind')).toEqual(['crackle', 'wind']);
    // The longest words win: wind chimes are chimes, 风铃 is not wind, a door knock is not a thud.
    expect(findSounds('vinyl crackle, soft wind chimes')).toEqual(['crackle', 'chime']);
    expect(findSounds('风铃')).toEqual(['chime']);
    expect(findSounds('golpe en la puerta')).toEqual(['knock']);
    expect(findSounds('footsteps, then more footsteps and rain')).toEqual(['footsteps', 'rain']);
    expect(findSounds('zorblax hum, a warm laugh')).toEqual([]);
  });

  it('knows every sound by its own name, which the offline planner writes into plans', () => {
    for (const name of SOUND_NAMES) expect(findSounds(name)).toEqual([name]);
  });

  it('hears something of every style preset’s sound design', () => {
    for (const preset of loadStylePresets().values()) {
      expect(findSounds([preset.ambience, ...preset.effects].join('\n')), preset.name).not.toEqual([]);
    }
  });

  it('puts a whoosh on the cut, spreads accents in order across the shot and runs beds under it all', () => {
    const placed = placeSounds(design(['soft whoosh on the cut', 'a crunch', 'glass clink'], 'rain and distant wind'), 6, random());
    expect(placed.map((sound) => sound.name)).toEqual(['rain', 'wind', 'whoosh', 'crunch', 'glass']);
    const at = Object.fromEntries(placed.map((sound) => [sound.name, sound.atSeconds]));
    expect(at).toMatchObject({ rain: 0, wind: 0, whoosh: 0.05 });
    expect(at.crunch).toBeGreaterThan(1.5);
    expect(at.crunch).toBeLessThan(2.5);
    expect(at.glass).toBeGreaterThan(3.5);
    expect(at.glass).toBeLessThan(4.5);
    // A crowded design keeps four one-off sounds and two beds.
    const crowded = placeSounds(design(['bell', 'chime', 'knock', 'splash', 'boing', 'clock'], 'rain, wind, waves'), 6, random());
    expect(crowded.map((sound) => sound.name)).toEqual(['rain', 'wind', 'bell', 'chime', 'knock', 'splash']);
    // Words it does not know add nothing: the shot keeps its plain ambience graph.
    expect(effectsGraph({ sound: design(['zorblax hum', 'a warm laugh'], 'nothing we know'), seconds: 6, random: random(), from: 'aud', to: 'sfx' })).toBeNull();
    expect(placeSounds(design(['zorblax hum', 'crunch']), 6, random()).map((sound) => sound.name)).toEqual(['crunch']);
  });

  it('mixes a crunch into the shot where it is placed, and renders unknown sound words as nothing', { timeout: 120_000 }, async () => {
    const crunch = await renderShot(design(['a crunch']), 'crunch');
    // Words it does not know render as if the design were empty.
    const plain = await renderShot(design(['zorblax hum'], 'nothing we know'), 'plain');

    // The one accent sits in the middle of the 2 s shot (±0.15 s) and lasts under half a second:
    // louder there, and much louder in the crunch's own band, above the ambience's low bed.
    const [withCrunch, without] = await Promise.all([audioWindowStats(crunch, 0.8, 1.7), audioWindowStats(plain, 0.8, 1.7)]);
    expect(withCrunch.peakDb - without.peakDb).toBeGreaterThan(3);
    const [crunchBand, plainBand] = await Promise.all([audioWindowStats(crunch, 0.8, 1.7, 1500), audioWindowStats(plain, 0.8, 1.7, 1500)]);
    expect(crunchBand.rmsDb - plainBand.rmsDb).toBeGreaterThan(10);
    // Before it the ambience is untouched.
    const [beforeCrunch, beforePlain] = await Promise.all([audioWindowStats(crunch, 0.1, 0.7), audioWindowStats(plain, 0.1, 0.7)]);
    expect(Math.abs(beforeCrunch.rmsDb - beforePlain.rmsDb)).toBeLessThan(0.5);
  });
});
