/**
 * The plan's language tag in the forms speech engines take. Plans say 'en', 'zh-Hans', 'zh-Hant',
 * 'ja', …; Gemini wants ISO 639-1 ('zh'), espeak-ng names Mandarin 'cmn'.
 */
export function primaryLanguage(tag: string): string {
  return (tag.split(/[-_]/)[0] ?? tag).toLowerCase();
}

/** espeak-ng voice names differ from ISO codes only for Chinese (Mandarin is the written standard). */
export function espeakVoiceOf(tag: string): string {
  const primary = primaryLanguage(tag);
  return primary === 'zh' ? 'cmn' : primary;
}
