import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { immediateSqliteDialect } from './sqlite-dialect.ts';
import { kyselySqliteDatabase, loadNodeSqlite } from './sqlite-driver.ts';
import type { Database } from './tables.ts';

export type DialectName = 'sqlite' | 'postgres';

/** The record's database, whichever it is. */
export interface RecordsDatabase {
  db: Kysely<Database>;
  dialect: DialectName;
  /** PostgreSQL: the schema everything lives in (search_path's first); null on SQLite. */
  schema: string | null;
  /** Where it is, for logs: the SQLite file, or PostgreSQL's host and database (never a password). */
  where: string;
  /** `select 1` (for /healthz); throws when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres:// URL; unset = SQLite in dataDir. */
  databaseUrl?: string;
  dataDir: string;
  /** PostgreSQL only: use this (existing) schema through search_path. */
  schema?: string;
  /** SQLite only: another file name in dataDir (tests). */
  sqliteFile?: string;
}

export const SQLITE_FILE = 'reverie.sqlite';
/** How long a SQLite writer waits for another process's write lock before giving up, ms. */
const SQLITE_BUSY_TIMEOUT_MS = 10_000;
const INT8_OID = 20;

/**
 * BIGINT columns hold epoch milliseconds and counts, all far below 2^53: pg hands int8 back as a
 * string (it cannot know that), so this pool, and only this pool, parses them as numbers.
 */
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

async function openSqlite(options: OpenDatabaseOptions): Promise<RecordsDatabase> {
  await mkdir(options.dataDir, { recursive: true });
  const file = resolve(join(options.dataDir, options.sqliteFile ?? SQLITE_FILE));
  const { DatabaseSync } = await loadNodeSqlite();
  const database = new DatabaseSync(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  // WAL: readers never wait for the writer, so an adapter and a worker process share the file.
  database.exec('pragma journal_mode = wal');
  database.exec('pragma synchronous = normal');
  const db = new Kysely<Database>({ dialect: immediateSqliteDialect({ database: kyselySqliteDatabase(database) }) });
  return describe(db, 'sqlite', null, file);
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<RecordsDatabase> {
  const pool = new pg.Pool({
    connectionString: url,
    types: pgTypes,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  const parsed = new URL(url);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  // The schema tables land in (search_path's first): the migrator must look for its own
  // bookkeeping there, not in every schema of the database.
  const current = await sql<{ schema: string }>`select current_schema() as schema`.execute(db).catch(async (error: unknown) => {
    await db.destroy();
    throw error;
  });
  return describe(db, 'postgres', options.schema ?? current.rows[0]?.schema ?? null, `postgres://${parsed.host}${parsed.pathname}`);
}

function describe(db: Kysely<Database>, dialect: DialectName, schema: string | null, where: string): RecordsDatabase {
  return {
    db,
    dialect,
    schema,
    where,
    async ping() {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}

/** SQLite in DATA_DIR by default; PostgreSQL when DATABASE_URL is set. Migrations are separate (run-migrations.ts). */
export async function openDatabase(options: OpenDatabaseOptions): Promise<RecordsDatabase> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openSqlite(options);
}
