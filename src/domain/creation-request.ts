import { z } from 'zod';

/**
 * A creation request as the core sees it, whatever platform it came from. JSON-safe: it crosses
 * the queue and is stored with the clip so a regenerate works after a restart.
 */

export const PLATFORMS = ['console', 'discord', 'telegram'] as const;
export const Platform = z.enum(PLATFORMS);
export type Platform = z.infer<typeof Platform>;

/** Who asked. `userId` is the platform's own id; `locale` drives every reply's language. */
export const Requester = z.object({
  userId: z.string().min(1),
  displayName: z.string().max(100),
  /** BCP-47 tag from the platform ('en-US', 'zh-CN', 'zh-TW'), or 'en' when unknown. */
  locale: z.string().min(2).max(35),
});
export type Requester = z.infer<typeof Requester>;

/**
 * Where to answer. Ids are platform strings; `conversationId` is a Discord channel or a Telegram
 * chat, `threadId` a Discord thread or a Telegram forum topic.
 */
export const Address = z.object({
  platform: Platform,
  conversationId: z.string().min(1),
  threadId: z.string().nullable(),
  /** The request message to reply to, or null (slash command, console). */
  replyToMessageId: z.string().nullable(),
  /** The one status message the adapter edits in place; null until the adapter posted it. */
  statusMessageId: z.string().nullable(),
  /**
   * The community the conversation belongs to: a Discord guild id, a Telegram group's chat id;
   * null for DMs, private chats and the terminal. Defaulted so jobs queued before it existed parse.
   */
  communityId: z.string().nullable().default(null),
});
export type Address = z.infer<typeof Address>;

/** Where an event happened, known before any card is posted (channel lists, `/settings channels:here`). */
export type Origin = Pick<Address, 'conversationId' | 'threadId' | 'communityId'>;

/**
 * A reference to a picture the worker can fetch: an http(s) URL, or a key in the media store that
 * adapters and workers share. `path` (a file on the adapter's machine) exists only until the chat
 * core hands the bytes to the store: a worker may run elsewhere.
 */
export const MediaRef = z.object({
  kind: z.enum(['path', 'url', 'stored']),
  location: z.string().min(1),
  mimeType: z.string().nullable(),
  /** Where the reference came from, for honest messages ("your server avatar"). */
  source: z.enum(['avatar', 'attachment']),
});
export type MediaRef = z.infer<typeof MediaRef>;

/** "This text": where the script came from and the words themselves. */
export const ReferencedText = z.object({
  source: z.enum(['reply', 'quote', 'attachment', 'inline']),
  text: z.string(),
});
export type ReferencedText = z.infer<typeof ReferencedText>;

export const MAX_SENTENCE_CHARS = 4000;
export const MAX_SCRIPT_CHARS = 4000;

/** What the user may pin down explicitly (slash-command options); null = let the planner decide. */
export const RequestOptions = z.object({
  useAvatar: z.boolean().nullable(),
  style: z.string().nullable(),
  orientation: z.enum(['vertical', 'landscape', 'square']).nullable(),
  seconds: z.number().int().min(2).max(60).nullable(),
  model: z.string().nullable(),
});
export type RequestOptions = z.infer<typeof RequestOptions>;

export const NO_OPTIONS: RequestOptions = {
  useAvatar: null,
  style: null,
  orientation: null,
  seconds: null,
  model: null,
};

export const CreationRequest = z.object({
  /** Derived from the platform event id: a re-delivered event maps to the same id. */
  id: z.string().regex(/^[A-Za-z0-9_-]+$/, 'ids carry no ":" (BullMQ job ids) '),
  requester: Requester,
  where: Address,
  sentence: z.string(),
  referencedText: ReferencedText.nullable(),
  /** Reference pictures attached to the request. */
  attachments: z.array(MediaRef).max(4),
  /** The requester's profile picture, when the platform has one. */
  avatar: MediaRef.nullable(),
  options: RequestOptions,
  /** Largest upload the destination accepts, in bytes (Discord: the interaction's limit). */
  maxUploadBytes: z.number().int().positive(),
  /** Epoch ms when the platform event arrived. */
  receivedAt: z.number().int(),
});
export type CreationRequest = z.infer<typeof CreationRequest>;
