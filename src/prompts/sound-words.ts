import { join } from 'node:path';
import { z } from 'zod';
import { PROMPTS_DIR } from './prompts-dir.ts';
import { createWordFinder, LanguageWords, parseLanguageParts, readWordTable, type WordMatch } from './word-match.ts';

/**
 * The sounds the offline renderer can synthesize: a closed set, because each needs a recipe in
 * code, while the words that name them live in prompts/offline/sound-words.txt.
 */
export const SOUND_NAMES = [
  'crunch',
  'whoosh',
  'impact',
  'bell',
  'chime',
  'glass',
  'heartbeat',
  'applause',
  'footsteps',
  'typing',
  'thunder',
  'shutter',
  'paper',
  'boing',
  'scratch',
  'knock',
  'splash',
  'fireworks',
  'clock',
  'breath',
  'rain',
  'wind',
  'waves',
  'stream',
  'crackle',
  'birds',
  'crowd',
  'insects',
] as const;
export const SoundName = z.enum(SOUND_NAMES);
export type SoundName = z.infer<typeof SoundName>;

/** Where a sound goes in a shot: on the cut into it, spread across it in the order named, or under all of it. */
export const SoundPlacement = z.enum(['cut', 'accent', 'bed']);
export type SoundPlacement = z.infer<typeof SoundPlacement>;

export interface HeardSound {
  name: SoundName;
  placement: SoundPlacement;
}

const SoundWords = z.object({ name: SoundName, placement: SoundPlacement, words: LanguageWords });
type SoundWords = z.infer<typeof SoundWords>;

const FILE = join(PROMPTS_DIR, 'offline', 'sound-words.txt');
let finder: ((text: string) => WordMatch<SoundWords>[]) | null = null;

function load(): (text: string) => WordMatch<SoundWords>[] {
  if (finder) return finder;
  const entries = readWordTable(FILE).map(([name, [placement, ...languages]]) => SoundWords.parse({ name, placement, words: parseLanguageParts(languages) }));
  const unnamed = SOUND_NAMES.filter((name) => !entries.some((entry) => entry.name === name));
  if (unnamed.length > 0) throw new Error(`${FILE}: no words for ${unnamed.join(', ')}`);
  finder = createWordFinder(entries, (entry) => entry.words);
  return finder;
}

/** The sounds named in `text` (a plan's effects or ambience, a sentence; any supported language), in order, each once. */
export function findSounds(text: string): HeardSound[] {
  return load()(text).map(({ item }) => ({ name: item.name, placement: item.placement }));
}
