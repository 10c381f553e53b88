import type { Origin } from '../src/domain/creation-request.ts';
import type { MessageKey } from '../src/i18n/messages.ts';
import type { CommunitySettings } from '../src/ports/community-records.ts';
import type { CommandContext } from './command-types.ts';

/**
 * /settings option text → a settings patch. Every option is text (Discord renders them as string
 * options, Telegram and the terminal write `name:value`) so "default" can clear any of them.
 */

export const SETTING_NAMES = ['model', 'allowed', 'daily_seconds', 'daily_usd', 'month_usd', 'concurrency', 'cooldown', 'channels', 'language'] as const;
export type SettingName = (typeof SETTING_NAMES)[number];

/** The settings field each option sets. */
export const FIELD_OF: Record<SettingName, keyof CommunitySettings> = {
  model: 'defaultModel',
  allowed: 'allowedModels',
  daily_seconds: 'userDailySeconds',
  daily_usd: 'userDailyUsd',
  month_usd: 'communityMonthlyUsd',
  concurrency: 'maxActivePerUser',
  cooldown: 'cooldownSeconds',
  channels: 'channels',
  language: 'locale',
};

export const LANGUAGES = ['en', 'zh', 'zh-hant'] as const;

/** A value read, or why it could not be (a message key with its parameters). */
type Parsed<T> = { ok: true; value: T } | { ok: false; reason: MessageKey; params?: Record<string, string> };

const CLEAR_WORDS = new Set(['default', 'reset']);
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const list = (text: string): string[] =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

function number(text: string, least: number, whole: boolean): Parsed<number> {
  const value = Number(text);
  const fits = text !== '' && Number.isFinite(value) && value >= least && (!whole || Number.isInteger(value));
  return fits ? ok(value) : { ok: false, reason: whole ? 'settings.reason.whole' : 'settings.reason.number' };
}

function modelKey(text: string, context: CommandContext): Parsed<string> {
  const row = context.models.find((candidate) => candidate.key.toLowerCase() === text.toLowerCase() || candidate.label.toLowerCase() === text.toLowerCase());
  return row ? ok(row.key) : { ok: false, reason: 'settings.reason.model', params: { value: text } };
}

function models(text: string, context: CommandContext): Parsed<string[]> {
  const keys: string[] = [];
  for (const item of list(text)) {
    const parsed = modelKey(item, context);
    if (!parsed.ok) return parsed;
    keys.push(parsed.value);
  }
  return keys.length > 0 ? ok([...new Set(keys)]) : { ok: false, reason: 'settings.reason.model', params: { value: text } };
}

/** `here` adds where the admin is (the topic in a Telegram forum, else the channel). */
function channels(text: string, current: string[] | null, origin: Origin): Parsed<string[] | null> {
  const lower = text.toLowerCase();
  if (lower === 'everywhere') return ok(null);
  if (lower === 'here') return ok([...new Set([...(current ?? []), origin.threadId ?? origin.conversationId])]);
  const ids = list(text);
  return ids.length > 0 && ids.every((id) => /^-?\d+$/.test(id)) ? ok(ids) : { ok: false, reason: 'settings.reason.channels' };
}

export interface SettingsChange {
  patch: Partial<CommunitySettings>;
  errors: Array<{ name: SettingName; reason: MessageKey; params?: Record<string, string> }>;
}

/** Reads each option given; "default" clears one back to the owner's default. */
export function readSettingsOptions(options: Record<string, unknown>, current: CommunitySettings, origin: Origin, context: CommandContext): SettingsChange {
  const change: SettingsChange = { patch: {}, errors: [] };
  for (const name of SETTING_NAMES) {
    const raw = options[name];
    if (raw === undefined || String(raw).trim() === '') continue;
    const text = String(raw).trim();
    const parsed = CLEAR_WORDS.has(text.toLowerCase()) ? ok(null) : parseOne(name, text, current, origin, context);
    if (parsed.ok) change.patch = { ...change.patch, [FIELD_OF[name]]: parsed.value };
    else change.errors.push({ name, reason: parsed.reason, ...(parsed.params ? { params: parsed.params } : {}) });
  }
  return change;
}

function parseOne(name: SettingName, text: string, current: CommunitySettings, origin: Origin, context: CommandContext): Parsed<unknown> {
  switch (name) {
    case 'model':
      return modelKey(text, context);
    case 'allowed':
      return text.toLowerCase() === 'all' ? ok(null) : models(text, context);
    case 'daily_seconds':
    case 'daily_usd':
    case 'month_usd':
      return number(text, Number.MIN_VALUE, false);
    case 'concurrency':
      return number(text, 1, true);
    case 'cooldown':
      return number(text, 0, true);
    case 'channels':
      return channels(text, current.channels, origin);
    case 'language': {
      const lower = text.toLowerCase();
      if (lower === 'auto') return ok(null);
      return (LANGUAGES as readonly string[]).includes(lower) ? ok(lower) : { ok: false, reason: 'settings.reason.language' };
    }
  }
}
