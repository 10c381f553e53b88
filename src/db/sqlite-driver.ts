import type * as NodeSqlite from 'node:sqlite';
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Kysely's SqliteDialect is written for better-sqlite3. Node 22's built-in `node:sqlite` does the
 * same job with nothing to compile or download, and this file is the whole difference: Kysely
 * (0.29) calls `prepare(sql)` and then, on the statement, reads `reader` (does it return rows?)
 * and calls `all(params)` for readers, `run(params)` for the rest, `iterate(params)` for streams.
 * node:sqlite's StatementSync takes its parameters spread rather than as one array, and has no
 * `reader`: a statement returns rows exactly when it has result columns (SELECT, or RETURNING).
 */
export function kyselySqliteDatabase(database: DatabaseSync): SqliteDatabase {
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      const statement = database.prepare(sql);
      const values = (parameters: ReadonlyArray<unknown>) => parameters as SQLInputValue[];
      return {
        reader: statement.columns().length > 0,
        all: (parameters) => statement.all(...values(parameters)),
        run: (parameters) => statement.run(...values(parameters)),
        iterate: (parameters) => statement.iterate(...values(parameters)),
      };
    },
  };
}

/**
 * Loads node:sqlite. Node 22 prints one "SQLite is an experimental feature" warning on the first
 * load, which would land in the middle of the terminal chat; only that warning is dropped, only
 * while this import runs, and every other warning goes through as before.
 */
export async function loadNodeSqlite(): Promise<typeof NodeSqlite> {
  const emitWarning = process.emitWarning;
  process.emitWarning = function (this: NodeJS.Process, warning: string | Error, ...rest: unknown[]) {
    const text = typeof warning === 'string' ? warning : warning.message;
    const type = typeof rest[0] === 'string' ? rest[0] : ((rest[0] as { type?: string } | undefined)?.type ?? (warning instanceof Error ? warning.name : ''));
    if (type === 'ExperimentalWarning' && text.startsWith('SQLite')) return;
    return (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    return await import('node:sqlite');
  } finally {
    process.emitWarning = emitWarning;
  }
}
