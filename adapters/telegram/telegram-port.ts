import { stat } from 'node:fs/promises';
import { GrammyError, InputFile, InputMediaBuilder, type Api } from 'grammy';
import type { InlineKeyboardMarkup, ReplyParameters } from 'grammy/types';
import type { ClipRecord } from '../../src/domain/clip.ts';
import type { Address, CreationRequest } from '../../src/domain/creation-request.ts';
import { STAGES, type Stage } from '../../src/domain/job-progress.ts';
import { translate } from '../../src/i18n/messages.ts';
import type { Logger } from '../../src/log/logger.ts';
import { isUserRetryable, tooLargeError } from '../../src/domain/errors.ts';
import type { ChatPort, ClipPost, FailurePost } from '../../src/ports/chat-port.ts';
import { encodeControl, encodeRetry } from './decode-control.ts';
import { messageKeyOf } from './decode-message.ts';
import { describeError, isForbidden, isMessageGone, isNotModified, isTooLarge } from './telegram-errors.ts';

export const MAX_CAPTION_CHARS = 1024;
export const MAX_MESSAGE_CHARS = 4096;
/** "upload_video" shows for at most 5 s, so it is renewed a little sooner. */
const CHAT_ACTION_INTERVAL_MS = 4_000;
const MAX_TRACKED_STAGES = 10_000;

export interface TelegramPortOptions {
  api: Api;
  logger: Logger;
  chatActionIntervalMs?: number;
}

/** Thread and reply for a send: forum topics must be named on every call, replies are optional. */
export function placeOf(where: Pick<Address, 'threadId'>, replyToMessageId: string | null): { message_thread_id?: number; reply_parameters?: ReplyParameters } {
  return {
    ...(where.threadId ? { message_thread_id: Number(where.threadId) } : {}),
    ...(replyToMessageId ? { reply_parameters: { message_id: Number(replyToMessageId), allow_sending_without_reply: true } } : {}),
  };
}

/** Code-point aware cut with an ellipsis: Telegram counts characters, and half a surrogate is garbage. */
export function clampText(text: string, maxChars: number): string {
  const chars = [...text];
  return chars.length <= maxChars ? text : `${chars.slice(0, maxChars - 1).join('')}…`;
}

/** 🔁 Regenerate · 🎲 Variation · 🗑️ Delete, labelled in the requester's language. */
export function clipKeyboard(clip: ClipRecord): InlineKeyboardMarkup {
  const locale = clip.request.requester.locale;
  return {
    inline_keyboard: [
      [
        { text: `🔁 ${translate(locale, 'button.regenerate')}`, callback_data: encodeControl('regenerate', clip.id) },
        { text: `🎲 ${translate(locale, 'button.variation')}`, callback_data: encodeControl('variation', clip.id) },
        { text: `🗑️ ${translate(locale, 'button.delete')}`, callback_data: encodeControl('delete', clip.id) },
      ],
    ],
  };
}

/** 🔄 Try again, where another attempt is the user's call (an unknown outcome, a provider down). */
export function retryKeyboard(post: FailurePost): InlineKeyboardMarkup | undefined {
  const data = isUserRetryable(post.code) ? encodeRetry(post.request.id) : null;
  if (!data) return undefined;
  return { inline_keyboard: [[{ text: `🔄 ${translate(post.request.requester.locale, 'button.retry')}`, callback_data: data }]] };
}

/**
 * Keeps a status message from going backwards: progress events are lossy and may overtake each
 * other (a request adopted from a "planning" event, then tracked again as "received"). Bounded,
 * so requests that never finish cannot grow it.
 */
function createStageOrder() {
  const shown = new Map<string, number>();
  return {
    advance(requestId: string, stage: Stage): boolean {
      const rank = STAGES.indexOf(stage);
      if (rank < (shown.get(requestId) ?? -1)) return false;
      shown.delete(requestId);
      shown.set(requestId, rank);
      if (shown.size > MAX_TRACKED_STAGES) shown.delete(shown.keys().next().value ?? requestId);
      return true;
    },
    forget: (requestId: string) => shown.delete(requestId),
  };
}

/**
 * The ChatPort over the Bot API. Text goes out with no parse mode, so user words in titles and
 * notes can never be read as markup. A 403 (blocked, kicked) is logged and the delivery ends:
 * retrying cannot help and must not crash the worker.
 */
export function createTelegramPort(options: TelegramPortOptions): ChatPort {
  const { api, logger } = options;

  const editStatus = async (request: CreationRequest, text: string, keyboard?: InlineKeyboardMarkup): Promise<boolean> => {
    const { conversationId, statusMessageId } = request.where;
    if (!statusMessageId) return false;
    try {
      await api.editMessageText(conversationId, Number(statusMessageId), clampText(text, MAX_MESSAGE_CHARS), keyboard ? { reply_markup: keyboard } : {});
      return true;
    } catch (error) {
      if (isNotModified(error)) return true;
      if (isMessageGone(error)) return false;
      throw error;
    }
  };

  const keepUploadAction = (where: Address) => {
    const send = () => api.sendChatAction(where.conversationId, 'upload_video', placeOf(where, null)).catch((error: unknown) => logger.debug(describeError(error), 'telegram-chat-action-failed'));
    void send();
    const timer = setInterval(send, options.chatActionIntervalMs ?? CHAT_ACTION_INTERVAL_MS);
    return () => clearInterval(timer);
  };

  const captionOf = (post: ClipPost) => clampText([post.caption, ...post.notes.map((note) => `ℹ️ ${note}`)].join('\n'), MAX_CAPTION_CHARS);

  /** The video's own fields, the same on a new message and on the preview edited into the clip. */
  const videoFields = (post: ClipPost) => ({
    caption: captionOf(post),
    supports_streaming: true,
    width: post.clip.width,
    height: post.clip.height,
    duration: Math.max(1, Math.round(post.clip.durationSeconds)),
    thumbnail: new InputFile(post.thumbnailPath),
  });

  const sendClip = async (post: ClipPost) => {
    const { where } = post.clip.request;
    return api.sendVideo(where.conversationId, new InputFile(post.filePath), { ...placeOf(where, where.replyToMessageId), ...videoFields(post), reply_markup: clipKeyboard(post.clip) });
  };

  /**
   * The clip takes the storyboard preview's place: the photo message is edited into the video
   * (editMessageMedia, uploaded), with the clip's caption and buttons. Where the photo cannot be
   * edited (deleted, too old, any other refusal), the clip is a new message and the photo goes.
   * Returns the message now showing the clip.
   */
  const replacePreview = async (post: ClipPost, previewMessageId: number): Promise<number> => {
    const { conversationId } = post.clip.request.where;
    try {
      await api.editMessageMedia(conversationId, previewMessageId, InputMediaBuilder.video(new InputFile(post.filePath), videoFields(post)), { reply_markup: clipKeyboard(post.clip) });
      return previewMessageId;
    } catch (error) {
      // Too large or forbidden means the same for a new message; a network failure is retried.
      if (!(error instanceof GrammyError) || isTooLarge(error) || isForbidden(error)) throw error;
      logger.info({ ...describeError(error), clipId: post.clip.id }, 'telegram-preview-edit-failed');
    }
    const message = await sendClip(post);
    api.deleteMessage(conversationId, previewMessageId).catch((error: unknown) => logger.debug(describeError(error), 'telegram-preview-delete-failed'));
    return message.message_id;
  };

  const postFailure = async (post: FailurePost) => {
    const { request } = post;
    stageOrder.forget(request.id);
    const text = `${translate(request.requester.locale, 'status.failed')}\n${post.text}`;
    const keyboard = retryKeyboard(post);
    try {
      if (await editStatus(request, text, keyboard)) return;
      await api.sendMessage(request.where.conversationId, clampText(text, MAX_MESSAGE_CHARS), {
        ...placeOf(request.where, request.where.replyToMessageId),
        ...(keyboard ? { reply_markup: keyboard } : {}),
      });
    } catch (error) {
      if (!isForbidden(error)) throw error;
      logger.info({ ...describeError(error), requestId: request.id }, 'telegram-forbidden');
    }
  };

  const stageOrder = createStageOrder();

  return {
    platform: 'telegram',
    // Telegram states no limit beyond the configured one: 80% of what it refused is the budget.
    refitCeilingBytes: null,

    async updateStatus(request, text, progress) {
      if (!stageOrder.advance(request.id, progress.stage)) return;
      try {
        await editStatus(request, text);
      } catch (error) {
        if (!isForbidden(error)) throw error;
        logger.info({ ...describeError(error), requestId: request.id }, 'telegram-forbidden');
      }
    },

    async showPreview(post) {
      const { request } = post;
      const { where } = request;
      try {
        if (stageOrder.advance(request.id, 'planned')) await editStatus(request, post.text);
        // A text message cannot become a photo, so the preview is a photo message of its own,
        // which is edited into the clip; the card goes on showing progress.
        const photo = await api.sendPhoto(where.conversationId, new InputFile(post.imagePath), { ...placeOf(where, where.replyToMessageId), caption: clampText(post.caption, MAX_CAPTION_CHARS) });
        return { messageId: String(photo.message_id) };
      } catch (error) {
        if (!isForbidden(error)) throw error;
        logger.info({ ...describeError(error), requestId: request.id }, 'telegram-forbidden');
        return { messageId: null };
      }
    },

    async postClip(post) {
      const { clip } = post;
      stageOrder.forget(clip.request.id);
      const { where } = clip.request;
      const locale = clip.request.requester.locale;
      await editStatus(clip.request, translate(locale, 'status.uploading')).catch(() => false);
      const stopAction = keepUploadAction(where);
      try {
        let messageId;
        try {
          messageId = post.previewMessageId === null ? (await sendClip(post)).message_id : await replacePreview(post, Number(post.previewMessageId));
        } catch (error) {
          if (!isTooLarge(error)) throw error;
          throw tooLargeError((await stat(post.filePath)).size, error);
        }
        await editStatus(clip.request, post.cardText).catch((error: unknown) => logger.debug(describeError(error), 'telegram-status-final-failed'));
        return { messageId: messageKeyOf(where.conversationId, messageId) };
      } catch (error) {
        if (!isForbidden(error)) throw error;
        logger.info({ ...describeError(error), clipId: clip.id }, 'telegram-forbidden');
        // Nothing was posted; the key points at no real message, so no reaction ever finds it.
        return { messageId: messageKeyOf(where.conversationId, `undelivered-${clip.id}`) };
      } finally {
        stopAction();
      }
    },

    postFailure,

    async explainOnCard(where, text) {
      if (where.statusMessageId === null) return;
      await api.editMessageText(where.conversationId, Number(where.statusMessageId), clampText(text, MAX_MESSAGE_CHARS));
    },

    async removeCard(where) {
      if (where.statusMessageId === null) return;
      await api.deleteMessage(where.conversationId, Number(where.statusMessageId));
    },
  };
}
