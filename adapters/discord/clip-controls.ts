import { MessageFlags, PermissionFlagsBits, type ButtonInteraction } from 'discord.js';
import type { ClipRecord } from '../../src/domain/clip.ts';
import { translate, type MessageKey } from '../../src/i18n/messages.ts';
import { regenerateClip } from '../../src/pipeline/regenerate-clip.ts';
import type { DiscordContext } from './discord-context.ts';
import type { ControlAction } from './discord-ids.ts';
import { decodeControlClick } from './decode-interaction.ts';
import type { ControlReaction } from './decode-reaction.ts';

/**
 * 🔁 Regenerate, 🎲 Variation and 🗑️ Delete on a posted clip, by button or by reaction. The clip
 * comes from Redis (custom_id or message id), so this works after a restart. Only the requester
 * or a member with Manage Messages may use them.
 */

export interface ClipControls {
  onClick(interaction: ButtonInteraction): Promise<void>;
  onReaction(reaction: ControlReaction): Promise<void>;
}

/** A bounded memory of takes this process already started, so a repeated click costs no card. */
const MAX_REMEMBERED = 10_000;

export function createClipControls(discord: DiscordContext): ClipControls {
  const { reverie, messages, logger } = discord;
  const { clips } = reverie.context;
  /** Takes being started or started: `<clipId>:<action>`. */
  const started = new Set<string>();

  const remember = (key: string) => {
    started.add(key);
    if (started.size > MAX_REMEMBERED) started.delete(started.values().next().value as string);
  };

  /** Manage Messages in the channel, for someone who is not the requester (a moderator). */
  const canModerate = async (reaction: ControlReaction): Promise<boolean> => {
    const guild = reaction.guildId ? discord.client.guilds.cache.get(reaction.guildId) : undefined;
    if (!guild) return false;
    try {
      const member = await guild.members.fetch(reaction.userId);
      const channel = await discord.client.channels.fetch(reaction.channelId);
      if (channel && !channel.isDMBased()) return channel.permissionsFor(member).has(PermissionFlagsBits.ManageMessages);
      return member.permissions.has(PermissionFlagsBits.ManageMessages);
    } catch (error) {
      logger.warn({ err: error, userId: reaction.userId }, 'discord-permission-check-failed');
      return false;
    }
  };

  /**
   * Does what the control says, answering with the key of what happened. A new take gets its own
   * status card, a reply to the clip, before it is submitted: the card's id travels with the job.
   * The core makes one job per clip and mode; a duplicate's card is removed again.
   */
  const apply = async (clip: ClipRecord, action: ControlAction, origin: { channelId: string; messageId: string }): Promise<MessageKey> => {
    if (action === 'delete') {
      await messages.remove(origin.channelId, origin.messageId);
      logger.info({ clipId: clip.id }, 'discord-clip-deleted');
      return 'control.deleted';
    }
    const key = `${clip.id}:${action}`;
    if (started.has(key)) return 'control.duplicate';
    remember(key);
    const locale = clip.request.requester.locale;
    const card = await messages.send(origin.channelId, { content: translate(locale, 'control.regenerating'), replyToMessageId: origin.messageId });
    try {
      const outcome = await regenerateClip(reverie.context, reverie.queues, clip.id, action, {
        where: { statusMessageId: card.id, replyToMessageId: origin.messageId },
        receivedAt: reverie.context.now(),
      });
      logger.info({ clipId: clip.id, action, status: outcome.status }, 'discord-regenerate');
      if (outcome.status === 'accepted') return 'control.regenerating';
      if (outcome.status === 'rejected') {
        started.delete(key);
        await messages.edit(origin.channelId, card.id, translate(locale, outcome.error.messageKey, outcome.error.params));
        return outcome.error.messageKey;
      }
      await messages.remove(origin.channelId, card.id).catch(() => undefined);
      return outcome.status === 'duplicate' ? 'control.duplicate' : 'control.unknown-clip';
    } catch (error) {
      started.delete(key);
      await messages.remove(origin.channelId, card.id).catch(() => undefined);
      throw error;
    }
  };

  return {
    async onClick(interaction) {
      const click = decodeControlClick(interaction);
      if (!click) return;
      // Acknowledge within 3 s, privately: every click gets a note only the clicker sees.
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const answer = async (): Promise<MessageKey> => {
        const clip = (click.clipId ? await clips.get(click.clipId) : null) ?? (await clips.findByMessage('discord', click.messageId));
        if (!clip) return 'control.unknown-clip';
        if (click.userId !== clip.request.requester.userId && !click.canModerate) return 'control.not-yours';
        return apply(clip, click.action, { channelId: click.channelId, messageId: click.messageId });
      };
      const key = await answer().catch((error: unknown) => {
        logger.error({ err: error, customId: interaction.customId }, 'discord-control-failed');
        return 'error.internal' as const;
      });
      await interaction.editReply({ content: translate(interaction.locale, key), allowedMentions: { parse: [] } });
    },

    async onReaction(reaction) {
      const clip = await clips.findByMessage('discord', reaction.messageId);
      if (!clip) return;
      // Anyone else's reaction is simply ignored: a reaction has no private way to answer.
      if (reaction.userId !== clip.request.requester.userId && !(await canModerate(reaction))) return;
      await apply(clip, reaction.action, { channelId: reaction.channelId, messageId: reaction.messageId });
    },
  };
}
