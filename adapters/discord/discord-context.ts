import type { Client } from 'discord.js';
import type { CommandContext } from '../../commands/command-types.ts';
import type { Reverie } from '../../src/app/create-reverie.ts';
import type { CreationRequest } from '../../src/domain/creation-request.ts';
import type { StatusTracker } from '../../src/delivery/status-tracker.ts';
import { translate } from '../../src/i18n/messages.ts';
import type { Logger } from '../../src/log/logger.ts';
import { submitRequest, type SubmitOutcome } from '../../src/pipeline/submit-request.ts';
import { formatAddress, statusChannelOf } from './discord-ids.ts';
import type { DiscordMessages } from './discord-messages.ts';

/** What the event handlers share; built once by the adapter, passed explicitly. */
export interface DiscordContext {
  client: Client<true>;
  reverie: Reverie;
  messages: DiscordMessages;
  tracker: StatusTracker;
  logger: Logger;
  /** DISCORD_CDN_BASE: the only origin avatars, pictures and .txt files are fetched from. */
  cdnBase: string;
  /** DISCORD_UPLOAD_BYTES. */
  uploadDefaultBytes: number;
  /** Whether the MessageContent intent was requested (replied-to text is readable). */
  messageContent: boolean;
  /** What commands may know of this server (the configured video models), built once. */
  commands: CommandContext;
}

/** Writes text onto a request's status card; a card that cannot be edited is logged, not fatal. */
export async function writeCard(discord: DiscordContext, request: Pick<CreationRequest, 'id' | 'where'>, text: string): Promise<void> {
  if (request.where.statusMessageId === null) return;
  await discord.messages.edit(statusChannelOf(request.where), request.where.statusMessageId, text).catch((error: unknown) => {
    discord.logger.warn({ err: error, requestId: request.id }, 'discord-card-edit-failed');
  });
}

/**
 * Hands an acknowledged request to the core. Accepted: the tracker takes over the card. Rejected:
 * the card says why, in the user's language. Duplicate: the same event was seen before; its job
 * answers on its own card.
 */
export async function submitFromDiscord(discord: DiscordContext, request: CreationRequest): Promise<SubmitOutcome> {
  const { reverie, logger } = discord;
  const outcome = await submitRequest(reverie.context, reverie.queues, request);
  logger.info({ requestId: request.id, where: formatAddress(request.where), status: outcome.status }, 'discord-request-submitted');
  if (outcome.status === 'accepted') discord.tracker.track(request, outcome.queuePosition);
  if (outcome.status === 'rejected') {
    await writeCard(discord, request, translate(request.requester.locale, outcome.error.messageKey, outcome.error.params));
  }
  return outcome;
}
