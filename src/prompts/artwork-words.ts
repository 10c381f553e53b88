import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PROMPTS_DIR } from './prompts-dir.ts';
import { parseKeyValueText } from './key-value-text.ts';

/** The languages the word list covers; other plan languages are matched against all of them. */
export const ARTWORK_LANGUAGES = ['en', 'zh', 'zh-Hant', 'es'] as const;
export type ArtworkLanguage = (typeof ARTWORK_LANGUAGES)[number];

const ArtworkEntry = z.object({
  id: z.string().regex(/^[a-z-]+$/),
  kind: z.enum(['subject', 'setting']),
  /** The emoji as typed in the file; its code points name the picture. */
  emoji: z.string().min(1),
  /** Per language, the title name first (Spanish with its article), then other words that match. */
  words: z.record(z.enum(ARTWORK_LANGUAGES), z.array(z.string().min(1)).min(1)),
});
export type ArtworkEntry = z.infer<typeof ArtworkEntry>;

export interface ArtworkMatch {
  entry: ArtworkEntry;
  /** Where in the text the first of its words was found: earlier means it is what the sentence is about. */
  position: number;
}

const FILE = join(PROMPTS_DIR, 'offline', 'artwork-words.txt');
let cache: readonly ArtworkEntry[] | null = null;

/** prompts/offline/artwork-words.txt, read once. */
export function loadArtworkWords(): readonly ArtworkEntry[] {
  if (cache) return cache;
  const { version, ...lines } = parseKeyValueText(readFileSync(FILE, 'utf8'), FILE);
  if (version !== '1') throw new Error(`${FILE}: unknown version ${version ?? '(none)'}`);
  cache = Object.entries(lines).map(([id, value]) => {
    const [kind, emoji, ...languages] = value.split('|').map((part) => part.trim());
    const words = Object.fromEntries(
      languages.map((part) => {
        const colon = part.indexOf(':');
        return [part.slice(0, colon).trim(), part.slice(colon + 1).split(',').map((word) => word.trim()).filter((word) => word !== '')];
      }),
    );
    return ArtworkEntry.parse({ id, kind, emoji, words });
  });
  return cache;
}

/** Spanish names carry their article ("el caracol"); the text may say "un caracol", so match the noun. */
const ARTICLE = /^(el|la|los|las)\s+/i;
const escape = (word: string): string => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const HAN = /\p{Script=Han}/u;

/** Index of `word` in `text`: a whole word for spaced scripts, a substring for Chinese; -1 if absent. */
function findWord(text: string, word: string): number {
  const bare = word.replace(ARTICLE, '');
  if (HAN.test(bare)) return text.indexOf(bare);
  return new RegExp(`(?<![\\p{L}\\p{N}])${escape(bare)}(?![\\p{L}\\p{N}])`, 'iu').exec(text)?.index ?? -1;
}

/** Every entry whose words appear in `text`, in the order they appear. */
export function findArtwork(text: string): ArtworkMatch[] {
  const matches: ArtworkMatch[] = [];
  for (const entry of loadArtworkWords()) {
    const positions = Object.values(entry.words)
      .flat()
      .map((word) => findWord(text, word))
      .filter((index) => index >= 0);
    if (positions.length > 0) matches.push({ entry, position: Math.min(...positions) });
  }
  return matches.sort((a, b) => a.position - b.position);
}

/** What a sentence shows: the first subject and the first setting named, either possibly absent. */
export function findSubjectAndSetting(text: string): { subject: ArtworkEntry | null; setting: ArtworkEntry | null } {
  const matches = findArtwork(text);
  return {
    subject: matches.find((match) => match.entry.kind === 'subject')?.entry ?? null,
    setting: matches.find((match) => match.entry.kind === 'setting')?.entry ?? null,
  };
}
