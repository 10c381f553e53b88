import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { GalleryReply } from '../../src/chat/chat-events.ts';
import { truncateText } from './discord-text.ts';

/** Discord takes at most 10 embeds per message: a longer gallery continues in follow-ups. */
const MAX_EMBEDS = 10;
const MAX_TITLE_CHARS = 256;
const MAX_DESCRIPTION_CHARS = 4096;

/** A gallery as embeds, each showing its picture uploaded as an attachment; only the caller sees it. */
export async function postGallery(interaction: ChatInputCommandInteraction, gallery: GalleryReply): Promise<void> {
  for (let start = 0; start < gallery.items.length; start += MAX_EMBEDS) {
    const items = gallery.items.slice(start, start + MAX_EMBEDS);
    const names = items.map((_, index) => `picture-${start + index + 1}.jpg`);
    const message = {
      embeds: items.map((item, index) => ({
        title: truncateText(item.title, MAX_TITLE_CHARS),
        description: truncateText(item.caption, MAX_DESCRIPTION_CHARS),
        image: { url: `attachment://${names[index]}` },
      })),
      files: items.map((item, index) => ({ attachment: item.imagePath, name: names[index] ?? 'picture.jpg' })),
      flags: MessageFlags.Ephemeral as const,
      allowedMentions: { parse: [] },
    };
    // A command acknowledged on arrival has its (deleted) deferral as first answer: the gallery follows up.
    const first = start === 0 && !interaction.deferred && !interaction.replied;
    await (first ? interaction.reply(message) : interaction.followUp(message));
  }
}
