import { ThreadAutoArchiveDuration, type Message } from 'discord.js';
import type { ClipRecord } from '../../src/domain/clip.ts';
import { NO_OPTIONS, type Address, type CreationRequest, type ReferencedText } from '../../src/domain/creation-request.ts';
import { ReverieError } from '../../src/domain/errors.ts';
import { translate } from '../../src/i18n/messages.ts';
import { reviseClip } from '../../src/pipeline/revise-clip.ts';
import { decodeTextAttachment, MAX_TEXT_ATTACHMENT_BYTES } from '../../src/pipeline/text-attachment.ts';
import { findInlineScript } from '../../src/planner/read-request.ts';
import { submitFromDiscord, writeCard, type DiscordContext } from './discord-context.ts';
import { messageRequestId } from './discord-ids.ts';
import { threadNameFrom } from './discord-text.ts';
import { decodeAvatar, decodeMessageTrigger, decodeRequester, isCdnUrl, isTextFile, type MessageTrigger } from './decode-message.ts';
import { uploadBudgetBytes } from './upload-budget.ts';

const DOWNLOAD_TIMEOUT_MS = 15_000;

/**
 * The visible acknowledgement, before anything slow: in a text channel a thread on the request
 * message with the status card inside it; in a DM, an existing thread, or where no thread can be
 * started, the card as a plain reply.
 */
async function acknowledge(discord: DiscordContext, message: Message, trigger: MessageTrigger): Promise<Address> {
  const content = translate(trigger.locale, 'ack.received');
  if (trigger.canStartThread) {
    try {
      const thread = await message.startThread({ name: threadNameFrom(trigger.sentence, trigger.locale), autoArchiveDuration: ThreadAutoArchiveDuration.OneDay });
      const card = await discord.messages.send(thread.id, { content });
      return { platform: 'discord', conversationId: message.channelId, threadId: thread.id, replyToMessageId: null, statusMessageId: card.id };
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
  };
}

/** Downloads an attached .txt from the CDN, refusing one larger than a script can be. */
async function downloadText(file: { url: string; sizeBytes: number }): Promise<string> {
  if (file.sizeBytes > MAX_TEXT_ATTACHMENT_BYTES) {
    const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);
    throw new ReverieError('bad-input', 'error.attachment-too-large', { params: { size: megabytes(file.sizeBytes), max: megabytes(MAX_TEXT_ATTACHMENT_BYTES) } });
  }
  const response = await fetch(file.url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) }).catch((error: unknown) => {
    throw new ReverieError('internal', 'error.internal', { cause: error, detail: 'text attachment download failed' });
  });
  if (!response.ok) throw new ReverieError('internal', 'error.internal', { detail: `text attachment download: HTTP ${response.status}` });
  return decodeTextAttachment(new Uint8Array(await response.arrayBuffer()));
}

/**
 * "This text": an attached .txt, else the replied-to message's text or .txt. Without the
 * MessageContent intent someone else's message arrives empty; then the user is told how to pass
 * the text instead of getting a short about nothing.
 */
async function readScript(discord: DiscordContext, message: Message, trigger: MessageTrigger): Promise<ReferencedText | null> {
  if (trigger.textFile) return { source: 'attachment', text: await downloadText(trigger.textFile) };
  if (!trigger.repliedToId) return null;
  const replied = await message.fetchReference().catch(() => null);
  if (!replied) return null;
  const text = replied.content.trim();
  if (text !== '') return { source: 'reply', text };
  const file = [...replied.attachments.values()].find((attachment) => isTextFile(attachment) && isCdnUrl(attachment.url, discord.cdnBase));
  if (file) return { source: 'attachment', text: await downloadText({ url: file.url, sizeBytes: file.size }) };
  const hidden = !discord.messageContent && replied.author.id !== discord.client.user.id;
  if (hidden && findInlineScript(trigger.sentence) === null) throw new ReverieError('bad-input', 'discord.reply-unreadable');
  return null;
}

/**
 * The requester's reply to their own clip ("make it night") revises it in place: a card in the
 * same thread, then the core re-plans from the stored plan (Omni continues its own generation).
 */
async function reviseFromReply(discord: DiscordContext, message: Message, clip: ClipRecord, instruction: string, locale: string): Promise<void> {
  const { reverie, messages } = discord;
  const card = await messages.send(message.channelId, { content: translate(locale, 'control.revising'), replyToMessageId: message.id });
  const outcome = await reviseClip(reverie.context, reverie.queues, clip.id, instruction, {
    eventId: message.id,
    where: { statusMessageId: card.id, replyToMessageId: message.id },
    receivedAt: reverie.context.now(),
  });
  discord.logger.info({ clipId: clip.id, status: outcome.status }, 'discord-revision-submitted');
  if (outcome.status === 'rejected') await messages.edit(message.channelId, card.id, translate(locale, outcome.error.messageKey, outcome.error.params));
  else if (outcome.status !== 'accepted') await messages.remove(message.channelId, card.id).catch(() => undefined);
}

/** A mention in a guild channel or any DM: acknowledge, read the script, submit. */
export async function handleMessage(discord: DiscordContext, message: Message): Promise<void> {
  const trigger = decodeMessageTrigger(message, discord.client.user.id, discord.cdnBase);
  if (!trigger) return;
  if (trigger.repliedToId) {
    const clip = await discord.reverie.context.clips.findByMessage('discord', trigger.repliedToId);
    if (clip && clip.request.requester.userId === message.author.id) return reviseFromReply(discord, message, clip, trigger.sentence, trigger.locale);
  }
  const receivedAt = discord.reverie.context.now();
  const where = await acknowledge(discord, message, trigger);
  const requestId = messageRequestId(message.id);

  let referencedText: ReferencedText | null;
  try {
    referencedText = await readScript(discord, message, trigger);
  } catch (error) {
    if (!(error instanceof ReverieError)) throw error;
    discord.logger.info({ err: error, requestId }, 'discord-script-unreadable');
    await writeCard(discord, { id: requestId, where }, translate(trigger.locale, error.messageKey, error.params));
    return;
  }

  const member = message.member;
  const request: CreationRequest = {
    id: requestId,
    requester: decodeRequester(message.author, member, trigger.locale),
    where,
    sentence: trigger.sentence,
    referencedText,
    attachments: trigger.pictures,
    avatar: decodeAvatar(message.author, member, discord.cdnBase),
    options: NO_OPTIONS,
    maxUploadBytes: uploadBudgetBytes({ attachmentSizeLimit: null, premiumTier: message.guild?.premiumTier ?? null, defaultBytes: discord.uploadDefaultBytes }),
    receivedAt,
  };
  await submitFromDiscord(discord, request);
}
