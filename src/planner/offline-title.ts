import type { Mood } from '../domain/creative-plan.ts';
import { findSubjectAndSetting, type ArtworkEntry } from '../prompts/artwork-words.ts';
import type { TemplateLanguage } from './offline-templates.ts';

type Phrase = (key: string, params?: Record<string, string>) => string;

/** English words a title keeps lower case unless they open it. */
const SMALL_WORDS = new Set(['a', 'an', 'the', 'and', 'of', 'at', 'in', 'on', 'to', 'from', 'by', 'for', 'or']);

function titleCase(text: string): string {
  return text
    .split(' ')
    .map((word, index) => (index > 0 && SMALL_WORDS.has(word.toLowerCase()) ? word.toLowerCase() : word.charAt(0).toUpperCase() + word.slice(1)))
    .join(' ');
}

/** The forms a title template can ask for: {subject} {the_subject} {a_subject} {of_subject} (and _setting). */
function nameForms(entry: ArtworkEntry, language: TemplateLanguage, role: 'subject' | 'setting'): Record<string, string> {
  const name = (language === 'zh-Hant' ? entry.words['zh-Hant'] : language === 'zh' ? entry.words.zh : language === 'es' ? entry.words.es : entry.words.en)?.[0] ?? entry.id;
  // A capitalised name without an article is a proper name ("Grandma", "Christmas", "Papá Noel"): no article, ever.
  const proper = /^\p{Lu}/u.test(name) && !/^(el|la|los|las) /i.test(name);
  if (proper && language !== 'zh' && language !== 'zh-Hant') {
    return { [role]: name, [`the_${role}`]: name, [`a_${role}`]: name, [`of_${role}`]: `${language === 'es' ? 'de' : 'of'} ${name}` };
  }
  if (language === 'es') {
    // The Spanish name carries its article: "el caracol" → "un caracol", "del caracol".
    const [article = 'el', ...rest] = name.split(' ');
    const noun = rest.join(' ') || name;
    const feminine = article === 'la' || article === 'las';
    const plural = article === 'los' || article === 'las';
    return {
      [role]: noun,
      [`the_${role}`]: name,
      [`a_${role}`]: `${plural ? (feminine ? 'unas' : 'unos') : feminine ? 'una' : 'un'} ${noun}`,
      [`of_${role}`]: article === 'el' ? `del ${noun}` : `de ${name}`,
    };
  }
  if (language === 'en') {
    const article = /^[aeiou]/i.test(name) ? 'an' : 'a';
    return { [role]: name, [`the_${role}`]: `the ${name}`, [`a_${role}`]: `${article} ${name}`, [`of_${role}`]: `of the ${name}` };
  }
  return { [role]: name, [`the_${role}`]: name, [`a_${role}`]: name, [`of_${role}`]: name };
}

/**
 * A title a person would write, in the plan's language, from templates keyed by what the sentence
 * shows and the mood ("A Snail's Long Journey", "蜗牛的远行", "El largo viaje del caracol").
 * Never the sentence with words cut out: that reads as a caption, not a title.
 */
export function offlineTitle(text: string, mood: Mood, variation: number, language: TemplateLanguage, phrase: Phrase): string {
  const { subject, setting } = findSubjectAndSetting(text);
  const params = {
    ...(subject ? nameForms(subject, language, 'subject') : {}),
    ...(setting ? nameForms(setting, language, 'setting') : {}),
  };
  const key = subject ? `title.subject.${mood}` : setting ? 'title.setting' : `title.mood.${mood}`;
  // A template line holds alternatives split by "|"; with a setting the pair is one more. The
  // subject picks one (so one default style doesn't title every short alike), 🎲 variation moves on.
  const choices = phrase(key, params)
    .split('|')
    .map((choice) => choice.trim());
  if (subject && setting) choices.push(phrase('title.pair', params));
  const seed = [...((subject ?? setting)?.id ?? '')].reduce((sum, char) => sum + (char.codePointAt(0) ?? 0), 0);
  const title = choices[(seed + variation) % choices.length] ?? '';
  if (language === 'en') return titleCase(title);
  return title.charAt(0).toUpperCase() + title.slice(1);
}
