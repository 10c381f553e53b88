import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROMPTS_DIR } from '../prompts/prompts-dir.ts';
import { parseKeyValueText } from '../prompts/key-value-text.ts';

export type TemplateLanguage = 'en' | 'zh' | 'zh-Hant' | 'es';

const cache = new Map<TemplateLanguage, Record<string, string>>();

/** The phrase table for a plan language: Traditional for zh-Hant, Simplified for other Chinese, Spanish, else English. */
export function templateLanguageOf(language: string): TemplateLanguage {
  if (language === 'zh-Hant') return 'zh-Hant';
  if (language === 'es' || language.startsWith('es-')) return 'es';
  return language.startsWith('zh') ? 'zh' : 'en';
}

/** The offline planner's phrase table for one language (prompts/offline/<lang>.txt). */
export function loadOfflineTemplates(language: TemplateLanguage): (key: string, params?: Record<string, string>) => string {
  let table = cache.get(language);
  if (!table) {
    const file = join(PROMPTS_DIR, 'offline', `${language}.txt`);
    table = parseKeyValueText(readFileSync(file, 'utf8'), file);
    cache.set(language, table);
  }
  const phrases = table;
  return (key, params = {}) => {
    const template = phrases[key];
    if (template === undefined) throw new Error(`prompts/offline/${language}.txt has no "${key}"`);
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
  };
}
