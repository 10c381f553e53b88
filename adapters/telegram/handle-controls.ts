import type { Api } from 'grammy';
import type { CallbackQuery, MessageReactionUpdated } from 'grammy/types';
import type { Reverie } from '../../src/app/create-reverie.ts';
import type { StatusTracker } from '../../src/delivery/status-tracker.ts';
import type { ClipRecord } from '../../src/domain/clip.ts';
import type { CreationRequest } from '../../src/domain/creation-request.ts';
import { translate, type MessageKey, type MessageParams } from '../../src/i18n/messages.ts';
import type { Logger } from '../../src/log/logger.ts';
import { regenerateClip, type RegenerateMode } from '../../src/pipeline/regenerate-clip.ts';
import { findRetryableFailure, retryFailedRequest } from '../../src/pipeline/retry-request.ts';
import { decodeControl, decodeRetry, reactionMode, type ReactionMap } from './decode-control.ts';
import { messageKeyOf } from './decode-message.ts';
import { describeError, isMessageGone, isTooOldToDelete } from './telegram-errors.ts';
import { clampText, MAX_MESSAGE_CHARS, placeOf } from './telegram-port.ts';

export interface ControlHandlerDeps {
  reverie: Reverie;
  api: Api;
  tracker: StatusTracker;
  logger: Logger;
  reactions: ReactionMap;
}

const MAX_REMEMBERED_TAKES = 10_000;

type TakeOutcome = { kind: 'started' } | { kind: 'duplicate' } | { kind: 'unknown' } | { kind: 'rejected'; key: MessageKey; params: MessageParams };

/**
 * Buttons and reactions on a posted clip. Only the requester (or, for buttons, a chat admin) may
 * use them; a new take gets its own status message, replying to the clip in the clip's own topic
 * (a reaction update carries no topic, the stored request does).
 */
export function createControlHandlers(deps: ControlHandlerDeps) {
  const { api, logger, reverie } = deps;
  const { context, queues } = reverie;

  // Takes started from this process: a second click or a re-added reaction is answered without
  // posting a status message first. The core's own dedupe still covers other processes.
  const started = new Set<string>();
  const remember = (key: string) => {
    started.add(key);
    if (started.size > MAX_REMEMBERED_TAKES) started.delete(started.values().next().value ?? key);
  };

  const startNewTake = async (clip: ClipRecord, mode: RegenerateMode, clipMessageId: number): Promise<TakeOutcome> => {
    const { where, requester } = clip.request;
    const takeKey = `${clip.id}/${mode}`;
    if (started.has(takeKey)) return { kind: 'duplicate' };
    const status = await api.sendMessage(where.conversationId, translate(requester.locale, 'status.received'), placeOf(where, String(clipMessageId)));
    const overrides = { statusMessageId: String(status.message_id), replyToMessageId: String(clipMessageId) };
    const receivedAt = context.now();
    const outcome = await regenerateClip(context, queues, clip.id, mode, { where: overrides, receivedAt });
    if (outcome.status === 'accepted' || outcome.status === 'duplicate') remember(takeKey);
    if (outcome.status === 'accepted') {
      // The request regenerateClip submitted, rebuilt for the tracker (it needs id, locale and where).
      const request: CreationRequest = { ...clip.request, id: outcome.requestId, where: { ...where, ...overrides }, receivedAt };
      deps.tracker.track(request, outcome.queuePosition);
      logger.info({ requestId: outcome.requestId, clipId: clip.id, mode }, 'telegram-new-take');
      return { kind: 'started' };
    }
    if (outcome.status === 'rejected') {
      const text = clampText(translate(requester.locale, outcome.error.messageKey, outcome.error.params), MAX_MESSAGE_CHARS);
      await api.editMessageText(where.conversationId, status.message_id, text).catch(() => undefined);
      return { kind: 'rejected', key: outcome.error.messageKey, params: outcome.error.params };
    }
    // Already on its way (a double click, a reaction plus a click): the first take has its status.
    await api.deleteMessage(where.conversationId, status.message_id).catch(() => undefined);
    return { kind: outcome.status === 'duplicate' ? 'duplicate' : 'unknown' };
  };

  const isChatAdmin = async (chatId: number, userId: number): Promise<boolean> => {
    try {
      const member = await api.getChatMember(chatId, userId);
      return member.status === 'creator' || member.status === 'administrator';
    } catch (error) {
      logger.warn(describeError(error), 'telegram-member-lookup-failed');
      return false;
    }
  };

  /**
   * "Try again" on a failure message: only the requester may start the new attempt (it may cost
   * money); it gets its own status message under the failure, in the same topic.
   */
  const retryFailure = async (requestId: string, query: CallbackQuery): Promise<MessageKey> => {
    const failure = await findRetryableFailure(queues, requestId, { platform: 'telegram', conversationId: '' });
    if (!failure || !query.message) return 'control.unknown-clip';
    const { where, requester } = failure.request;
    if (requester.userId !== String(query.from.id)) return 'control.not-yours';
    const status = await api.sendMessage(where.conversationId, translate(requester.locale, 'control.retrying'), placeOf(where, String(query.message.message_id)));
    const outcome = await retryFailedRequest(context, queues, failure, {
      where: { statusMessageId: String(status.message_id), replyToMessageId: String(query.message.message_id) },
      receivedAt: context.now(),
    });
    logger.info({ requestId, status: outcome.status }, 'telegram-retry');
    if (outcome.status === 'accepted') return 'control.retrying';
    if (outcome.status === 'rejected') {
      await api.editMessageText(where.conversationId, status.message_id, clampText(translate(requester.locale, outcome.error.messageKey, outcome.error.params), MAX_MESSAGE_CHARS));
      return outcome.error.messageKey;
    }
    await api.deleteMessage(where.conversationId, status.message_id).catch(() => undefined);
    return 'control.duplicate';
  };

  /** Every callback query is answered exactly once, whatever happens, or the client keeps spinning. */
  async function handleCallback(query: CallbackQuery): Promise<void> {
    let answered = false;
    const answer = async (text?: string, showAlert = false) => {
      answered = true;
      await api.answerCallbackQuery(query.id, text ? { text: text.slice(0, 200), show_alert: showAlert } : {});
    };
    const locale = query.from.language_code ?? 'en';
    try {
      const retryId = decodeRetry(query.data);
      if (retryId) {
        const key = await retryFailure(retryId, query);
        return await answer(translate(locale, key), key !== 'control.retrying' && key !== 'control.duplicate');
      }
      const control = decodeControl(query.data);
      const message = query.message;
      if (!control || !message) return await answer();
      const clip = control.clipId
        ? await context.clips.get(control.clipId)
        : await context.clips.findByMessage('telegram', messageKeyOf(message.chat.id, message.message_id));
      if (!clip) return await answer(translate(locale, 'control.unknown-clip'), true);
      const isRequester = String(query.from.id) === clip.request.requester.userId;
      if (!isRequester && !(message.chat.type !== 'private' && (await isChatAdmin(message.chat.id, query.from.id)))) {
        return await answer(translate(locale, 'control.not-yours'), true);
      }
      if (control.action === 'delete') {
        try {
          await api.deleteMessage(message.chat.id, message.message_id);
        } catch (error) {
          if (isTooOldToDelete(error)) return await answer(translate(locale, 'control.cannot-delete'), true);
          if (!isMessageGone(error)) throw error;
        }
        return await answer(translate(locale, 'control.deleted'));
      }
      const outcome = await startNewTake(clip, control.action, message.message_id);
      if (outcome.kind === 'started') return await answer(translate(locale, 'control.regenerating'));
      if (outcome.kind === 'duplicate') return await answer(translate(locale, 'control.duplicate'));
      if (outcome.kind === 'unknown') return await answer(translate(locale, 'control.unknown-clip'), true);
      return await answer(translate(locale, outcome.key, outcome.params), true);
    } finally {
      if (!answered) await api.answerCallbackQuery(query.id, { text: translate(locale, 'error.internal').slice(0, 200), show_alert: true }).catch(() => undefined);
    }
  }

  /**
   * A reaction on a clip: only the requester's, only a newly added mapped emoji, and at most one
   * new take per clip and mode (the core derives the take's id from both).
   */
  async function handleReaction(update: MessageReactionUpdated, added: readonly string[]): Promise<void> {
    const mode = reactionMode(added, deps.reactions);
    if (!mode || !update.user) return;
    const clip = await context.clips.findByMessage('telegram', messageKeyOf(update.chat.id, update.message_id));
    if (!clip || clip.request.requester.userId !== String(update.user.id)) return;
    await startNewTake(clip, mode, update.message_id);
  }

  return { handleCallback, handleReaction };
}
