import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';
import type { Logger } from '../log/logger.ts';
import { deleteClips } from './sql-forget.ts';

const DAY_MS = 24 * 3600 * 1000;

export interface SweepReport {
  creations: number;
  clips: number;
  ledgerLines: number;
}

/**
 * RETENTION_DAYS: creations, clips (with their message mappings and posting markers) and ledger
 * lines older than that are deleted. Clips are aged by when they were made, so a clip is
 * regenerable for exactly the retention period whatever Redis or a restart did meanwhile.
 */
export async function sweepExpired(db: Kysely<Database>, retentionDays: number, nowMs: number): Promise<SweepReport> {
  const cutoff = nowMs - retentionDays * DAY_MS;
  return db.transaction().execute(async (trx) => {
    const creations = await trx.deleteFrom('creations').where('created_at', '<', cutoff).executeTakeFirst();
    const old = await trx.selectFrom('clips').select('id').where('created_at', '<', cutoff).execute();
    const clips = await deleteClips(
      trx,
      old.map((row) => row.id),
    );
    // Markers of clips that were never saved (a delivery that died first) age out on their own.
    await trx.deleteFrom('clip_postings').where('updated_at', '<', cutoff).execute();
    const ledger = await trx.deleteFrom('ledger').where('created_at', '<', cutoff).executeTakeFirst();
    return { creations: Number(creations.numDeletedRows), clips, ledgerLines: Number(ledger.numDeletedRows) };
  });
}

/**
 * Sweeps now and then once a day. The timer is unref'd: it never keeps a process alive that is
 * otherwise done. A failed sweep is logged and tried again the next day.
 */
export function startRetentionSweeps(db: Kysely<Database>, retentionDays: number, now: () => number, logger: Logger): { first: Promise<void>; stop(): void } {
  const sweep = () =>
    sweepExpired(db, retentionDays, now()).then(
      (report) => logger.debug({ ...report, retentionDays }, 'retention-sweep'),
      (error: unknown) => logger.warn({ err: error }, 'retention-sweep-failed'),
    );
  const timer = setInterval(() => void sweep(), DAY_MS);
  timer.unref();
  return { first: sweep(), stop: () => clearInterval(timer) };
}
