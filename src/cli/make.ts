import { parseArgs } from 'node:util';
import { readTextFile, startConsoleSession } from '../../adapters/console/handle-input.ts';
import { consoleSettings } from '../app/adapter-settings.ts';
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
const session = startConsoleSession(running.reverie.chat, process.stdout, consoleSettings(running.reverie.config));
let exitCode = 1;
try {
  const referencedText = values.text ? await readTextFile(values.text) : null;
  // The same /short as in every chat, through the chat core: its options, its checks, its answers.
  const outcome = await session.command(
    'short',
    {
      sentence: positionals.join(' '),
      style: values.style,
      orientation: values.orientation,
      seconds: values.seconds ? Number(values.seconds) : undefined,
      model: values.model,
    },
    { referencedText, avatarPath: values.avatar ?? null, outPath: values.out ?? null },
  );
  exitCode = outcome?.status === 'done' ? 0 : 1;
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
} finally {
  await session.close();
  await running.stop();
}
process.exit(exitCode);
