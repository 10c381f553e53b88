import { MessageFlags, PermissionFlagsBits, type ButtonInteraction } from 'discord.js';
import type { ControlEvent } from '../../src/chat/chat-events.ts';
import { translate } from '../../src/i18n/messages.ts';
import type { DiscordContext } from './discord-context.ts';
import { decodeRetryId } from './discord-ids.ts';
import { decodeControlClick } from './decode-interaction.ts';
import type { ControlReaction } from './decode-reaction.ts';

/** The parts of a control event that are the same for a click and a reaction on a message. */
function onMessage(discord: DiscordContext, channelId: string, messageId: string): Pick<ControlEvent, 'messageKey' | 'replyCard' | 'deleteMessage'> {
  return {
    messageKey: messageId,
    async replyCard(content) {
      const card = await discord.messages.send(channelId, { content, replyToMessageId: messageId });
      return { statusMessageId: card.id, replyToMessageId: messageId };
    },
    async deleteMessage() {
      await discord.messages.remove(channelId, messageId);
      return 'deleted';
    },
  };
}

/**
 * A click on a clip's 🔁 🎲 🗑️ or a failure's "Try again": acknowledged privately within 3 s,
 * decided by the chat core, answered with a note only the clicker sees.
 */
export async function handleClick(discord: DiscordContext, interaction: ButtonInteraction): Promise<void> {
  const retryId = decodeRetryId(interaction.customId);
  const click = retryId ? null : decodeControlClick(interaction);
  if (!retryId && !click) return;
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const answer = await discord.core
    .controlUsed({
      action: click?.action ?? 'retry',
      via: 'button',
      targetId: retryId ?? click?.clipId ?? null,
      userId: interaction.user.id,
      locale: interaction.locale,
      receivedAt: discord.now(),
      canModerate: async () => click?.canModerate ?? false,
      ...onMessage(discord, interaction.channelId, interaction.message.id),
    })
    .catch((error: unknown) => {
      discord.logger.error({ err: error, customId: interaction.customId }, 'discord-control-failed');
      return { text: translate(interaction.locale, 'error.internal'), alert: true };
    });
  if (answer) await interaction.editReply({ content: answer.text, allowedMentions: { parse: [] } });
}

/** 🔁 🎲 ❌ on a clip: the same as its buttons, for the requester or a moderator; nobody else is answered. */
export async function handleReaction(discord: DiscordContext, reaction: ControlReaction): Promise<void> {
  await discord.core.controlUsed({
    action: reaction.action,
    via: 'reaction',
    targetId: null,
    userId: reaction.userId,
    locale: 'en',
    receivedAt: discord.now(),
    canModerate: () => canModerate(discord, reaction),
    ...onMessage(discord, reaction.channelId, reaction.messageId),
  });
}

/** Manage Messages in the channel, for someone who is not the requester (a moderator). */
async function canModerate(discord: DiscordContext, reaction: ControlReaction): Promise<boolean> {
  const guild = reaction.guildId ? discord.client.guilds.cache.get(reaction.guildId) : undefined;
  if (!guild) return false;
  try {
    const member = await guild.members.fetch(reaction.userId);
    const channel = await discord.client.channels.fetch(reaction.channelId);
    if (channel && !channel.isDMBased()) return channel.permissionsFor(member).has(PermissionFlagsBits.ManageMessages);
    return member.permissions.has(PermissionFlagsBits.ManageMessages);
  } catch (error) {
    discord.logger.warn({ err: error, userId: reaction.userId }, 'discord-permission-check-failed');
    return false;
  }
}
