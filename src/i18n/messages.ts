import { en, type MessageKey } from './en.ts';
import { zh } from './zh.ts';

export type { MessageKey };
export type MessageParams = Record<string, string | number>;

const TABLES: Record<'en' | 'zh', Record<MessageKey, string>> = { en, zh };

/** 'zh-CN', 'zh-TW', 'zh-Hant' → zh; anything else we have no table for → en. */
export function resolveLanguage(locale: string): 'en' | 'zh' {
  return locale.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** The message in the user's language with `{name}` placeholders filled. */
export function translate(locale: string, key: MessageKey, params: MessageParams = {}): string {
  const template = TABLES[resolveLanguage(locale)][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Keys come back from job data as plain strings; unknown ones fall back to a generic message. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

export function translateStored(locale: string, key: string, params: MessageParams = {}): string {
  return translate(locale, isMessageKey(key) ? key : 'error.internal', params);
}
