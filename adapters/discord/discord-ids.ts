import type { ControlAction } from '../../src/chat/chat-events.ts';
import type { Address } from '../../src/domain/creation-request.ts';

/**
 * How Discord ids map onto Reverie's. Request ids come from the platform event id, so a
 * re-delivered event (or a second process seeing it) finds the job that already exists. They
 * carry no ':' because they become BullMQ job ids.
 */
export function messageRequestId(messageId: string): string {
  return `discord-m${messageId}`;
}

export function interactionRequestId(interactionId: string): string {
  return `discord-i${interactionId}`;
}

/** A request straight from a user's event, not a new take of a clip (`<clipId>-r` / `-v`). */
export function isFirstTake(requestId: string): boolean {
  return /^discord-[mi]\d+$/.test(requestId);
}

/** Where the clip and any new message of a request go: its thread, else its channel. */
export function postChannelOf(where: Address): string {
  return where.threadId ?? where.conversationId;
}

/**
 * The channel holding the status card. A thread's id equals its starter message's id, so a card
 * whose id is the thread id is the message the thread was started on (a slash command's reply),
 * and lives in the parent channel; any other card lives where the request is answered.
 */
export function statusChannelOf(where: Address): string {
  return where.threadId !== null && where.statusMessageId === where.threadId ? where.conversationId : postChannelOf(where);
}

/**
 * True when the thread was started by us for this request (so naming it is ours to do): a mention's
 * thread has the request message's id, a slash command's thread the id of our reply.
 */
export function isOwnThread(requestId: string, where: Address): boolean {
  if (where.threadId === null || !isFirstTake(requestId)) return false;
  return requestId === messageRequestId(where.threadId) || (requestId.startsWith('discord-i') && where.statusMessageId === where.threadId);
}

/** The actions a clip's buttons and reactions carry ("Try again" is a failure card's own button). */
export const CLIP_ACTIONS = ['regenerate', 'variation', 'delete'] as const satisfies readonly ControlAction[];
export type ClipAction = (typeof CLIP_ACTIONS)[number];

const ACTION_CODES: Record<ClipAction, string> = { regenerate: 'r', variation: 'v', delete: 'd' };
const CUSTOM_ID_PREFIX = 'reverie';
/** Discord's cap on a component's custom_id. */
export const MAX_CUSTOM_ID_CHARS = 100;

/**
 * A button's custom_id: `reverie:<r|v|d>:<clipId>`. The clip id makes the button work after a
 * restart without any memory of ours; one too long to fit is left out (`reverie:r:`), and the
 * clip is then found by the message the button is on.
 */
export function encodeControlId(action: ClipAction, clipId: string): string {
  const full = `${CUSTOM_ID_PREFIX}:${ACTION_CODES[action]}:${clipId}`;
  return full.length <= MAX_CUSTOM_ID_CHARS ? full : `${CUSTOM_ID_PREFIX}:${ACTION_CODES[action]}:`;
}

export function decodeControlId(customId: string): { action: ClipAction; clipId: string | null } | null {
  const [prefix, code, clipId, ...rest] = customId.split(':');
  if (prefix !== CUSTOM_ID_PREFIX || rest.length > 0 || clipId === undefined) return null;
  const action = CLIP_ACTIONS.find((candidate) => ACTION_CODES[candidate] === code);
  if (!action) return null;
  return { action, clipId: /^[A-Za-z0-9_-]+$/.test(clipId) ? clipId : null };
}

/** Reactions on a clip that do what its buttons do. */
export const REACTION_ACTIONS: Readonly<Record<string, ClipAction>> = { '🔁': 'regenerate', '🎲': 'variation', '❌': 'delete' };

/** Button emoji, in button order. */
export const CONTROL_EMOJI: Readonly<Record<ClipAction, string>> = { regenerate: '🔁', variation: '🎲', delete: '🗑️' };

/** The action a reaction emoji stands for; variation selectors (U+FE0F) are ignored. */
export function actionForEmoji(emoji: string | null): ClipAction | null {
  if (!emoji) return null;
  return REACTION_ACTIONS[emoji.replace(/\uFE0F/g, '')] ?? null;
}

/** "Try again" on a failure card: `reverie-retry:<requestId>` (a request, not a clip, is retried). */
const RETRY_PREFIX = 'reverie-retry:';

export function encodeRetryId(requestId: string): string | null {
  const customId = `${RETRY_PREFIX}${requestId}`;
  return customId.length <= MAX_CUSTOM_ID_CHARS ? customId : null;
}

export function decodeRetryId(customId: string): string | null {
  if (!customId.startsWith(RETRY_PREFIX)) return null;
  const requestId = customId.slice(RETRY_PREFIX.length);
  return /^[A-Za-z0-9_-]+$/.test(requestId) ? requestId : null;
}
