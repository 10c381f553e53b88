import type { Migration } from 'kysely/migration';
import { tables0001 } from './0001-tables.ts';
import { indexes0002 } from './0002-indexes.ts';

/**
 * Every migration, in order, by name. Names sort in the order they run; a released migration is
 * never edited, a change is a new file here.
 */
export const MIGRATIONS = {
  '0001-tables': tables0001,
  '0002-indexes': indexes0002,
} satisfies Record<string, Migration>;
