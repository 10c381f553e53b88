import type { ControlAction } from '../../src/chat/chat-events.ts';

/**
 * The clip's controls: inline buttons (callback_data, at most 64 bytes) and reactions. Buttons
 * carry the clip id when it fits; otherwise only the action, and the clip is found by the
 * message the button sits on.
 */

/** What a clip's buttons carry ("Try again" has its own callback data). */
export type ClipAction = Exclude<ControlAction, 'retry'>;
type RegenerateMode = Exclude<ClipAction, 'delete'>;

const ACTION_CODES: Record<ClipAction, string> = { regenerate: 'r', variation: 'v', delete: 'd' };
const CODE_ACTIONS = new Map(Object.entries(ACTION_CODES).map(([action, code]) => [code, action as ClipAction]));
export const MAX_CALLBACK_DATA_BYTES = 64;

export function encodeControl(action: ClipAction, clipId: string): string {
  const full = `${ACTION_CODES[action]}:${clipId}`;
  return Buffer.byteLength(full, 'utf8') <= MAX_CALLBACK_DATA_BYTES ? full : ACTION_CODES[action];
}

/** null for data that is not ours (an old keyboard, another bot's format). */
export function decodeControl(data: string | undefined): { action: ClipAction; clipId: string | null } | null {
  const match = /^([a-z])(?::([A-Za-z0-9_-]+))?$/.exec(data ?? '');
  const action = match?.[1] ? CODE_ACTIONS.get(match[1]) : undefined;
  if (!action) return null;
  return { action, clipId: match?.[2] ?? null };
}

/** "Try again" on a failure message: `t:<requestId>`, or null when the id does not fit. */
export function encodeRetry(requestId: string): string | null {
  const data = `t:${requestId}`;
  return Buffer.byteLength(data, 'utf8') <= MAX_CALLBACK_DATA_BYTES ? data : null;
}

export function decodeRetry(data: string | undefined): string | null {
  return /^t:([A-Za-z0-9_-]+)$/.exec(data ?? '')?.[1] ?? null;
}

/** Emoji compare without variation selectors: Telegram's ❤ and a configured ❤️ are one reaction. */
function normalizeEmoji(emoji: string): string {
  return emoji.replace(/\uFE0F/g, '').trim();
}

/** "👎, 😢" → the set of reactions; commas or spaces separate. */
export function parseReactionList(value: string): Set<string> {
  return new Set(
    value
      .split(/[\s,]+/)
      .map(normalizeEmoji)
      .filter((emoji) => emoji !== ''),
  );
}

export interface ReactionMap {
  regenerate: Set<string>;
  variation: Set<string>;
}

/** The mode a newly added reaction asks for; regenerate wins if both were added at once. */
export function reactionMode(added: readonly string[], map: ReactionMap): RegenerateMode | null {
  const normalized = added.map(normalizeEmoji);
  if (normalized.some((emoji) => map.regenerate.has(emoji))) return 'regenerate';
  if (normalized.some((emoji) => map.variation.has(emoji))) return 'variation';
  return null;
}

/** The first configured emoji of each kind, for /help. */
export function reactionHint(map: ReactionMap): { regenerate: string; variation: string } {
  return { regenerate: [...map.regenerate][0] ?? '👎', variation: [...map.variation][0] ?? '🤩' };
}
