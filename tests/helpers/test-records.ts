import type { CommunityRecords } from '../../src/ports/community-records.ts';
import { MemoryRecords } from '../../src/store/memory-records.ts';

/**
 * The one place tests get a community record from: today the in-memory one; once the database of
 * issue #12 is merged, a real one on a fresh file, so every test runs against what production runs.
 */
export function createTestRecords(): CommunityRecords {
  return new MemoryRecords();
}
