import { en, type MessageKey } from './en.ts';
import { zh } from './zh.ts';
import { zhHant } from './zh-hant.ts';

export type { MessageKey };
export type MessageParams = Record<string, string | number>;

type MessageTable = 'en' | 'zh' | 'zh-Hant';

const TABLES: Record<MessageTable, Record<MessageKey, string>> = { en, zh, 'zh-Hant': zhHant };

/**
 * Chinese or not, for things that exist in two languages only (command descriptions, style
 * labels): 'zh-CN', 'zh-TW', 'zh-Hant' → zh; anything else → en. Messages use messageTableOf.
 */
export function resolveLanguage(locale: string): 'en' | 'zh' {
  return locale.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Locales written in Traditional script: Taiwan, Hong Kong, Macau, or an explicit Hant (Telegram's zh-hant). */
const TRADITIONAL_LOCALE = /^zh[-_](tw|hk|mo|hant)(?![a-z])/i;

/** The message table for a locale: Traditional Chinese where the locale says so, else by language. */
export function messageTableOf(locale: string): MessageTable {
  return TRADITIONAL_LOCALE.test(locale) ? 'zh-Hant' : resolveLanguage(locale);
}

/** The message in the user's language with `{name}` placeholders filled. */
export function translate(locale: string, key: MessageKey, params: MessageParams = {}): string {
  const template = TABLES[messageTableOf(locale)][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Keys come back from job data as plain strings; unknown ones fall back to a generic message. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

export function translateStored(locale: string, key: string, params: MessageParams = {}): string {
  return translate(locale, isMessageKey(key) ? key : 'error.internal', params);
}
