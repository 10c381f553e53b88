import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { pruneAvatarCache } from '../../../adapters/telegram/telegram-files.ts';

it('prunes cached profile photos no remembered clip can need (older than 30 days), keeps the rest', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'reverie-avatars-'));
  try {
    const now = Date.now();
    await writeFile(join(dir, 'old.jpg'), 'x');
    await writeFile(join(dir, 'recent.jpg'), 'x');
    const fortyDaysAgo = new Date(now - 40 * 24 * 3600 * 1000);
    await utimes(join(dir, 'old.jpg'), fortyDaysAgo, fortyDaysAgo);
    expect(await pruneAvatarCache(dir, now)).toBe(1);
    expect(await readdir(dir)).toEqual(['recent.jpg']);
    expect(await pruneAvatarCache(join(dir, 'missing'), now)).toBe(0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
