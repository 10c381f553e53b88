import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ChatCore, ChatHub } from '../../src/chat/chat-core.ts';
import type { CommandInvocation, IntakeOutcome, RequestEvent } from '../../src/chat/chat-events.ts';
import { NO_OPTIONS, type Address, type MediaRef, type ReferencedText, type RequestOptions } from '../../src/domain/creation-request.ts';
import { decodeTextAttachment } from '../../src/chat/text-attachment.ts';
import { createConsolePort, type ConsoleOutcome } from './console-port.ts';

export interface ConsoleRequestInput {
  sentence: string;
  /** Quoted "this text" (`> ` lines) or the contents of --text. */
  referencedText: ReferencedText | null;
  avatarPath: string | null;
  outPath: string | null;
  options?: RequestOptions;
}

export interface ConsoleOptions {
  /** Where clips go without --out: DATA_DIR/out. */
  outDir: string;
}

export interface ConsoleSession {
  /** Submits and resolves when the clip (or the failure) has been posted; bad input resolves at once. */
  create(input: ConsoleRequestInput): Promise<ConsoleOutcome>;
  /** A `/name args` line: a reply is printed; a creation resolves like `create`. */
  command(name: string, values: CommandInvocation['values'], input: Omit<ConsoleRequestInput, 'sentence'>): Promise<ConsoleOutcome | null>;
  close(): Promise<void>;
}

const locale = () => Intl.DateTimeFormat().resolvedOptions().locale || 'en';

/** Reads a --text file the way chat adapters read an attached .txt. */
export async function readTextFile(path: string): Promise<ReferencedText> {
  return { source: 'attachment', text: decodeTextAttachment(await readFile(path)) };
}

/**
 * One terminal user talking to Reverie through the chat core and the real queue: requests go to
 * the same plan and render workers as Discord's, and come back through this session's own
 * delivery queue.
 */
export function startConsoleSession(hub: ChatHub, output: NodeJS.WritableStream & { isTTY?: boolean }, options: ConsoleOptions): ConsoleSession {
  const sessionId = randomBytes(6).toString('hex');
  const here: Address = { platform: 'console', conversationId: sessionId, threadId: null, replyToMessageId: null, statusMessageId: null, communityId: null };
  const waiting = new Map<string, (outcome: ConsoleOutcome) => void>();
  const outPaths = new Map<string, string>();
  let counter = 0;
  const port = createConsolePort({
    output,
    outputPathFor: (requestId) => outPaths.get(requestId) ?? resolve(join(options.outDir, `${requestId}.mp4`)),
    onOutcome: (requestId, outcome) => {
      waiting.get(requestId)?.(outcome);
      waiting.delete(requestId);
    },
  });
  const core: ChatCore = hub.connect(port, { conversationId: sessionId, minEditIntervalMs: 250 });

  const eventOf = (input: Omit<ConsoleRequestInput, 'sentence'>): RequestEvent => {
    counter += 1;
    const requestId = `console-${sessionId}-${counter}`;
    if (input.outPath) outPaths.set(requestId, resolve(input.outPath));
    const avatar: MediaRef | null = input.avatarPath ? { kind: 'path', location: resolve(input.avatarPath), mimeType: null, source: 'avatar' } : null;
    return {
      requestId,
      requester: { userId: process.env.USER ?? 'you', displayName: process.env.USER ?? 'you', locale: locale() },
      origin: here,
      receivedAt: Date.now(),
      options: input.options ?? NO_OPTIONS,
      pictures: [],
      maxUploadBytes: Number.MAX_SAFE_INTEGER,
      readScript: async () => (input.referencedText ? { kind: 'text', ...input.referencedText } : null),
      readAvatar: async () => avatar,
      async acknowledge(text) {
        output.write(`${text}\n`);
        return here;
      },
      replyCard: async () => ({ statusMessageId: null, replyToMessageId: null }),
    };
  };

  /** Waits for the delivery of an accepted request; anything else has already been printed. */
  const settle = async (requestId: string, intake: Promise<IntakeOutcome>): Promise<ConsoleOutcome> => {
    const done = new Promise<ConsoleOutcome>((resolveOutcome) => waiting.set(requestId, resolveOutcome));
    const outcome = await intake;
    if (outcome.status === 'accepted') return done;
    waiting.delete(requestId);
    return { status: 'failed', text: outcome.status === 'rejected' ? outcome.text : outcome.status, path: null };
  };

  return {
    create(input) {
      const event = eventOf(input);
      return settle(event.requestId, core.messageArrived({ ...event, sentence: input.sentence, repliedToMessageKey: null }));
    },
    async command(name, values, input) {
      const event = eventOf(input);
      let replied = false;
      const intake = core.commandInvoked({
        ...event,
        name,
        values,
        direct: true,
        // The terminal is its owner's own space: they administer it.
        isAdmin: async () => true,
        async reply(text) {
          replied = true;
          output.write(`${text}\n`);
        },
        // A terminal shows no pictures: each one's title and caption, then the JPEG's path to open.
        async replyGallery(gallery) {
          replied = true;
          output.write(gallery.items.map((item) => `• ${item.title} — ${item.caption}\n  ${item.imagePath}\n`).join(''));
        },
      });
      const outcome = await settle(event.requestId, intake);
      return replied ? null : outcome;
    },
    close: () => core.close(),
  };
}
