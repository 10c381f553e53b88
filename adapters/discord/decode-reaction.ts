import type { GatewayMessageReactionAddDispatchData } from 'discord.js';
import { actionForEmoji, type ClipAction } from './discord-ids.ts';

export interface ControlReaction {
  action: ClipAction;
  messageId: string;
  channelId: string;
  guildId: string | null;
  userId: string;
}

/**
 * A MESSAGE_REACTION_ADD that may control a clip. Read from the raw gateway payload rather than
 * discord.js' reaction event: that event is dropped, partials or not, when the channel is not in
 * the cache (a DM channel after a restart carries no type to build one from). The bot's own
 * reactions (its hints) and other bots' are ignored.
 */
export function decodeReaction(data: GatewayMessageReactionAddDispatchData, botUserId: string): ControlReaction | null {
  if (data.user_id === botUserId || data.member?.user?.bot) return null;
  const action = actionForEmoji(data.emoji.id ? null : data.emoji.name);
  if (!action) return null;
  return { action, messageId: data.message_id, channelId: data.channel_id, guildId: data.guild_id ?? null, userId: data.user_id };
}
