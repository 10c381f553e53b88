import { afterAll } from 'vitest';
import type { CommunityRecords } from '../../src/ports/community-records.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

const opened: TestDatabase[] = [];

// Registered when a test file imports this helper, so it runs after that file's own hooks
// (vitest runs them as a stack): a Reverie still using a record is stopped first. Once per file,
// because a file may share one record across its tests (beforeAll).
afterAll(async () => {
  await Promise.all(opened.splice(0).map((database) => database.cleanup()));
});

/**
 * A community record on a fresh, migrated SQLite file: what `npm start` runs on, so tests of
 * limits, the ledger and the record commands check the real thing. Removed after the file's tests.
 */
export async function createTestRecords(): Promise<CommunityRecords> {
  const database = await createTestDatabase('sqlite');
  opened.push(database);
  return database.records;
}
