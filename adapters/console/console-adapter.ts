import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { ChatHub } from '../../src/chat/chat-core.ts';
import { decodeLine } from './decode-line.ts';
import { startConsoleSession, type ConsoleOptions, type ConsoleSession } from './handle-input.ts';

/**
 * An interactive terminal chat, like Hubot's shell adapter: type a casual sentence; `> ` lines
 * quote "this text"; `/avatar PATH` sets your picture; `/help`, `/styles`. Resolves when stdin
 * closes and every request in flight has been answered, so piping a file in never hangs.
 */
export async function runConsoleChat(hub: ChatHub, options: ConsoleOptions, input: NodeJS.ReadableStream, output: NodeJS.WritableStream & { isTTY?: boolean }): Promise<void> {
  const session: ConsoleSession = startConsoleSession(hub, output, options);
  const inFlight = new Set<Promise<unknown>>();
  let quoted: string[] = [];
  let avatarPath: string | null = null;
  const lines = createInterface({ input, terminal: false });
  output.write('Reverie — type what to make. "> " lines quote the text to use; /avatar PATH sets your picture; /help.\n');

  for await (const rawLine of lines) {
    const line = decodeLine(rawLine);
    if (line.kind === 'blank') continue;
    if (line.kind === 'quote') {
      quoted.push(line.text);
      continue;
    }
    if (line.kind === 'avatar') {
      avatarPath = resolve(line.path);
      output.write(`avatar: ${avatarPath}\n`);
      continue;
    }
    const referencedText = quoted.length > 0 ? { source: 'quote' as const, text: quoted.join('\n') } : null;
    quoted = [];
    const given = { referencedText, avatarPath, outPath: null };
    const request = line.kind === 'command' ? session.command(line.name, line.values, given) : session.create({ ...given, sentence: line.text });
    inFlight.add(request);
    void request.finally(() => inFlight.delete(request));
  }
  await Promise.allSettled([...inFlight]);
  await session.close();
}
