import type { Shot } from '../domain/creative-plan.ts';
import { findSounds } from '../prompts/sound-words.ts';

/** One-off sounds the sentence may add to its peak shot, on top of the style's own effect. */
const MAX_SENTENCE_EFFECTS = 3;

/**
 * The sounds the sentence itself names join the style's sound design: "rain on a window" puts rain
 * under every shot, "a knife slicing a kiwi" a crunch in the shot where the action peaks. They are
 * written by their sound names ("crunch"), which the offline renderer reads in any plan language.
 */
export function addSentenceSounds(shots: readonly Shot[], sentence: string, peakIndex: number): Shot[] {
  const heard = findSounds(sentence);
  const beds = heard.filter((sound) => sound.placement === 'bed').map((sound) => sound.name);
  const oneOffs = heard.filter((sound) => sound.placement !== 'bed').map((sound) => sound.name);
  return shots.map((shot, index) => ({
    ...shot,
    sound: {
      ...shot.sound,
      ambience: [shot.sound.ambience, ...beds].filter((part) => part !== '').join(', '),
      effects: index === peakIndex ? [...oneOffs.slice(0, MAX_SENTENCE_EFFECTS), ...shot.sound.effects] : shot.sound.effects,
    },
  }));
}
