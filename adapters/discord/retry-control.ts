import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { translate, type MessageKey } from '../../src/i18n/messages.ts';
import { findRetryableFailure, retryFailedRequest } from '../../src/pipeline/retry-request.ts';
import type { DiscordContext } from './discord-context.ts';
import { decodeRetryId } from './discord-ids.ts';

/** True for our "Try again" button, so the adapter routes the click here and not to clip controls. */
export function isRetryClick(interaction: ButtonInteraction): boolean {
  return decodeRetryId(interaction.customId) !== null;
}

/**
 * "Try again" on a failure card: only the requester may start the new attempt (it may cost
 * money); the answer is private, the new attempt gets its own card under the failed one.
 */
export async function handleRetryClick(discord: DiscordContext, interaction: ButtonInteraction): Promise<void> {
  const requestId = decodeRetryId(interaction.customId);
  if (!requestId) return;
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const { reverie, messages, logger } = discord;
  const answer = async (): Promise<MessageKey> => {
    const failure = await findRetryableFailure(reverie.queues, requestId, { platform: 'discord', conversationId: '' });
    if (!failure) return 'control.unknown-clip';
    if (failure.request.requester.userId !== interaction.user.id) return 'control.not-yours';
    const locale = failure.request.requester.locale;
    const card = await messages.send(interaction.channelId, { content: translate(locale, 'control.retrying'), replyToMessageId: interaction.message.id });
    const outcome = await retryFailedRequest(reverie.context, reverie.queues, failure, {
      where: { statusMessageId: card.id, replyToMessageId: interaction.message.id },
      receivedAt: reverie.context.now(),
    });
    logger.info({ requestId, status: outcome.status }, 'discord-retry');
    if (outcome.status === 'accepted') return 'control.retrying';
    if (outcome.status === 'rejected') {
      await messages.edit(interaction.channelId, card.id, translate(locale, outcome.error.messageKey, outcome.error.params));
      return outcome.error.messageKey;
    }
    await messages.remove(interaction.channelId, card.id).catch(() => undefined);
    return 'control.duplicate';
  };
  const key = await answer().catch((error: unknown) => {
    logger.error({ err: error, customId: interaction.customId }, 'discord-retry-failed');
    return 'error.internal' as const;
  });
  await interaction.editReply({ content: translate(interaction.locale, key), allowedMentions: { parse: [] } });
}
