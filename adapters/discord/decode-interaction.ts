import { PermissionFlagsBits, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { CommandDefinition, CommandInput } from '../../commands/command-types.ts';
import { decodeControlId, type ClipAction } from './discord-ids.ts';

/** The slash command's option values by name, typed by Discord as the definition declared them. */
export function decodeCommandInput(interaction: ChatInputCommandInteraction, definition: CommandDefinition): CommandInput {
  const options: CommandInput['options'] = {};
  for (const option of definition.options) {
    const value = interaction.options.get(option.name)?.value;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') options[option.name] = value;
  }
  return { options, locale: interaction.locale };
}

/**
 * Manage Server, as Discord computed it for the member; a DM with the bot is the user's own space.
 * (/settings is also registered with default_member_permissions, so Discord hides it from others.)
 */
export function decodeIsAdmin(interaction: ChatInputCommandInteraction): boolean {
  if (!interaction.inGuild()) return true;
  return interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild);
}

export interface ControlClick {
  action: ClipAction;
  /** From the custom_id; null when it did not fit and the clip must be found by its message. */
  clipId: string | null;
  messageId: string;
  channelId: string;
  userId: string;
  /** Manage Messages in this channel, as Discord computed it for the clicking member. */
  canModerate: boolean;
}

/** A click on one of our clip buttons, or null for any other component. */
export function decodeControlClick(interaction: ButtonInteraction): ControlClick | null {
  const decoded = decodeControlId(interaction.customId);
  if (!decoded) return null;
  return {
    ...decoded,
    messageId: interaction.message.id,
    channelId: interaction.channelId,
    userId: interaction.user.id,
    canModerate: interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages) ?? false,
  };
}
