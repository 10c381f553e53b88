import { messageTableOf } from './messages.ts';

/**
 * The request as replies should treat it once its plan knows the user's language. Someone who
 * writes Traditional Chinese is answered in Traditional even when the client says zh-CN, zh or
 * en-US; otherwise the locale stands (a zh-TW user writing Simplified still reads Traditional).
 */
export function withReplyLocale<T extends { requester: { locale: string } }>(request: T, planLanguage: string): T {
  if (planLanguage !== 'zh-Hant' || messageTableOf(request.requester.locale) === 'zh-Hant') return request;
  return { ...request, requester: { ...request.requester, locale: 'zh-Hant' } };
}
