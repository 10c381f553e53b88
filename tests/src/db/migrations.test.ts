import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../src/db/run-migrations.ts';
import { MIGRATIONS } from '../../../src/db/migrations/all-migrations.ts';
import { runCommand } from '../../helpers/run-cli.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/test-database.ts';

const ALL = Object.keys(MIGRATIONS);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** One process's start-up migration, as createReverie runs it; prints what it applied. */
const MIGRATE_SCRIPT = `
import { openDatabase } from '${ROOT}src/db/open-database.ts';
import { migrateToLatest } from '${ROOT}src/db/run-migrations.ts';
const database = await openDatabase(JSON.parse(process.env.OPEN_OPTIONS));
console.log(JSON.stringify(await migrateToLatest(database)));
await database.close();
`;

describe.each(DIALECTS)('migrations on %s', (dialect) => {
  let test: TestDatabase | undefined;
  afterEach(async () => {
    await test?.cleanup();
    test = undefined;
  });

  it('bring an empty database to the latest schema, and a second run finds nothing to do', async () => {
    test = await createTestDatabase(dialect, { migrate: 'none' });
    expect(await migrateToLatest(test.database)).toEqual(ALL);
    expect(await migrateToLatest(test.database)).toEqual([]);
    await test.records.creations.accepted({ id: 'r1', platform: 'discord', communityId: 'g1', conversationId: 'c1', userId: 'u1', displayName: 'Ann', sentence: 'a cat' }, 1_000);
    expect((await test.records.creations.get('r1'))?.sentence).toBe('a cat');
  });

  it('bring a database left by 0001 (with rows in it) to the latest, keeping the rows', async () => {
    test = await createTestDatabase(dialect, { migrate: '0001-tables' });
    await test.records.creations.accepted({ id: 'old', platform: 'telegram', communityId: '-100', conversationId: '-100', userId: 'u2', displayName: 'Bo', sentence: 'rain at night' }, 2_000);
    expect(await migrateToLatest(test.database)).toEqual(ALL.slice(1));
    expect(await test.records.creations.recentOf({ platform: 'telegram', userId: 'u2' }, 5)).toEqual([
      expect.objectContaining({ id: 'old', sentence: 'rain at night', state: 'accepted', createdAt: 2_000 }),
    ]);
  });

  it('let two processes starting at once migrate one database exactly once', async () => {
    test = await createTestDatabase(dialect, { migrate: 'none' });
    const env = { PATH: process.env.PATH ?? '', OPEN_OPTIONS: JSON.stringify(test.openOptions) };
    const runs = await Promise.all([0, 1].map(() => runCommand(process.execPath, ['--input-type=module', '-e', MIGRATE_SCRIPT], { cwd: ROOT, env })));
    for (const run of runs) expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' });
    const applied = runs.flatMap((run) => JSON.parse(run.stdout) as string[]);
    expect(applied.sort()).toEqual(ALL);
    const tables = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(test.database.db);
    expect(Number(tables.rows[0]?.n)).toBe(ALL.length);
  });
});
