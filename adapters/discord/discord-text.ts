import { translate } from '../../src/i18n/messages.ts';

/** Discord's limits on what we send, in characters. */
export const MAX_MESSAGE_CHARS = 2000;
export const MAX_THREAD_NAME_CHARS = 100;

/** Cuts text to `max` characters (code points, so an emoji is never split), with an ellipsis. */
export function truncateText(text: string, max: number): string {
  const characters = [...text];
  return characters.length <= max ? text : `${characters.slice(0, max - 1).join('')}…`;
}

/**
 * Mention markup (`<@id>`, `<@&role>`, `<#channel>`) and `@everyone`/`@here` made inert, so a
 * name built from user text can never ping anyone even where allowed_mentions does not apply.
 */
export function defuseMentions(text: string): string {
  return text.replace(/<(@[!&]?|#)(\d+)>/g, '').replace(/@(everyone|here)/g, '@\u200b$1');
}

/** A thread name from the request: one line of it, defused, 1-100 characters. */
export function threadNameFrom(text: string, locale: string): string {
  const line = defuseMentions(text).replace(/\s+/g, ' ').trim();
  return truncateText(line === '' ? translate(locale, 'discord.thread-name') : line, MAX_THREAD_NAME_CHARS);
}

/** Han script anywhere in the text: the user most likely wants replies in Chinese. */
const HAN = /\p{Script=Han}/u;

/**
 * Messages carry no user locale (interactions do): Chinese text gets Chinese replies, anything
 * else the server's preferred locale, else English.
 */
export function guessLocale(text: string, guildLocale: string | null): string {
  if (HAN.test(text)) return 'zh-CN';
  return guildLocale ?? 'en-US';
}
