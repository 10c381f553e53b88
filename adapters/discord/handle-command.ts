import { ChannelType, MessageFlags, ThreadAutoArchiveDuration, type AutocompleteInteraction, type ChatInputCommandInteraction, type Message } from 'discord.js';
import { findCommand } from '../../commands/all-commands.ts';
import { NO_OPTIONS, type Address } from '../../src/domain/creation-request.ts';
import { resolveLanguage } from '../../src/i18n/messages.ts';
import type { DiscordContext } from './discord-context.ts';
import { postGallery } from './discord-gallery.ts';
import { interactionRequestId } from './discord-ids.ts';
import { MAX_MESSAGE_CHARS, threadNameFrom, truncateText } from './discord-text.ts';
import { decodeCommandInput, decodeIsAdmin } from './decode-interaction.ts';
import { decodeAvatar, decodeOrigin, decodeRequester } from './decode-message.ts';
import { uploadBudgetBytes } from './upload-budget.ts';

/**
 * Where a slash command's request lives. Slash commands have no source message, so in a text
 * channel the thread hangs off our reply (the card); inside a thread or a DM there is none to start.
 */
async function placeRequest(discord: DiscordContext, interaction: ChatInputCommandInteraction, card: Message, name: string): Promise<Address> {
  const channel = interaction.channel;
  const base = { platform: 'discord' as const, replyToMessageId: null, statusMessageId: card.id, communityId: interaction.guildId };
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
 * Every command (`/short`, `/usage`, `/settings`…), from the one definition in commands/, through the chat
 * core. A reply command is answered privately; a creation is deferred first (Discord's 3 s) and
 * its card is the deferred reply.
 */
export async function handleCommand(discord: DiscordContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const receivedAt = discord.now();
  const definition = findCommand(interaction.commandName);
  // Deferred before anything is read, for the reason given on `startsCreation`; an answer that turns
  // out private is then a follow-up, and a deferral nobody answered is deleted.
  const deferral = definition?.startsCreation ? interaction.deferReply() : null;
  // The core starts once the deferral is out: what it reads (the record, synchronous SQLite) would
  // otherwise hold up the deferrals of the interactions behind this one in a burst.
  await deferral?.catch(() => undefined);
  let answered = false;
  const member = interaction.inCachedGuild() ? interaction.member : null;
  const locale = interaction.locale;
  await discord.core.commandInvoked({
    requestId: interactionRequestId(interaction.id),
    requester: decodeRequester(interaction.user, member, locale),
    origin: decodeOrigin(interaction.channelId, interaction.channel, interaction.guildId),
    receivedAt,
    name: interaction.commandName,
    values: definition ? decodeCommandInput(interaction, definition).options : {},
    direct: !interaction.inGuild(),
    isAdmin: async () => decodeIsAdmin(interaction),
    options: NO_OPTIONS,
    pictures: [],
    maxUploadBytes: uploadBudgetBytes({
      attachmentSizeLimit: interaction.attachmentSizeLimit,
      premiumTier: interaction.guild?.premiumTier ?? null,
      defaultBytes: discord.uploadDefaultBytes,
    }),
    readScript: async () => null,
    readAvatar: async () => decodeAvatar(interaction.user, member, discord.cdnBase),
    async reply(text) {
      answered = true;
      const message = { content: truncateText(text, MAX_MESSAGE_CHARS), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;
      if (!deferral) return void (await interaction.reply(message));
      await deferral;
      await interaction.followUp(message);
      await interaction.deleteReply();
    },
    async replyGallery(gallery) {
      answered = true;
      if (deferral) await deferral.then(() => interaction.deleteReply());
      await postGallery(interaction, gallery);
    },
    async acknowledge(content, sentence) {
      answered = true;
      await (deferral ?? interaction.deferReply());
      const card = await interaction.editReply({ content, allowedMentions: { parse: [] } });
      return placeRequest(discord, interaction, card, threadNameFrom(sentence, locale));
    },
    async replyCard(content) {
      // A command never replies to a clip; the deferred reply is its only card.
      const card = await interaction.editReply({ content, allowedMentions: { parse: [] } });
      return { statusMessageId: card.id, replyToMessageId: null };
    },
  });
  // Ignored (outside the community's channel list): the "thinking…" nobody will answer goes away.
  if (deferral && !answered) await deferral.then(() => interaction.deleteReply());
}

/** The /short model option as the user types: the configured models that match, at most 25. */
export async function handleAutocomplete(discord: DiscordContext, interaction: AutocompleteInteraction): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const choices = discord.core.suggest(interaction.commandName, focused.name, String(focused.value));
  const chinese = resolveLanguage(interaction.locale) === 'zh';
  await interaction.respond(choices.map((choice) => ({ name: chinese ? choice.label.zh : choice.label.en, value: choice.value })));
}
