import { ThreadAutoArchiveDuration, type Message } from 'discord.js';
import type { ScriptSource } from '../../src/chat/chat-events.ts';
import { NO_OPTIONS, type Address } from '../../src/domain/creation-request.ts';
import { ReverieError } from '../../src/domain/errors.ts';
import type { DiscordContext } from './discord-context.ts';
import { messageRequestId } from './discord-ids.ts';
import { threadNameFrom } from './discord-text.ts';
import { decodeAvatar, decodeMessageTrigger, decodeOrigin, decodeRequester, isCdnUrl, isTextFile, type MessageTrigger } from './decode-message.ts';
import { uploadBudgetBytes } from './upload-budget.ts';

const DOWNLOAD_TIMEOUT_MS = 15_000;

/**
 * The visible acknowledgement, before anything slow: in a text channel a thread on the request
 * message with the status card inside it; in a DM, an existing thread, or where no thread can be
 * started, the card as a plain reply.
 */
async function acknowledge(discord: DiscordContext, message: Message, trigger: MessageTrigger, content: string): Promise<Address> {
  if (trigger.canStartThread) {
    try {
      const thread = await message.startThread({ name: threadNameFrom(trigger.sentence, trigger.locale), autoArchiveDuration: ThreadAutoArchiveDuration.OneDay });
      const card = await discord.messages.send(thread.id, { content });
      return { platform: 'discord', conversationId: message.channelId, threadId: thread.id, replyToMessageId: null, statusMessageId: card.id, communityId: message.guildId };
    } catch (error) {
      // Missing Create Public Threads, or a thread already on the message: answer in the channel.
      discord.logger.warn({ err: error, messageId: message.id }, 'discord-thread-start-failed');
    }
  }
  const card = await discord.messages.send(message.channelId, { content, replyToMessageId: message.id });
  const thread = message.channel.isThread() ? message.channel : null;
  return {
    platform: 'discord',
    conversationId: thread?.parentId ?? message.channelId,
    threadId: thread?.id ?? null,
    replyToMessageId: message.id,
    statusMessageId: card.id,
    communityId: message.guildId,
  };
}

/** An attached .txt on the CDN, downloaded only when the core asks (after its size check). */
function cdnFile(url: string, sizeBytes: number): ScriptSource {
  return {
    kind: 'file',
    sizeBytes,
    async download() {
      const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) }).catch((error: unknown) => {
        throw new ReverieError('unavailable', 'error.internal', { cause: error, detail: 'text attachment download failed' });
      });
      if (!response.ok) throw new ReverieError('unavailable', 'error.internal', { detail: `text attachment download: HTTP ${response.status}` });
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}

/**
 * "This text": an attached .txt, else the replied-to message's text or .txt. Without the
 * MessageContent intent someone else's message arrives empty: the core then tells the user how
 * to pass the text instead of making a short about nothing.
 */
async function findScript(discord: DiscordContext, message: Message, trigger: MessageTrigger): Promise<ScriptSource | null> {
  if (trigger.textFile) return cdnFile(trigger.textFile.url, trigger.textFile.sizeBytes);
  if (!trigger.repliedToId) return null;
  const replied = await message.fetchReference().catch(() => null);
  if (!replied) return null;
  const text = replied.content.trim();
  if (text !== '') return { kind: 'text', source: 'reply', text };
  const file = [...replied.attachments.values()].find((attachment) => isTextFile(attachment) && isCdnUrl(attachment.url, discord.cdnBase));
  if (file) return cdnFile(file.url, file.size);
  const hidden = !discord.messageContent && replied.author.id !== discord.client.user.id;
  return hidden ? { kind: 'hidden', messageKey: 'discord.reply-unreadable' } : null;
}

/** A mention in a guild channel or any DM, handed to the chat core. */
export async function handleMessage(discord: DiscordContext, message: Message): Promise<void> {
  const trigger = decodeMessageTrigger(message, discord.client.user.id, discord.cdnBase);
  if (!trigger) return;
  const member = message.member;
  await discord.core.messageArrived({
    requestId: messageRequestId(message.id),
    requester: decodeRequester(message.author, member, trigger.locale),
    origin: decodeOrigin(message.channelId, message.channel, message.guildId),
    receivedAt: discord.now(),
    sentence: trigger.sentence,
    repliedToMessageKey: trigger.repliedToId,
    options: NO_OPTIONS,
    pictures: trigger.pictures,
    maxUploadBytes: uploadBudgetBytes({ attachmentSizeLimit: null, premiumTier: message.guild?.premiumTier ?? null, defaultBytes: discord.uploadDefaultBytes }),
    readScript: () => findScript(discord, message, trigger),
    readAvatar: async () => decodeAvatar(message.author, member, discord.cdnBase),
    acknowledge: (content) => acknowledge(discord, message, trigger, content),
    async replyCard(content) {
      // Under the user's reply, where they wrote it (the clip's thread or channel).
      const card = await discord.messages.send(message.channelId, { content, replyToMessageId: message.id });
      return { statusMessageId: card.id, replyToMessageId: message.id };
    },
  });
}
