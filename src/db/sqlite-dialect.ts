import { CompiledQuery, SqliteAdapter, SqliteDriver, SqliteIntrospector, SqliteQueryCompiler, type DatabaseConnection, type Dialect, type Kysely, type SqliteDialectConfig } from 'kysely';

/**
 * Every transaction starts with BEGIN IMMEDIATE: it takes SQLite's write lock at once (waiting up
 * to the busy timeout while another process holds it) instead of failing with SQLITE_BUSY when a
 * read-then-write transaction meets another writer. A worker and an adapter process share one
 * file this way, and two processes starting at once run the migrations one after the other.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/**
 * SQLite's DDL is transactional, so migrations run inside that immediate transaction: Kysely's
 * SQLite adapter says otherwise only because it cannot lock across processes without one.
 */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export function immediateSqliteDialect(config: SqliteDialectConfig): Dialect {
  return {
    createDriver: () => new ImmediateSqliteDriver(config),
    createQueryCompiler: () => new SqliteQueryCompiler(),
    createAdapter: () => new TransactionalSqliteAdapter(),
    createIntrospector: (db: Kysely<unknown>) => new SqliteIntrospector(db),
  };
}
