import type { Address, MediaRef, Origin, ReferencedText, Requester, RequestOptions } from '../domain/creation-request.ts';
import type { MessageKey } from '../i18n/messages.ts';

/**
 * What adapters tell the chat core, in platform-neutral terms. An adapter decodes a platform
 * event into one of these, filling in the few callbacks only it can perform (post the first
 * card, read a file, check a moderator), and the core does the rest.
 */

/** Where a card goes: the message it replies to, and the card's own id once posted. */
export type CardPlacement = Pick<Address, 'statusMessageId' | 'replyToMessageId'>;

/** "This text" as the platform offers it. */
export type ScriptSource =
  /** Words already in hand (a replied-to message, quoted lines). */
  | { kind: 'text'; source: ReferencedText['source']; text: string }
  /** An attached .txt still to download; `sizeBytes` when the platform states it. */
  | { kind: 'file'; sizeBytes: number | null; download(maxBytes: number): Promise<Uint8Array> }
  /**
   * The platform hid the replied-to text (Discord without the MessageContent intent): unless the
   * sentence carries the script inline, the user is told `messageKey` (how to pass it instead).
   */
  | { kind: 'hidden'; messageKey: MessageKey };

/** What every event that may become a creation carries. */
export interface RequestEvent {
  /** Derived from the platform event id, so a re-delivered event maps to the same request. */
  requestId: string;
  requester: Requester;
  /** The conversation (and its server or group) the event came from, for channel lists and /settings. */
  origin: Origin;
  receivedAt: number;
  options: RequestOptions;
  pictures: MediaRef[];
  /** Largest upload the destination accepts, in bytes. */
  maxUploadBytes: number;
  /** Reads "this text"; called after the acknowledgement (it may be slow). */
  readScript(): Promise<ScriptSource | null>;
  /** The requester's picture; called only when the request does not decline it. */
  readAvatar(): Promise<MediaRef | null>;
  /**
   * Posts the one status card at once and says where the request lives from now on (a platform
   * may open a thread for it, named from `sentence`).
   */
  acknowledge(text: string, sentence: string): Promise<Address>;
  /** Posts a card replying to this event's message, in the conversation `under` lives in. */
  replyCard(text: string, under: Address): Promise<CardPlacement>;
}

export interface IncomingMessage extends RequestEvent {
  sentence: string;
  /** The platform's key of the message this one replies to: a requester's reply to their clip revises it. */
  repliedToMessageKey: string | null;
}

/** A command's answer in pictures: the adapter only posts the files the core drew. */
export interface GalleryReply {
  items: { title: string; caption: string; imagePath: string }[];
}

export interface CommandInvocation extends RequestEvent {
  name: string;
  /** Option values by name, typed by the platform (or parsed from text by commands/). */
  values: Record<string, string | number | boolean | undefined>;
  /** A private chat: an unknown command there gets the help; in a group it belongs to another bot. */
  direct: boolean;
  /** Answers a command that only replies (privately where the platform can). */
  reply(text: string, commandName: string): Promise<void>;
  /** Answers with pictures (the /styles thumbnails), each a local JPEG with a title and caption. */
  replyGallery(gallery: GalleryReply, commandName: string): Promise<void>;
  /**
   * Whether the caller administers this community: Discord Manage Server, a Telegram chat
   * administrator; in a DM, a private chat or the terminal the space is the caller's own (true).
   */
  isAdmin(): Promise<boolean>;
}

export const CONTROL_ACTIONS = ['regenerate', 'variation', 'delete', 'retry'] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

/** A button pressed or a reaction added on one of Reverie's messages. */
export interface ControlEvent {
  action: ControlAction;
  via: 'button' | 'reaction';
  /** The clip (or, for retry, the failed request) the control names; null = find it by `messageKey`. */
  targetId: string | null;
  /** The platform's key of the message the control is on. */
  messageKey: string;
  userId: string;
  /** The user's own locale, for the answer. */
  locale: string;
  receivedAt: number;
  /** Whether this user may act on someone else's clip (Manage Messages, a chat administrator). */
  canModerate(): Promise<boolean>;
  /** Posts a card replying to the control's message, in the conversation `under` lives in. */
  replyCard(text: string, under: Address): Promise<CardPlacement>;
  /** Deletes the message the control is on; 'too-old' where the platform no longer allows it. */
  deleteMessage(): Promise<'deleted' | 'too-old'>;
}

/** What to tell the user who used a control; `alert` marks a refusal they must notice. */
export interface ControlAnswer {
  text: string;
  alert: boolean;
}

/** How an intake ended, for adapters that wait on it (the terminal). */
export type IntakeOutcome = { status: 'accepted'; requestId: string } | { status: 'duplicate' | 'ignored'; requestId: string | null } | { status: 'rejected'; requestId: string; text: string };
