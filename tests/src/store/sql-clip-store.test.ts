import { afterEach, describe, expect, it } from 'vitest';
import { createSqlClipStore } from '../../../src/store/sql-clip-store.ts';
import { sweepExpired } from '../../../src/store/sql-retention.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/test-database.ts';
import { makeClip } from '../../helpers/records.ts';

const DAY_MS = 24 * 3600 * 1000;

describe.each(DIALECTS)('the SQL clip store on %s', (dialect) => {
  let test: TestDatabase | undefined;
  afterEach(async () => {
    await test?.cleanup();
    test = undefined;
  });

  it('saves a clip, finds it by the message it was posted as, and only on that platform', async () => {
    test = await createTestDatabase(dialect);
    const clips = createSqlClipStore(test.database.db, Date.now);
    const clip = makeClip();
    await clips.save(clip);
    expect(await clips.get(clip.id)).toEqual(clip);
    expect(await clips.findByMessage('discord', 'm1')).toBeNull();
    await clips.markDelivered(clip.id, 'discord', 'm1');
    expect(await clips.findByMessage('discord', 'm1')).toEqual({ ...clip, messageId: 'm1' });
    expect(await clips.findByMessage('telegram', 'm1')).toBeNull();
    await clips.markDelivered('unknown-clip', 'discord', 'm2');
    expect(await clips.findByMessage('discord', 'm2')).toBeNull();
  });

  it('keeps the delivery’s posting marker: started, posted as a message, cleared', async () => {
    test = await createTestDatabase(dialect);
    const clips = createSqlClipStore(test.database.db, Date.now);
    expect(await clips.readPosting('c1')).toBeNull();
    await clips.markPosting('c1', { state: 'started' });
    expect(await clips.readPosting('c1')).toEqual({ state: 'started' });
    await clips.markPosting('c1', { state: 'posted', messageId: 'm9' });
    expect(await clips.readPosting('c1')).toEqual({ state: 'posted', messageId: 'm9' });
    await clips.clearPosting('c1');
    expect(await clips.readPosting('c1')).toBeNull();
  });

  it('still finds a 31-day-old clip by its message (past the old Redis TTL), and drops it after RETENTION_DAYS', async () => {
    test = await createTestDatabase(dialect);
    const now = Date.now();
    const clips = createSqlClipStore(test.database.db, () => now - 31 * DAY_MS);
    const old = makeClip({ createdAt: now - 31 * DAY_MS });
    await clips.save(old);
    await clips.markDelivered(old.id, 'discord', 'm-old');
    await clips.markPosting(old.id, { state: 'posted', messageId: 'm-old' });

    expect(await sweepExpired(test.database.db, 90, now)).toEqual({ creations: 0, clips: 0, ledgerLines: 0 });
    expect((await clips.findByMessage('discord', 'm-old'))?.id).toBe(old.id);

    // The clock moves 60 more days: the clip is 91 days old.
    expect(await sweepExpired(test.database.db, 90, now + 60 * DAY_MS)).toMatchObject({ clips: 1 });
    expect(await clips.get(old.id)).toBeNull();
    expect(await clips.findByMessage('discord', 'm-old')).toBeNull();
    expect(await clips.readPosting(old.id)).toBeNull();
  });
});
