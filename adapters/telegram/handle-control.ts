import type { Api } from 'grammy';
import type { CallbackQuery, MessageReactionUpdated } from 'grammy/types';
import type { ChatCore } from '../../src/chat/chat-core.ts';
import type { ControlEvent } from '../../src/chat/chat-events.ts';
import { translate } from '../../src/i18n/messages.ts';
import type { Logger } from '../../src/log/logger.ts';
import { decodeControl, decodeRetry, reactionMode, type ReactionMap } from './decode-control.ts';
import { messageKeyOf } from './decode-message.ts';
import { createAdminCheck } from './chat-admin.ts';
import { isMessageGone, isTooOldToDelete } from './telegram-errors.ts';
import { placeOf } from './telegram-port.ts';

export interface ControlHandlerDeps {
  core: ChatCore;
  api: Api;
  logger: Logger;
  now: () => number;
  reactions: ReactionMap;
}

/**
 * Buttons and reactions on Reverie's messages, handed to the chat core. A new card replies to the
 * control's message in the clip's own topic (a reaction update carries no topic; the stored
 * request does). Chat administrators may use a clip's buttons; reactions are the requester's.
 */
export function createControlHandlers(deps: ControlHandlerDeps) {
  const { api, logger, core } = deps;

  const isChatAdmin = createAdminCheck(api, logger);

  const onMessage = (chatId: number, messageId: number): Pick<ControlEvent, 'messageKey' | 'replyCard' | 'deleteMessage'> => ({
    messageKey: messageKeyOf(chatId, messageId),
    async replyCard(text, under) {
      const card = await api.sendMessage(chatId, text, placeOf(under, String(messageId)));
      return { statusMessageId: String(card.message_id), replyToMessageId: String(messageId) };
    },
    async deleteMessage() {
      try {
        await api.deleteMessage(chatId, messageId);
      } catch (error) {
        if (isTooOldToDelete(error)) return 'too-old';
        if (!isMessageGone(error)) throw error;
      }
      return 'deleted';
    },
  });

  /** Every callback query is answered exactly once, whatever happens, or the client keeps spinning. */
  async function handleCallback(query: CallbackQuery): Promise<void> {
    const locale = query.from.language_code ?? 'en';
    const message = query.message;
    const retryId = decodeRetry(query.data);
    const control = retryId ? null : decodeControl(query.data);
    let answered = false;
    const answer = async (text?: string, alert = false) => {
      answered = true;
      await api.answerCallbackQuery(query.id, text ? { text: text.slice(0, 200), show_alert: alert } : {});
    };
    try {
      if (!message || (!retryId && !control)) return await answer();
      const result = await core.controlUsed({
        action: control?.action ?? 'retry',
        via: 'button',
        targetId: retryId ?? control?.clipId ?? null,
        userId: String(query.from.id),
        locale,
        receivedAt: deps.now(),
        canModerate: async () => message.chat.type !== 'private' && (await isChatAdmin(message.chat.id, query.from.id)),
        ...onMessage(message.chat.id, message.message_id),
      });
      await answer(result?.text, result?.alert);
    } finally {
      if (!answered) await api.answerCallbackQuery(query.id, { text: translate(locale, 'error.internal').slice(0, 200), show_alert: true }).catch(() => undefined);
    }
  }

  /** A newly added mapped emoji on a clip, by its requester: a new take (at most one per clip and mode). */
  async function handleReaction(update: MessageReactionUpdated, added: readonly string[]): Promise<void> {
    const mode = reactionMode(added, deps.reactions);
    if (!mode || !update.user) return;
    await core.controlUsed({
      action: mode,
      via: 'reaction',
      targetId: null,
      userId: String(update.user.id),
      locale: update.user.language_code ?? 'en',
      receivedAt: deps.now(),
      canModerate: async () => false,
      ...onMessage(update.chat.id, update.message_id),
    });
  }

  return { handleCallback, handleReaction };
}
