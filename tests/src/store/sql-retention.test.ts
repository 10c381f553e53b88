import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log/logger.ts';
import { createSqlClipStore } from '../../../src/store/sql-clip-store.ts';
import { startRetentionSweeps, sweepExpired } from '../../../src/store/sql-retention.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/test-database.ts';
import { makeClip } from '../../helpers/records.ts';

const DAY_MS = 24 * 3600 * 1000;
const ASKED = { platform: 'discord', communityId: 'g', conversationId: 'c', userId: 'ann', displayName: 'Ann', sentence: 'a kite' } as const;

describe.each(DIALECTS)('the retention sweep on %s', (dialect) => {
  let test: TestDatabase | undefined;
  afterEach(async () => {
    await test?.cleanup();
    test = undefined;
  });

  it('deletes creations, clips and ledger lines older than RETENTION_DAYS and keeps younger ones', async () => {
    test = await createTestDatabase(dialect);
    const { creations, ledger } = test.records;
    const now = 400 * DAY_MS;
    const clips = createSqlClipStore(test.database.db, () => now);
    for (const [id, age] of [
      ['old', 11],
      ['young', 9],
    ] as const) {
      await creations.accepted({ ...ASKED, id }, now - age * DAY_MS);
      await ledger.reserve({ creationId: id, shot: 0, round: 0, user: { platform: 'discord', userId: 'ann' }, communityId: 'g', modelId: 'm', seconds: 4, usd: 1 }, now - age * DAY_MS);
      await clips.save(makeClip({ id, createdAt: now - age * DAY_MS }));
    }
    expect(await sweepExpired(test.database.db, 10, now)).toEqual({ creations: 1, clips: 1, ledgerLines: 1 });
    expect((await creations.recent(10)).map((entry) => entry.id)).toEqual(['young']);
    expect(await clips.get('old')).toBeNull();
    expect(await clips.get('young')).not.toBeNull();
    expect(await ledger.spentBy({ platform: 'discord', userId: 'ann' }, 0)).toEqual({ seconds: 4, usd: 1 });
  });

  it('sweeps once at start on the given clock', async () => {
    test = await createTestDatabase(dialect);
    const now = 400 * DAY_MS;
    await test.records.creations.accepted({ ...ASKED, id: 'ancient' }, now - 100 * DAY_MS);
    const sweeps = startRetentionSweeps(test.database.db, 90, () => now, createLogger({ level: 'silent', secrets: [] }));
    await sweeps.first;
    sweeps.stop();
    expect(await test.records.creations.get('ancient')).toBeNull();
  });
});
