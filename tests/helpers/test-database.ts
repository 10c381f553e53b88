import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type DialectName, type OpenDatabaseOptions, type RecordsDatabase } from '../../src/db/open-database.ts';
import { migrateTo, migrateToLatest, type MigrationName } from '../../src/db/run-migrations.ts';
import type { CommunityRecords } from '../../src/ports/community-records.ts';
import { createSqlCommunityRecords } from '../../src/store/sql-community-records.ts';

/** Both databases Reverie runs on: use as `describe.each(DIALECTS)('… on %s', (dialect) => …)`. */
export const DIALECTS: readonly DialectName[] = ['sqlite', 'postgres'];

/** The machine's PostgreSQL (trust auth); every test gets its own schema in it. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  dialect: DialectName;
  /** The database, migrated as asked (latest by default). */
  database: RecordsDatabase;
  /** The record on it. */
  records: CommunityRecords;
  /** How to reach this same database with openDatabase (e.g. from a child process). */
  openOptions: OpenDatabaseOptions;
  /** Another, independent connection to the same database (a second worker, for races). */
  openAnother(): Promise<RecordsDatabase>;
  /** Closes every connection and drops the schema (PostgreSQL) or the temp dir (SQLite). */
  cleanup(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** 'latest' (default), a migration name to stop at, or 'none' for an empty database. */
  migrate?: 'latest' | 'none' | MigrationName;
}

async function onPostgres(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A fresh PostgreSQL schema as a DATABASE_URL (search_path in the URL's `options`), for Reverie
 * processes started with an environment; `drop()` removes it and everything in it.
 */
export async function createTestDatabaseUrl(): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  await onPostgres(`create schema ${schema}`);
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.href, drop: () => onPostgres(`drop schema if exists ${schema} cascade`) };
}

/**
 * A fresh database for one test: SQLite in a temp dir, or a new schema on the local PostgreSQL
 * (reached through search_path, dropped by cleanup).
 */
export async function createTestDatabase(dialect: DialectName, options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'reverie-db-'));
  const schema = `test_${randomBytes(6).toString('hex')}`;
  if (dialect === 'postgres') await onPostgres(`create schema ${schema}`);
  const openOptions: OpenDatabaseOptions = dialect === 'postgres' ? { databaseUrl: TEST_DATABASE_URL, schema, dataDir } : { dataDir };
  const open = () => openDatabase(openOptions);
  const opened: RecordsDatabase[] = [];
  const openTracked = async () => {
    const database = await open();
    opened.push(database);
    return database;
  };
  const database = await openTracked();
  const migrate = options.migrate ?? 'latest';
  if (migrate === 'latest') await migrateToLatest(database);
  else if (migrate !== 'none') await migrateTo(database, migrate);
  return {
    dialect,
    database,
    records: createSqlCommunityRecords(database.db),
    openOptions,
    openAnother: openTracked,
    async cleanup() {
      await Promise.all(opened.map((each) => each.close()));
      if (dialect === 'postgres') await onPostgres(`drop schema if exists ${schema} cascade`);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
