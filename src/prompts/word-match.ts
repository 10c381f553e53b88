import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseKeyValueText } from './key-value-text.ts';

/**
 * Finding the words of Reverie's offline vocabularies (artwork, sounds) in free text in any of
 * the languages they list. Latin-script words match as whole words with their regular plurals;
 * Chinese, which has no spaces, matches as substrings. Where matches overlap the longest wins, so
 * 熊猫 is a panda and not a bear and a cat, and "wind chimes" are chimes, not wind.
 */

/** The languages the word lists cover; text in other languages is matched against all of them. */
export const WORD_LANGUAGES = ['en', 'zh', 'zh-Hant', 'es'] as const;
export type WordLanguage = (typeof WORD_LANGUAGES)[number];

export const LanguageWords = z.record(z.enum(WORD_LANGUAGES), z.array(z.string().min(1)).min(1));
export type LanguageWords = z.infer<typeof LanguageWords>;

/**
 * A word list file (`version: 1`, then `name: field | … | en: words | zh: words`), each line as its
 * name and its "|"-separated parts, trimmed; the caller reads its own leading fields.
 */
export function readWordTable(file: string): [name: string, parts: string[]][] {
  const { version, ...lines } = parseKeyValueText(readFileSync(file, 'utf8'), file);
  if (version !== '1') throw new Error(`${file}: unknown version ${version ?? '(none)'}`);
  return Object.entries(lines).map(([name, value]) => [name, value.split('|').map((part) => part.trim())]);
}

/** `en: snail, snails | zh: 蜗牛` parts (already split on "|") → words per language, unvalidated. */
export function parseLanguageParts(parts: readonly string[]): Record<string, string[]> {
  return Object.fromEntries(
    parts.map((part) => {
      const colon = part.indexOf(':');
      const words = part
        .slice(colon + 1)
        .split(',')
        .map((word) => word.trim())
        .filter((word) => word !== '');
      return [part.slice(0, colon).trim(), words];
    }),
  );
}

/** Spanish names carry their article ("el caracol"); the text may say "un caracol", so match the noun. */
const ARTICLE = /^(el|la|los|las)\s+/i;
const HAN = /\p{Script=Han}/u;
const escape = (word: string): string => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ACCENTED: Record<string, string> = { á: 'a', é: 'e', í: 'i', ó: 'o', ú: 'u' };

/** The regular plurals of a word's last part, so the lists hold only the irregular ones (leaf → leaves). */
function pluralsOf(word: string, language: WordLanguage): string[] {
  const lower = word.toLowerCase();
  if (language === 'en') {
    if (/[^aeiou]y$/.test(lower)) return [`${word.slice(0, -1)}ies`];
    return /(s|x|z|ch|sh|o)$/.test(lower) ? [`${word}s`, `${word}es`] : [`${word}s`];
  }
  if (language === 'es') {
    if (/[aeiouáéó]$/.test(lower)) return [`${word}s`];
    if (lower.endsWith('z')) return [`${word.slice(0, -1)}ces`];
    // "dragón" → "dragones", "autobús" → "autobuses": the written accent goes with the new syllable.
    const unaccented = word.replace(/([áéíóú])([ns])$/i, (_, vowel: string, last: string) => `${ACCENTED[vowel.toLowerCase()] ?? vowel}${last}`);
    return [`${unaccented}es`];
  }
  return [];
}

/** The forms of a word the text may hold: Chinese as written, others bare of an article and with their plurals. */
function formsOf(word: string, language: WordLanguage): string[] {
  const bare = word.replace(ARTICLE, '');
  return HAN.test(bare) ? [bare] : [bare, ...pluralsOf(bare, language)];
}

const alternation = (forms: readonly string[]): string => [...forms].sort((a, b) => b.length - a.length).map(escape).join('|');

export interface WordMatch<T> {
  item: T;
  /** Where in the text the first of its words was found: earlier means it is what the text is about. */
  position: number;
}

/**
 * A finder over `items`, patterns compiled once: `find(text)` returns the items whose words
 * appear, in the order they first appear (ties keep the list's order).
 */
export function createWordFinder<T>(items: readonly T[], wordsOf: (item: T) => LanguageWords): (text: string) => WordMatch<T>[] {
  // One pattern for the whole list, compiled once: a lookahead at every position captures the
  // longest form starting there (Latin forms only at word starts and ends), so one scan finds
  // overlapping candidates too. ~1,500 separate patterns took a second to compile and 15 ms a plan.
  const owner = new Map<string, number>();
  items.forEach((item, index) => {
    for (const [language, words] of Object.entries(wordsOf(item))) {
      for (const form of words.flatMap((word) => formsOf(word, language as WordLanguage))) {
        if (!owner.has(form.toLowerCase())) owner.set(form.toLowerCase(), index);
      }
    }
  });
  const forms = [...owner.keys()];
  const latin = forms.filter((form) => !HAN.test(form));
  const han = forms.filter((form) => HAN.test(form));
  const branches = [
    ...(latin.length > 0 ? [`(?<![\\p{L}\\p{N}])(?=(${alternation(latin)})(?![\\p{L}\\p{N}]))`] : []),
    ...(han.length > 0 ? [`(?=(${alternation(han)}))`] : []),
  ];
  const pattern = branches.length > 0 ? new RegExp(branches.join('|'), 'giu') : null;

  return (text) => {
    const hits: { index: number; start: number; end: number }[] = [];
    for (const found of pattern ? text.matchAll(pattern) : []) {
      const form = found[1] ?? found[2] ?? '';
      const index = owner.get(form.toLowerCase());
      if (index !== undefined) hits.push({ index, start: found.index, end: found.index + form.length });
    }
    // Longest first claims its characters; a shorter word inside a claimed one is part of it.
    hits.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    const claimed = new Uint8Array(text.length);
    const positions = new Map<number, number>();
    for (const hit of hits) {
      if (claimed.subarray(hit.start, hit.end).some((flag) => flag === 1)) continue;
      claimed.fill(1, hit.start, hit.end);
      positions.set(hit.index, Math.min(positions.get(hit.index) ?? Infinity, hit.start));
    }
    return [...positions]
      .sort(([indexA, positionA], [indexB, positionB]) => positionA - positionB || indexA - indexB)
      .map(([index, position]) => ({ item: items[index] as T, position }));
  };
}
