import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PROMPTS_DIR } from './prompts-dir.ts';
import { parseKeyValueText } from './key-value-text.ts';
import { createWordFinder, LanguageWords, parseLanguageParts, type WordMatch } from './word-match.ts';

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

const SoundWords = z.object({ name: SoundName, words: LanguageWords });
type SoundWords = z.infer<typeof SoundWords>;

const FILE = join(PROMPTS_DIR, 'offline', 'sound-words.txt');
let finder: ((text: string) => WordMatch<SoundWords>[]) | null = null;

function load(): (text: string) => WordMatch<SoundWords>[] {
  if (finder) return finder;
  const { version, ...lines } = parseKeyValueText(readFileSync(FILE, 'utf8'), FILE);
  if (version !== '1') throw new Error(`${FILE}: unknown version ${version ?? '(none)'}`);
  const entries = Object.entries(lines).map(([name, value]) => SoundWords.parse({ name, words: parseLanguageParts(value.split('|')) }));
  const unnamed = SOUND_NAMES.filter((name) => !entries.some((entry) => entry.name === name));
  if (unnamed.length > 0) throw new Error(`${FILE}: no words for ${unnamed.join(', ')}`);
  finder = createWordFinder(entries, (entry) => entry.words);
  return finder;
}

/** The sounds named in `text` (a plan's effects or ambience, any supported language), in order, each once. */
export function findSounds(text: string): SoundName[] {
  return load()(text).map((match) => match.item.name);
}
