import { join } from 'node:path';
import { z } from 'zod';
import { PROMPTS_DIR } from './prompts-dir.ts';
import { createWordFinder, LanguageWords, parseLanguageParts, readWordTable, type WordMatch } from './word-match.ts';

const ArtworkEntry = z.object({
  id: z.string().regex(/^[a-z-]+$/),
  kind: z.enum(['subject', 'setting']),
  /** The emoji as typed in the file; its code points name the picture. */
  emoji: z.string().min(1),
  /** Per language, the title name first (Spanish with its article), then other words that match. */
  words: LanguageWords,
});
export type ArtworkEntry = z.infer<typeof ArtworkEntry>;
export type ArtworkMatch = WordMatch<ArtworkEntry>;

const FILE = join(PROMPTS_DIR, 'offline', 'artwork-words.txt');
let cache: { entries: readonly ArtworkEntry[]; find: (text: string) => ArtworkMatch[] } | null = null;

function load(): NonNullable<typeof cache> {
  if (cache) return cache;
  const entries = readWordTable(FILE).map(([id, [kind, emoji, ...languages]]) => ArtworkEntry.parse({ id, kind, emoji, words: parseLanguageParts(languages) }));
  cache = { entries, find: createWordFinder(entries, (entry) => entry.words) };
  return cache;
}

/** prompts/offline/artwork-words.txt, read once. */
export function loadArtworkWords(): readonly ArtworkEntry[] {
  return load().entries;
}

/** Every entry whose words appear in `text`, in the order they appear. */
export function findArtwork(text: string): ArtworkMatch[] {
  return load().find(text);
}

/** What a sentence shows: the first subject and the first setting named, either possibly absent. */
export function findSubjectAndSetting(text: string): { subject: ArtworkEntry | null; setting: ArtworkEntry | null } {
  const matches = findArtwork(text);
  return {
    subject: matches.find((match) => match.item.kind === 'subject')?.item ?? null,
    setting: matches.find((match) => match.item.kind === 'setting')?.item ?? null,
  };
}
