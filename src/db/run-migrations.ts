import { Migrator, type MigrationResultSet } from 'kysely/migration';
import { MIGRATIONS } from './migrations/all-migrations.ts';
import type { RecordsDatabase } from './open-database.ts';

export type MigrationName = keyof typeof MIGRATIONS;

function migratorFor(database: RecordsDatabase): Migrator {
  return new Migrator({
    db: database.db,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
    // Kysely looks for its bookkeeping tables in every schema unless told which one is ours.
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  });
}

function unwrap({ error, results }: MigrationResultSet): string[] {
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new Error(`database migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return (results ?? []).map((result) => result.migrationName);
}

/**
 * Brings the database to the latest schema; returns the migrations this call applied. Safe when
 * several processes start at once: Kysely takes PostgreSQL's advisory lock, and on SQLite the
 * migration runs in one BEGIN IMMEDIATE transaction that the others wait for (sqlite-dialect.ts).
 */
export async function migrateToLatest(database: RecordsDatabase): Promise<string[]> {
  return unwrap(await migratorFor(database).migrateToLatest());
}

/** Brings the database to (exactly) one migration: tests use it to start from an older schema. */
export async function migrateTo(database: RecordsDatabase, name: MigrationName): Promise<string[]> {
  return unwrap(await migratorFor(database).migrateTo(name));
}
