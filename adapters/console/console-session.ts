import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Reverie } from '../../src/app/create-reverie.ts';
import { NO_OPTIONS, type CreationRequest, type MediaRef, type ReferencedText, type RequestOptions } from '../../src/domain/creation-request.ts';
import { ReverieError } from '../../src/domain/errors.ts';
import { connectChatPort } from '../../src/delivery/connect-chat-port.ts';
import { translate } from '../../src/i18n/messages.ts';
import { submitRequest } from '../../src/pipeline/submit-request.ts';
import { decodeTextAttachment } from '../../src/pipeline/text-attachment.ts';
import { createConsolePort, type ConsoleOutcome } from './console-port.ts';

export interface ConsoleRequestInput {
  sentence: string;
  /** Quoted "this text" (`> ` lines) or the contents of --text. */
  referencedText: ReferencedText | null;
  avatarPath: string | null;
  outPath: string | null;
  options?: RequestOptions;
}

export interface ConsoleSession {
  /** Submits and resolves when the clip (or the failure) has been posted; bad input resolves at once. */
  create(input: ConsoleRequestInput): Promise<ConsoleOutcome>;
  /** Requests still being made. */
  pending(): number;
  close(): Promise<void>;
}

const locale = () => Intl.DateTimeFormat().resolvedOptions().locale || 'en';

/** Reads a --text file the way chat adapters read an attached .txt. */
export async function readTextFile(path: string): Promise<ReferencedText> {
  return { source: 'attachment', text: decodeTextAttachment(await readFile(path)) };
}

/**
 * One terminal user talking to Reverie through the real queue: requests go to the same plan and
 * render workers as Discord's, and come back through this session's own delivery queue.
 */
export function startConsoleSession(reverie: Reverie, output: NodeJS.WritableStream & { isTTY?: boolean }): ConsoleSession {
  const sessionId = randomBytes(6).toString('hex');
  const where = { platform: 'console' as const, conversationId: sessionId };
  const waiting = new Map<string, (outcome: ConsoleOutcome) => void>();
  const outPaths = new Map<string, string>();
  let counter = 0;
  const { context } = reverie;
  const port = createConsolePort({
    output,
    outputPathFor: (requestId) => outPaths.get(requestId) ?? resolve(join(reverie.config.DATA_DIR, 'out', `${requestId}.mp4`)),
    onOutcome: (requestId, outcome) => {
      waiting.get(requestId)?.(outcome);
      waiting.delete(requestId);
    },
  });
  const connection = connectChatPort(reverie, port, {
    owns: (request) => request.where.platform === 'console' && request.where.conversationId === sessionId,
    where,
    minEditIntervalMs: 250,
  });

  return {
    async create(input) {
      counter += 1;
      const avatar: MediaRef | null = input.avatarPath
        ? { kind: 'path', location: resolve(input.avatarPath), mimeType: null, source: 'avatar' }
        : null;
      const request: CreationRequest = {
        id: `console-${sessionId}-${counter}`,
        requester: { userId: process.env.USER ?? 'you', displayName: process.env.USER ?? 'you', locale: locale() },
        where: { ...where, threadId: null, replyToMessageId: null, statusMessageId: null },
        sentence: input.sentence,
        referencedText: input.referencedText,
        attachments: [],
        avatar,
        options: input.options ?? NO_OPTIONS,
        maxUploadBytes: Number.MAX_SAFE_INTEGER,
        receivedAt: context.now(),
      };
      if (input.outPath) outPaths.set(request.id, resolve(input.outPath));
      output.write(`${translate(request.requester.locale, 'ack.received')}\n`);
      const done = new Promise<ConsoleOutcome>((resolveOutcome) => waiting.set(request.id, resolveOutcome));
      const outcome = await submitRequest(context, reverie.queues, request);
      if (outcome.status === 'rejected') {
        waiting.delete(request.id);
        return reportRejection(outcome.error, request.requester.locale, output);
      }
      connection.tracker.track(request, outcome.status === 'accepted' ? outcome.queuePosition : null);
      return done;
    },
    pending: () => waiting.size,
    close: () => connection.close(),
  };
}

function reportRejection(error: ReverieError, userLocale: string, output: NodeJS.WritableStream): ConsoleOutcome {
  const text = translate(userLocale, error.messageKey, error.params);
  output.write(`✖ ${text}\n`);
  return { status: 'failed', text, path: null };
}
