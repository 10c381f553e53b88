import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeLine } from '../../../adapters/console/decode-line.ts';
import { startConsoleSession, type ConsoleSession } from '../../../adapters/console/handle-input.ts';
import { translate } from '../../../src/i18n/messages.ts';
import { createTestRecords } from '../../helpers/test-records.ts';
import { startTestReverie, type TestReverie } from '../../helpers/test-reverie.ts';

/** /usage and /settings in the terminal chat: the owner's own space, where they are the admin. */

let harness: TestReverie | null = null;
let session: ConsoleSession | null = null;

afterEach(async () => {
  await session?.close();
  await harness?.cleanup();
  session = null;
  harness = null;
});

const locale = Intl.DateTimeFormat().resolvedOptions().locale || 'en';
const user = process.env.USER ?? 'you';

/** Types one line into the session and returns what it printed. */
async function typeLine(current: ConsoleSession, printed: string[], line: string): Promise<string> {
  const decoded = decodeLine(line);
  if (decoded.kind !== 'command') throw new Error(`${line} is not a command`);
  const before = printed.length;
  await current.command(decoded.name, decoded.values, { referencedText: null, avatarPath: null, outPath: null });
  return printed.slice(before).join('');
}

describe('console /usage', () => {
  it("prints today's spend against the owner's limit, and the owner's /settings changes it", async () => {
    const records = await createTestRecords();
    harness = await startTestReverie({ USER_DAILY_SECONDS: '120' }, { records });
    const printed: string[] = [];
    const output = new Writable({
      write(chunk, _encoding, done) {
        printed.push(String(chunk));
        done();
      },
    });
    session = startConsoleSession(harness.reverie.chat, output, { outDir: join(harness.dataDir, 'out') });
    const reservation = { shot: 0, round: 0, user: { platform: 'console' as const, userId: user }, communityId: `dm:${user}`, modelId: 'local:storyboard', seconds: 20, usd: 0 };
    await records.ledger.reserve({ ...reservation, creationId: 'console-spend-1' }, Date.now());

    const usage = await typeLine(session, printed, '/usage');
    expect(usage).toContain(translate(locale, 'usage.today', { seconds: '20', usd: '0.00' }));
    expect(usage).toContain(translate(locale, 'usage.left-seconds', { left: '100', limit: '120' }));
    // The owner administers the terminal: the community lines are theirs too.
    expect(usage).toContain(translate(locale, 'usage.top-line', { rank: 1, name: user, seconds: '20', usd: '0.00' }));

    const settings = await typeLine(session, printed, '/settings daily_seconds:50');
    expect(settings).toContain(translate(locale, 'settings.changed'));
    expect(await typeLine(session, printed, '/usage')).toContain(translate(locale, 'usage.left-seconds', { left: '30', limit: '50' }));
  });
});
