import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createCommandContext, findCommand } from '../../commands/all-commands.ts';
import type { Reverie } from '../../src/app/create-reverie.ts';
import type { ConsoleSession } from './console-session.ts';
import { startConsoleSession } from './console-session.ts';

/**
 * An interactive terminal chat, like Hubot's shell adapter: type a casual sentence; `> ` lines
 * quote "this text"; `/avatar PATH` sets your picture; `/help`, `/styles`. Resolves when stdin
 * closes and every request in flight has been answered, so piping a file in never hangs.
 */
export async function runConsoleChat(reverie: Reverie, input: NodeJS.ReadableStream, output: NodeJS.WritableStream & { isTTY?: boolean }): Promise<void> {
  const session: ConsoleSession = startConsoleSession(reverie, output);
  const inFlight = new Set<Promise<unknown>>();
  let quoted: string[] = [];
  let avatarPath: string | null = null;
  const lines = createInterface({ input, terminal: false });
  const locale = Intl.DateTimeFormat().resolvedOptions().locale || 'en';
  const commands = createCommandContext(reverie.config);
  output.write('Reverie — type what to make. "> " lines quote the text to use; /avatar PATH sets your picture; /help.\n');

  for await (const rawLine of lines) {
    const line = rawLine.trim();
    if (line === '') continue;
    if (rawLine.startsWith('>')) {
      quoted.push(rawLine.replace(/^>\s?/, ''));
      continue;
    }
    if (line.startsWith('/avatar')) {
      avatarPath = resolve(line.slice('/avatar'.length).trim());
      output.write(`avatar: ${avatarPath}\n`);
      continue;
    }
    const slash = /^\/(\w+)\s*(.*)$/.exec(line);
    const command = slash?.[1] ? findCommand(slash[1]) : undefined;
    if (command && command.name !== 'short') {
      const result = command.run({ options: {}, locale, context: commands });
      if (result.kind === 'reply') output.write(`${result.text}\n`);
      continue;
    }
    const sentence = command ? (slash?.[2] ?? '') : line;
    const referencedText = quoted.length > 0 ? { source: 'quote' as const, text: quoted.join('\n') } : null;
    quoted = [];
    const request = session.create({ sentence, referencedText, avatarPath, outPath: null });
    inFlight.add(request);
    void request.finally(() => inFlight.delete(request));
  }
  await Promise.allSettled([...inFlight]);
  await session.close();
}
