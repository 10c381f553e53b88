import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeLine } from '../../../adapters/console/decode-line.ts';
import { startConsoleSession, type ConsoleSession } from '../../../adapters/console/handle-input.ts';
import { loadStylePresets } from '../../../src/prompts/style-presets.ts';
import { startTestReverie, type TestReverie } from '../../helpers/test-reverie.ts';
import { ffprobe } from '../../helpers/run-cli.ts';

/** /styles in the terminal: a terminal shows no pictures, so each preset's thumbnail path is printed. */

let harness: TestReverie | null = null;
let session: ConsoleSession | null = null;

afterEach(async () => {
  await session?.close();
  await harness?.cleanup();
  session = null;
  harness = null;
});

describe('console /styles', () => {
  it('prints every preset with the path of its thumbnail JPEG under DATA_DIR/cache/styles', async () => {
    harness = await startTestReverie();
    const printed: string[] = [];
    const output = new Writable({
      write(chunk, _encoding, done) {
        printed.push(String(chunk));
        done();
      },
    });
    session = startConsoleSession(harness.reverie.chat, output, { outDir: join(harness.dataDir, 'out') });
    const decoded = decodeLine('/styles');
    if (decoded.kind !== 'command') throw new Error('/styles is not a command');
    await session.command(decoded.name, decoded.values, { referencedText: null, avatarPath: null, outPath: null });

    const text = printed.join('');
    const paths = [...text.matchAll(/^ {2}(\S+\.jpg)$/gm)].map((match) => match[1] ?? '');
    const presets = [...loadStylePresets().values()];
    expect(paths).toHaveLength(presets.length);
    expect(text).toContain('Ink wash (ink-wash)');
    for (const path of paths) {
      expect(path.startsWith(join(harness.dataDir, 'cache', 'styles'))).toBe(true);
      await access(path);
      expect((await ffprobe(path)).video?.width).toBeGreaterThan(0);
    }
  });
});
