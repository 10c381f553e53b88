import { GrammyError } from 'grammy';

/** Telegram's "nothing changed" answer to an edit: the status already shows this text. */
export function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 400 && error.description.includes('message is not modified');
}

/** The message is gone (deleted by a user or a moderator): nothing left to edit or reply to. */
export function isMessageGone(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 400 && /message to (edit|delete) not found|message can't be edited|message to be replied not found/.test(error.description);
}

/** Bots may delete messages for 48 hours only. */
export function isTooOldToDelete(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 400 && error.description.includes("message can't be deleted");
}

/** 403: the user blocked the bot, or the bot was removed from the group. Logged, never retried. */
export function isForbidden(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 403;
}

/** 413: the upload is larger than this Bot API server accepts. */
export function isTooLarge(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 413;
}

/** A short description for logs: never the request payload (it may carry user text). */
export function describeError(error: unknown): { code?: number; description: string; method?: string } {
  if (error instanceof GrammyError) return { code: error.error_code, description: error.description, method: error.method };
  return { description: error instanceof Error ? error.message : String(error) };
}
