import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type APIEmbed, type APIMessage } from 'discord.js';
import { stat } from 'node:fs/promises';
import type { CreationRequest } from '../../src/domain/creation-request.ts';
import { translate } from '../../src/i18n/messages.ts';
import type { Logger } from '../../src/log/logger.ts';
import { isUserRetryable, tooLargeError } from '../../src/domain/errors.ts';
import type { ChatPort, ClipPost, FailurePost, PreviewCard } from '../../src/ports/chat-port.ts';
import { CLIP_ACTIONS, CONTROL_EMOJI, encodeControlId, encodeRetryId, isFirstTake, isOwnThread, postChannelOf, REACTION_ACTIONS, statusChannelOf, type ClipAction } from './discord-ids.ts';
import type { DiscordMessages, OutgoingMessage } from './discord-messages.ts';
import { truncateText } from './discord-text.ts';
import { isUploadTooLarge, REFIT_CEILING_BYTES } from './upload-budget.ts';

export interface DiscordPortOptions {
  messages: DiscordMessages;
  logger: Logger;
}

const BUTTON_LABELS: Record<ClipAction, 'button.regenerate' | 'button.variation' | 'button.delete'> = {
  regenerate: 'button.regenerate',
  variation: 'button.variation',
  delete: 'button.delete',
};

/** 🔁 Regenerate, 🎲 Variation, 🗑️ Delete; each custom_id carries the clip id. */
export function controlRow(clipId: string, locale: string) {
  const buttons = CLIP_ACTIONS.map((action) =>
    new ButtonBuilder()
      .setCustomId(encodeControlId(action, clipId))
      .setLabel(translate(locale, BUTTON_LABELS[action]))
      .setEmoji(CONTROL_EMOJI[action])
      .setStyle(action === 'delete' ? ButtonStyle.Danger : ButtonStyle.Secondary),
  );
  return new ActionRowBuilder<ButtonBuilder>().addComponents(buttons).toJSON();
}

/** A "Try again" button where another attempt is the user's call (an unknown outcome, a provider down). */
function retryRow(post: FailurePost, locale: string): OutgoingMessage['components'] {
  const customId = isUserRetryable(post.code) ? encodeRetryId(post.request.id) : null;
  if (!customId) return undefined;
  const button = new ButtonBuilder().setCustomId(customId).setLabel(translate(locale, 'button.retry')).setEmoji('🔄').setStyle(ButtonStyle.Primary);
  return [new ActionRowBuilder<ButtonBuilder>().addComponents(button).toJSON()];
}

/**
 * A first take answers the requester's own message (a reply notifies them); anything else, a new
 * take under the old clip or a clip in a thread, names them, the only mention allowed through.
 */
function addressee(request: CreationRequest): string {
  const repliesToRequester = request.where.replyToMessageId !== null && isFirstTake(request.id);
  return repliesToRequester ? '' : `<@${request.requester.userId}> `;
}

const PREVIEW_FILE_NAME = 'preview.jpg';
/** Discord's embed limits: 256 for the title, 256 per field name, 1024 per field value. */
const EMBED_TITLE_CHARS = 256;
const EMBED_FIELD_VALUE_CHARS = 1024;

/** The plan card on the status message: title, the preview's note, one field each, the frame as its image. */
function previewEmbed(card: PreviewCard): APIEmbed {
  return {
    title: truncateText(card.title, EMBED_TITLE_CHARS),
    description: card.heading,
    fields: card.fields.map((field) => ({ name: truncateText(field.name, EMBED_TITLE_CHARS), value: truncateText(field.value, EMBED_FIELD_VALUE_CHARS), inline: !field.value.includes('\n') })),
    image: { url: `attachment://${PREVIEW_FILE_NAME}` },
  };
}

function clipContent(post: ClipPost): string {
  const notes = post.notes.map((note) => `ℹ️ ${note}`);
  return [`${addressee(post.clip.request)}${post.caption}`, ...notes].join('\n');
}

/**
 * The ChatPort for Discord: the status card edited in place, the clip uploaded with its buttons
 * (re-fitted once if Discord says it is too large), failures written onto the card.
 */
export function createDiscordPort(options: DiscordPortOptions): ChatPort {
  const { messages, logger } = options;
  /** Threads already given their plan's title by this process (renames are limited to 2 per 10 min). */
  const named = new Set<string>();

  const nameThread = (request: CreationRequest, title: string) => {
    const { threadId } = request.where;
    if (threadId === null || named.has(threadId) || !isOwnThread(request.id, request.where)) return;
    named.add(threadId);
    messages.renameThread(threadId, title).catch((error: unknown) => logger.warn({ err: error, threadId }, 'discord-thread-rename-failed'));
  };

  /** Writes onto the status card; where there is none (or it is gone), posts a new message. */
  const showOnCard = async (request: CreationRequest, text: string, components?: OutgoingMessage['components']): Promise<string> => {
    const { where } = request;
    if (where.statusMessageId !== null) {
      try {
        // A failure ends the card: a storyboard preview on it goes too.
        await messages.edit(statusChannelOf(where), where.statusMessageId, text, { embeds: [], clearAttachments: true, ...(components ? { components } : {}) });
        return where.statusMessageId;
      } catch (error) {
        logger.warn({ err: error, requestId: request.id }, 'discord-card-edit-failed');
      }
    }
    const posted = await messages.send(postChannelOf(where), {
      content: `${addressee(request)}${text}`,
      replyToMessageId: where.replyToMessageId,
      pingUserId: request.requester.userId,
      ...(components ? { components } : {}),
    });
    return posted.id;
  };

  const upload = async (post: ClipPost, filePath: string): Promise<APIMessage> => {
    const { clip } = post;
    return messages.send(postChannelOf(clip.request.where), {
      content: clipContent(post),
      replyToMessageId: clip.request.where.replyToMessageId,
      pingUserId: clip.request.requester.userId,
      components: [controlRow(clip.id, clip.request.requester.locale)],
      file: { name: `${clip.id}.mp4`, path: filePath, contentType: 'video/mp4' },
    });
  };

  return {
    platform: 'discord',
    refitCeilingBytes: REFIT_CEILING_BYTES,

    async updateStatus(request, text, progress) {
      if (progress.planSummary) nameThread(request, progress.planSummary.title);
      if (request.where.statusMessageId === null) return;
      await messages.edit(statusChannelOf(request.where), request.where.statusMessageId, text);
    },

    async showPreview(post) {
      const { request } = post;
      nameThread(request, post.card.title);
      if (request.where.statusMessageId === null) return { messageId: null };
      await messages.edit(statusChannelOf(request.where), request.where.statusMessageId, post.text, {
        embeds: [previewEmbed(post.card)],
        image: { name: PREVIEW_FILE_NAME, path: post.imagePath, contentType: 'image/jpeg' },
      });
      return { messageId: null };
    },

    async postClip(post) {
      const { clip } = post;
      const { request } = clip;
      let message: APIMessage;
      try {
        message = await upload(post, post.filePath);
      } catch (error) {
        if (!isUploadTooLarge(error)) throw error;
        logger.warn({ clipId: clip.id }, 'discord-upload-too-large');
        throw tooLargeError((await stat(post.filePath)).size, error);
      }

      nameThread(request, clip.plan.title);
      if (request.where.statusMessageId !== null) {
        messages
          // The final words replace the storyboard preview: its embed and frame go with them.
          .edit(statusChannelOf(request.where), request.where.statusMessageId, post.cardText, { embeds: [], clearAttachments: true })
          .catch((error: unknown) => logger.warn({ err: error, requestId: request.id }, 'discord-card-edit-failed'));
      }
      // Hint reactions, so 🔁 🎲 ❌ are one click away; missing Add Reactions costs nothing else.
      void (async () => {
        for (const emoji of Object.keys(REACTION_ACTIONS)) await messages.react(message.channel_id, message.id, emoji);
      })().catch((error: unknown) => logger.debug({ err: error, messageId: message.id }, 'discord-hint-reaction-failed'));
      return { messageId: message.id };
    },

    async explainOnCard(where, text) {
      if (where.statusMessageId === null) return;
      await messages.edit(statusChannelOf(where), where.statusMessageId, text);
    },

    async removeCard(where) {
      if (where.statusMessageId === null) return;
      await messages.remove(statusChannelOf(where), where.statusMessageId);
    },

    async postFailure(post) {
      const locale = post.request.requester.locale;
      await showOnCard(post.request, `${translate(locale, 'status.failed')}\n${post.text}`, retryRow(post, locale));
    },
  };
}
