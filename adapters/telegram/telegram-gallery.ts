import { InputFile, type Api } from 'grammy';
import type { Message } from 'grammy/types';
import type { GalleryReply } from '../../src/chat/chat-events.ts';
import { addressOf } from './decode-message.ts';
import { clampText, MAX_CAPTION_CHARS, placeOf } from './telegram-port.ts';

/** sendMediaGroup takes 2–10 items; a single picture goes as a photo. */
const MAX_GROUP_ITEMS = 10;

/** A gallery as albums of photos, each captioned, replying to the command's message. */
export async function postGallery(api: Api, message: Message, gallery: GalleryReply): Promise<void> {
  const place = placeOf(addressOf(message), String(message.message_id));
  for (let start = 0; start < gallery.items.length; start += MAX_GROUP_ITEMS) {
    const items = gallery.items.slice(start, start + MAX_GROUP_ITEMS);
    const captionOf = (item: GalleryReply['items'][number]) => clampText(`${item.title}\n${item.caption}`, MAX_CAPTION_CHARS);
    if (items.length === 1 && items[0]) {
      await api.sendPhoto(message.chat.id, new InputFile(items[0].imagePath), { ...place, caption: captionOf(items[0]) });
      continue;
    }
    await api.sendMediaGroup(
      message.chat.id,
      items.map((item) => ({ type: 'photo' as const, media: new InputFile(item.imagePath), caption: captionOf(item) })),
      place,
    );
  }
}
