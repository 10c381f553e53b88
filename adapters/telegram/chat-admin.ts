import type { Api } from 'grammy';
import type { Logger } from '../../src/log/logger.ts';
import { describeError } from './telegram-errors.ts';

/**
 * Whether a user administers a chat (creator or administrator, asked with getChatMember): they
 * may use anyone's clip buttons and run /settings. A failed lookup answers no, never yes.
 */
export function createAdminCheck(api: Api, logger: Logger) {
  return async function isChatAdmin(chatId: number, userId: number): Promise<boolean> {
    try {
      const member = await api.getChatMember(chatId, userId);
      return member.status === 'creator' || member.status === 'administrator';
    } catch (error) {
      logger.warn(describeError(error), 'telegram-member-lookup-failed');
      return false;
    }
  };
}
