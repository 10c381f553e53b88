import type { SoundDesign } from '../../domain/creative-plan.ts';
import { AUDIO_FORMAT } from '../../media/encode-args.ts';
import { findSounds, type HeardSound } from '../../prompts/sound-words.ts';
import { SOUND_RECIPES, type SoundRecipe } from './shot-sound-recipes.ts';
import type { ShotRandom } from './shot-variation.ts';

/**
 * The plan's sound design made audible in the offline short: the sounds its effects and ambience
 * name (in any supported language, prompts/offline/sound-words.txt) are synthesized and mixed over
 * the mood's ambience. The shot's audio is the bed that assembly ducks under the voice, so the
 * effects duck with it and pass through the same loudness chain. Words it doesn't know are ignored.
 */

/** A few sounds make a shot feel touched; more turn 5 seconds into noise (and cost ffmpeg time). */
const MAX_ONE_OFFS = 4;
const MAX_BEDS = 2;
/** A cut sound lands just after the cut, so the shot's first frame and the hit arrive together. */
const CUT_SECONDS = 0.05;
const fixed = (value: number): string => value.toFixed(3);

export interface PlacedSound extends HeardSound {
  /** When it starts in the shot, seconds (0 for a bed). */
  atSeconds: number;
}

/**
 * Which sounds play when: on-the-cut sounds at the start, accents spread evenly across the shot in
 * the order the plan names them (effects before ambience), each nudged a little by the take's
 * randomness, and beds under everything. The effects are foreground, so they go first.
 */
export function placeSounds(sound: SoundDesign, seconds: number, random: ShotRandom): PlacedSound[] {
  const heard = findSounds([...sound.effects, sound.ambience].join('\n'));
  const beds = heard.filter((item) => item.placement === 'bed').slice(0, MAX_BEDS);
  const oneOffs = heard.filter((item) => item.placement !== 'bed').slice(0, MAX_ONE_OFFS);
  const accents = oneOffs.filter((item) => item.placement === 'accent');
  const slot = seconds / (accents.length + 1);
  const latest = Math.max(CUT_SECONDS, seconds - 0.2);
  return [
    ...beds.map((item) => ({ ...item, atSeconds: 0 })),
    ...oneOffs.filter((item) => item.placement === 'cut').map((item) => ({ ...item, atSeconds: CUT_SECONDS })),
    ...accents.map((item, index) => ({
      ...item,
      atSeconds: Math.min(latest, Math.max(CUT_SECONDS, slot * (index + 1) + random.between(-0.15, 0.15) * slot)),
    })),
  ];
}

function soundChain(recipe: SoundRecipe, placed: PlacedSound, shotSeconds: number, seed: number): string {
  const volume = `volume=${recipe.gainDb}dB`;
  if (placed.placement === 'bed') {
    const fade = Math.min(0.5, shotSeconds / 4);
    return `${recipe.source(shotSeconds, seed)},${volume},afade=t=in:d=${fixed(fade)},afade=t=out:st=${fixed(shotSeconds - fade)}:d=${fixed(fade)}`;
  }
  return `${recipe.source(recipe.seconds, seed)},${volume},adelay=${Math.round(placed.atSeconds * 1000)}:all=1`;
}

export interface EffectsGraphSpec {
  sound: SoundDesign;
  seconds: number;
  random: ShotRandom;
  /** The ambience's label, without brackets; the mix keeps its length. */
  from: string;
  to: string;
}

/** Graph lines mixing the named sounds over `[from]` into `[to]`, limited under −1 dBFS; null when none is named. */
export function effectsGraph({ sound, seconds, random, from, to }: EffectsGraphSpec): string | null {
  const placed = placeSounds(sound, seconds, random);
  if (placed.length === 0) return null;
  const parts = placed.map((item, index) => `${soundChain(SOUND_RECIPES[item.name], item, seconds, random.seed())},${AUDIO_FORMAT}[sfx${index}]`);
  parts.push(`[${from}]${placed.map((_, index) => `[sfx${index}]`).join('')}amix=inputs=${placed.length + 1}:normalize=0:duration=first,` + `alimiter=limit=0.89:level=0,${AUDIO_FORMAT}[${to}]`);
  return parts.join(';\n');
}
