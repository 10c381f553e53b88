import { findCommand } from '../../commands/all-commands.ts';
import type { Caller, CommandOption, CommandResult, RecordCommand } from '../../commands/command-types.ts';
import type { RequestOptions } from '../domain/creation-request.ts';
import { translate } from '../i18n/messages.ts';
import type { CommandInvocation, GalleryReply, IntakeOutcome, RequestEvent } from './chat-events.ts';
import { inCommunityLanguage, viewCommunity, type CommunityView } from './community-view.ts';
import type { CoreParts } from './core-parts.ts';

/** Starts a creation from an event (the request intake's `create`). */
export type CreateFromEvent = (event: RequestEvent, sentence: string, options: RequestOptions) => Promise<IntakeOutcome>;

/** Changing the channel list must stay possible from a channel the list leaves out. */
const ANSWERS_EVERYWHERE = new Set(['settings']);

type GalleryResult = Extract<CommandResult, { kind: 'gallery' }>;

const IGNORED: IntakeOutcome = { status: 'ignored', requestId: null };

/**
 * Commands from commands/, for every platform: the channel list and community language first, then
 * the admin check, then a pure command's reply or creation, or a record command's answer.
 */
export function createCommandIntake(parts: CoreParts, create: CreateFromEvent) {
  const { context, records, port } = parts;

  const callerOf = (invocation: CommandInvocation, view: CommunityView): Caller => {
    let admin: Promise<boolean> | null = null;
    return {
      platform: port.platform,
      userId: invocation.requester.userId,
      displayName: invocation.requester.displayName,
      community: view.community,
      origin: invocation.origin,
      // Asked at most once, and only when needed (a Telegram API call).
      isAdmin: () => (admin ??= invocation.isAdmin()),
    };
  };

  const answer = async (command: RecordCommand, invocation: CommandInvocation, caller: Caller, view: CommunityView): Promise<string> => {
    if (!records) return translate(view.locale, 'command.no-records', { command: command.name });
    return command.answer({ options: invocation.values, locale: view.locale, context: parts.commands, caller, records, settings: view.settings, now: context.now() });
  };

  /** Pictures drawn here, in the core; a drawing that fails falls back to the gallery's text. */
  const replyGallery = async (invocation: CommandInvocation, gallery: GalleryResult, commandName: string): Promise<void> => {
    let items: GalleryReply['items'];
    try {
      items = await Promise.all(gallery.entries.map(async (entry) => ({ title: entry.title, caption: entry.caption, imagePath: await parts.styleThumbnails(entry.style) })));
    } catch (error) {
      context.logger.warn({ err: error, command: commandName }, 'gallery-draw-failed');
      await invocation.reply(gallery.text, commandName);
      return;
    }
    await invocation.replyGallery({ items }, commandName);
  };

  return {
    async commandInvoked(received: CommandInvocation): Promise<IntakeOutcome> {
      const command = findCommand(received.name);
      const view = await viewCommunity(parts, received);
      if (!view.allowed && !(command && ANSWERS_EVERYWHERE.has(command.name))) return IGNORED;
      const invocation = inCommunityLanguage(received, view);
      const { locale } = invocation.requester;
      if (!command) {
        const help = findCommand('help');
        if (invocation.direct && help?.kind === 'pure') {
          const result = help.run({ options: {}, locale, context: parts.commands });
          if (result.kind === 'reply') await invocation.reply(result.text, 'help');
        }
        return IGNORED;
      }
      const caller = callerOf(invocation, view);
      if (command.access === 'admin' && !(await caller.isAdmin())) {
        context.logger.info({ command: command.name, platform: port.platform }, 'command-refused-not-admin');
        await invocation.reply(translate(locale, 'command.admin-only', { command: command.name }), command.name);
        return IGNORED;
      }
      if (command.kind === 'record') {
        await invocation.reply(await answer(command, invocation, caller, view), command.name);
        return IGNORED;
      }
      const result = command.run({ options: invocation.values, locale, context: parts.commands });
      if (result.kind === 'reply') {
        await invocation.reply(result.text, command.name);
        return IGNORED;
      }
      if (result.kind === 'gallery') {
        await replyGallery(invocation, result, command.name);
        return IGNORED;
      }
      return create(invocation, result.sentence, { ...invocation.options, ...pickSet(result.options) });
    },

    findOption(commandName: string, optionName: string): CommandOption | undefined {
      return findCommand(commandName)?.options.find((option) => option.name === optionName);
    },
  };
}

/** A command's options override the event's only where the user set them. */
function pickSet(options: RequestOptions): Partial<RequestOptions> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== null));
}
