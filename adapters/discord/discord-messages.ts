import {
  RESTJSONErrorCodes,
  Routes,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIMessage,
  type REST,
  type RESTPatchAPIChannelMessageJSONBody,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import { readFile } from 'node:fs/promises';
import { MAX_MESSAGE_CHARS, MAX_THREAD_NAME_CHARS, truncateText } from './discord-text.ts';
import { uploadMessage, type UploadTarget } from './upload-message.ts';

/**
 * Everything the bot posts goes through the channel API with the bot token: it works in a thread,
 * a channel or a DM alike, after the 15-minute interaction token has expired, and after a restart
 * with nothing cached. Every body states its allowed_mentions: nobody is pinged but, at most, the
 * requester.
 */

export interface OutgoingMessage {
  content: string;
  /** A message in the same channel to reply to; a missing one does not fail the send. */
  replyToMessageId?: string | null;
  /** The one user this message may ping (the requester); everyone else stays silent. */
  pingUserId?: string | null;
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** A file on disk, streamed as it is sent (never read whole into memory). */
  file?: { name: string; path: string; contentType: string } | null;
}

/** What an edit changes besides the text; anything left out stays as it is on the message. */
export interface MessageEdit {
  components?: OutgoingMessage['components'];
  /** Replaces the embeds; [] removes them. */
  embeds?: APIEmbed[];
  /** A small image sent along (the preview frame), read into memory; embeds show it as `attachment://<name>`. */
  image?: { name: string; path: string; contentType: string };
  /** Drops every earlier attachment (the preview frame once the clip has replaced it). */
  clearAttachments?: boolean;
}

export interface DiscordMessages {
  send(channelId: string, message: OutgoingMessage): Promise<APIMessage>;
  edit(channelId: string, messageId: string, content: string, changes?: MessageEdit): Promise<void>;
  remove(channelId: string, messageId: string): Promise<void>;
  renameThread(threadId: string, name: string): Promise<void>;
  react(channelId: string, messageId: string, emoji: string): Promise<void>;
}

/** Discord's code for "this thread is archived" (a clip's thread goes quiet after a day). */
function isArchivedThread(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === RESTJSONErrorCodes.InvalidActionOnArchivedThread;
}

export function createDiscordMessages(rest: REST, upload: UploadTarget): DiscordMessages {
  /** Runs a call in a channel; if the channel is an archived thread, unarchives it and tries once more. */
  const inChannel = async <T>(channelId: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      if (!isArchivedThread(error)) throw error;
      await rest.patch(Routes.channel(channelId), { body: { archived: false } });
      return call();
    }
  };
  return {
    send: (channelId, message) =>
      inChannel(channelId, async () => {
        const body: RESTPostAPIChannelMessageJSONBody = {
          content: truncateText(message.content, MAX_MESSAGE_CHARS),
          allowed_mentions: { parse: [], users: message.pingUserId ? [message.pingUserId] : [], replied_user: Boolean(message.pingUserId) },
          ...(message.replyToMessageId ? { message_reference: { message_id: message.replyToMessageId, fail_if_not_exists: false } } : {}),
          ...(message.components ? { components: message.components } : {}),
          ...(message.file ? { attachments: [{ id: 0, filename: message.file.name }] } : {}),
        };
        if (message.file) return uploadMessage(upload, channelId, body, message.file);
        return (await rest.post(Routes.channelMessages(channelId), { body })) as APIMessage;
      }),
    edit: (channelId, messageId, content, changes = {}) =>
      inChannel(channelId, async () => {
        const { components, embeds, image } = changes;
        const body: RESTPatchAPIChannelMessageJSONBody = {
          content: truncateText(content, MAX_MESSAGE_CHARS),
          allowed_mentions: { parse: [] },
          ...(components ? { components } : {}),
          ...(embeds ? { embeds } : {}),
          // The attachments listed are the ones the message keeps: the new image alone, or none.
          ...(image ? { attachments: [{ id: 0, filename: image.name }] } : changes.clearAttachments ? { attachments: [] } : {}),
        };
        const files = image ? [{ name: image.name, data: await readFile(image.path), contentType: image.contentType }] : undefined;
        await rest.patch(Routes.channelMessage(channelId, messageId), { body, ...(files ? { files } : {}) });
      }),
    async remove(channelId, messageId) {
      await rest.delete(Routes.channelMessage(channelId, messageId));
    },
    async renameThread(threadId, name) {
      await rest.patch(Routes.channel(threadId), { body: { name: truncateText(name, MAX_THREAD_NAME_CHARS) } });
    },
    react: (channelId, messageId, emoji) =>
      inChannel(channelId, async () => {
        await rest.put(Routes.channelMessageOwnReaction(channelId, messageId, encodeURIComponent(emoji)));
      }),
  };
}
