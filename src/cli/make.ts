import { parseArgs } from 'node:util';
import { readTextFile, startConsoleSession } from '../../adapters/console/console-session.ts';
import { createCommandContext } from '../../commands/all-commands.ts';
import { shortCommand } from '../../commands/short-command.ts';
import { startProcess } from '../app/start-process.ts';

/**
 * One-shot form for scripts:
 *   npm run make -- "make this holiday text into a short with my avatar" --text holiday.txt --avatar me.png --out short.mp4
 * Goes through the same queue and workers as the chat adapters, prints the plan and the path.
 */
const usage = 'usage: npm run make -- "<sentence>" [--text FILE] [--avatar IMAGE] [--out FILE.mp4] [--style NAME] [--orientation vertical|landscape|square] [--seconds N] [--model KEY]';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    text: { type: 'string' },
    avatar: { type: 'string' },
    out: { type: 'string' },
    style: { type: 'string' },
    orientation: { type: 'string' },
    seconds: { type: 'string' },
    model: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help || positionals.length === 0) {
  process.stdout.write(`${usage}\n`);
  process.exit(values.help ? 0 : 2);
}

const running = await startProcess({ role: 'all', quietLogs: true });
const session = startConsoleSession(running.reverie, process.stdout);
let exitCode = 1;
try {
  const command = shortCommand.run({
    locale: 'en',
    context: createCommandContext(running.reverie.config),
    options: {
      sentence: positionals.join(' '),
      style: values.style,
      orientation: values.orientation,
      seconds: values.seconds ? Number(values.seconds) : undefined,
      model: values.model,
    },
  });
  if (command.kind !== 'create') throw new Error('the short command did not produce a request');
  const referencedText = values.text ? await readTextFile(values.text) : null;
  const outcome = await session.create({
    sentence: command.sentence,
    referencedText,
    avatarPath: values.avatar ?? null,
    outPath: values.out ?? null,
    options: command.options,
  });
  exitCode = outcome.status === 'done' ? 0 : 1;
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
} finally {
  await session.close();
  await running.stop();
}
process.exit(exitCode);
