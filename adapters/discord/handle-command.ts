import { ChannelType, MessageFlags, ThreadAutoArchiveDuration, type AutocompleteInteraction, type ChatInputCommandInteraction, type Message } from 'discord.js';
import { findCommand } from '../../commands/all-commands.ts';
import type { Address, CreationRequest } from '../../src/domain/creation-request.ts';
import { resolveLanguage, translate } from '../../src/i18n/messages.ts';
import { submitFromDiscord, type DiscordContext } from './discord-context.ts';
import { interactionRequestId } from './discord-ids.ts';
import { MAX_MESSAGE_CHARS, threadNameFrom, truncateText } from './discord-text.ts';
import { decodeCommandInput } from './decode-interaction.ts';
import { decodeAvatar, decodeRequester } from './decode-message.ts';
import { uploadBudgetBytes } from './upload-budget.ts';

/**
 * Where a slash command's request lives. Slash commands have no source message, so in a text
 * channel the thread hangs off our reply (the card); inside a thread or a DM there is none to start.
 */
async function placeRequest(discord: DiscordContext, interaction: ChatInputCommandInteraction, card: Message, name: string): Promise<Address> {
  const channel = interaction.channel;
  const base = { platform: 'discord' as const, replyToMessageId: null, statusMessageId: card.id };
  if (channel?.type === ChannelType.GuildText) {
    try {
      const thread = await card.startThread({ name, autoArchiveDuration: ThreadAutoArchiveDuration.OneDay });
      return { ...base, conversationId: interaction.channelId, threadId: thread.id };
    } catch (error) {
      discord.logger.warn({ err: error, interactionId: interaction.id }, 'discord-thread-start-failed');
    }
  }
  if (channel?.isThread()) return { ...base, conversationId: channel.parentId ?? interaction.channelId, threadId: channel.id };
  return { ...base, conversationId: interaction.channelId, threadId: null };
}

/**
 * `/short`, `/styles`, `/help`, from the one definition in commands/. A reply command answers at
 * once (privately); a creation is deferred first, within Discord's 3 s, and everything else,
 * however slow, happens after that.
 */
export async function handleCommand(discord: DiscordContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const receivedAt = discord.reverie.context.now();
  const definition = findCommand(interaction.commandName);
  if (!definition) return;
  const result = definition.run({ ...decodeCommandInput(interaction, definition), context: discord.commands });
  if (result.kind === 'reply') {
    await interaction.reply({ content: truncateText(result.text, MAX_MESSAGE_CHARS), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    return;
  }

  await interaction.deferReply();
  const locale = interaction.locale;
  const card = await interaction.editReply({ content: translate(locale, 'ack.received'), allowedMentions: { parse: [] } });
  const where = await placeRequest(discord, interaction, card, threadNameFrom(result.sentence, locale));
  const member = interaction.inCachedGuild() ? interaction.member : null;
  const request: CreationRequest = {
    id: interactionRequestId(interaction.id),
    requester: decodeRequester(interaction.user, member, locale),
    where,
    sentence: result.sentence,
    referencedText: null,
    attachments: [],
    avatar: decodeAvatar(interaction.user, member, discord.cdnBase),
    options: result.options,
    maxUploadBytes: uploadBudgetBytes({
      attachmentSizeLimit: interaction.attachmentSizeLimit,
      premiumTier: interaction.guild?.premiumTier ?? null,
      defaultBytes: discord.uploadDefaultBytes,
    }),
    receivedAt,
  };
  await submitFromDiscord(discord, request);
}

/** The /short model option as the user types: the configured models that match, at most 25. */
export async function handleAutocomplete(discord: DiscordContext, interaction: AutocompleteInteraction): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const option = findCommand(interaction.commandName)?.options.find((candidate) => candidate.name === focused.name);
  const choices = option?.autocomplete?.(discord.commands, String(focused.value)) ?? [];
  const chinese = resolveLanguage(interaction.locale) === 'zh';
  await interaction.respond(choices.map((choice) => ({ name: chinese ? choice.label.zh : choice.label.en, value: choice.value })));
}
