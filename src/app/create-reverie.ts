import { join, resolve } from 'node:path';
import { createCommandContext } from '../../commands/all-commands.ts';
import { createChatHub, type ChatHub } from '../chat/chat-core.ts';
import type { Config } from '../config/config-schema.ts';
import { secretValues } from '../config/load-config.ts';
import type { Logger } from '../log/logger.ts';
import { maskSecrets } from '../log/mask-secrets.ts';
import { PLATFORMS } from '../domain/creation-request.ts';
import { createMetrics, type Metrics } from '../metrics/prom-metrics.ts';
import { observeProvider } from '../pipeline/observe-provider.ts';
import { createMedia } from '../media/create-media.ts';
import { limitsByModelKey } from '../models/model-limits.ts';
import type { PipelineContext } from '../pipeline/pipeline-context.ts';
import { startPipelineWorkers } from '../pipeline/start-pipeline-workers.ts';
import type { CommunityRecords } from '../ports/community-records.ts';
import type { Media } from '../ports/media.ts';
import type { Planner } from '../ports/planner.ts';
import type { PreviewPainter } from '../ports/preview-painter.ts';
import { createPreviewPainter } from '../providers/local/preview-frame.ts';
import type { SpeechSynth } from '../ports/speech-synth.ts';
import type { VideoProvider } from '../ports/video-provider.ts';
import { deliveryQueueName, PLAN_QUEUE, renderQueueName } from '../queue/queue-names.ts';
import { createQueueSet, type QueueSet } from '../queue/queue-set.ts';
import { createRedisConnection, waitForRedis } from '../queue/redis-connection.ts';
import type { RunningWorker } from '../queue/start-worker.ts';
import { createActiveRequests } from '../store/active-requests.ts';
import { openDatabase, type RecordsDatabase } from '../db/open-database.ts';
import { migrateToLatest } from '../db/run-migrations.ts';
import { createSqlClipStore } from '../store/sql-clip-store.ts';
import { createSqlCommunityRecords } from '../store/sql-community-records.ts';
import { startRetentionSweeps } from '../store/sql-retention.ts';
import { createRedisMediaStore } from '../store/redis-media-store.ts';
import { selectPlanner } from './select-planner.ts';
import { selectProviders } from './select-providers.ts';
import { selectSpeech } from './select-speech.ts';

/** Parts tests (and later wiring) may replace; everything else follows from the config. */
export interface ReverieOverrides {
  planner?: Planner;
  providers?: Map<string, VideoProvider>;
  defaultProviderId?: string;
  fallbackProviderIds?: string[];
  media?: Media;
  previewPainter?: PreviewPainter;
  /** null = no voice. */
  speech?: SpeechSynth | null;
  now?: () => number;
  generationDeadlineMs?: number;
  /** The community record (creations, ledger, settings); tests hand in theirs to look inside. */
  records?: CommunityRecords;
}

export interface Reverie {
  config: Config;
  context: PipelineContext;
  queues: QueueSet;
  /** Every queue whose progress drives status messages. */
  progressQueueNames: string[];
  /** Every long-lived queue (planning, renders, platform deliveries): counted in /metrics, shown in Bull Board. */
  queueNames: readonly string[];
  /** What chat adapters are given: the chat core to connect their port to, not the rest of this. */
  chat: ChatHub;
  /** This process's metrics registry and the observer the core reports to (served on HTTP_PORT). */
  metrics: Metrics;
  startWorkers(): void;
  /** The record's database (SQLite in DATA_DIR, or PostgreSQL with DATABASE_URL), for /healthz. */
  database: RecordsDatabase;
  /** Workers this process started, and how many of them are still running (for /healthz). */
  workerHealth(): { started: number; running: number };
  stop(): Promise<void>;
}

/** Builds the core from a parsed config: one producer connection, stores, planner, providers. */
export async function createReverie(config: Config, logger: Logger, overrides: ReverieOverrides = {}): Promise<Reverie> {
  const redis = createRedisConnection(config.REDIS_URL, 'producer');
  redis.on('error', (error) => logger.warn({ err: error }, 'redis-error'));
  await waitForRedis(redis, config.REDIS_URL);
  const now = overrides.now ?? Date.now;
  // The record is opened and brought to the latest schema before anything can write to it.
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const applied = await migrateToLatest(database).catch(async (error: unknown) => {
    await database.close();
    await redis.quit().catch(() => undefined);
    throw error;
  });
  logger.info({ database: database.where, migrations: applied }, 'database-ready');
  const retention = startRetentionSweeps(database.db, config.RETENTION_DAYS, now, logger);
  const media = overrides.media ?? createMedia();
  const selected = overrides.providers
    ? {
        providers: overrides.providers,
        defaultProviderId: overrides.defaultProviderId ?? [...overrides.providers.keys()][0] ?? 'local',
        fallbackProviderIds: overrides.fallbackProviderIds ?? [],
      }
    : selectProviders(config, media, { redis });
  const planners = selectPlanner(config);
  const speech = overrides.speech !== undefined ? overrides.speech : await selectSpeech(config);
  // No voice is a normal state (no key, no espeak-ng): the lines are then only subtitles.
  logger.info({ voice: speech?.id ?? 'off' }, 'voice');
  // The shared connection's own listener logs an outage (redis-error); each queue repeats it.
  const queues = createQueueSet(redis, config.QUEUE_PREFIX, (error, queueName) => logger.debug({ err: error, queueName }, 'queue-error'));
  const progressQueueNames = [PLAN_QUEUE, ...[...selected.providers.keys()].map(renderQueueName)];
  // Platform delivery queues; a terminal session's own queue lives only as long as the session.
  const countedQueueNames = [...progressQueueNames, ...PLATFORMS.filter((platform) => platform !== 'console').map((platform) => deliveryQueueName({ platform, conversationId: '' }))];
  const metrics = createMetrics({ queues, queueNames: () => countedQueueNames, redis, prefix: config.QUEUE_PREFIX, mask: maskSecrets(secretValues(config)), logger });
  const providers = new Map([...selected.providers].map(([id, provider]) => [id, observeProvider(provider, metrics.observer)]));
  const context: PipelineContext = {
    prefix: config.QUEUE_PREFIX,
    redis,
    redisUrl: config.REDIS_URL,
    workRoot: resolve(join(config.DATA_DIR, 'work')),
    cacheRoot: resolve(join(config.DATA_DIR, 'cache')),
    planner: overrides.planner ?? planners.planner,
    fallbackPlanner: planners.fallback,
    providers,
    defaultProviderId: selected.defaultProviderId,
    fallbackProviderIds: selected.fallbackProviderIds,
    media,
    previewPainter: overrides.previewPainter ?? createPreviewPainter(),
    speech,
    mediaStore: createRedisMediaStore(redis, config.QUEUE_PREFIX, { maxBytes: config.MEDIA_STORE_MAX_BYTES }),
    pictureOrigins: [config.DISCORD_CDN_BASE, config.DISCORD_MEDIA_PROXY_BASE].map((base) => new URL(base).origin),
    clips: createSqlClipStore(database.db, now),
    active: createActiveRequests(redis, config.QUEUE_PREFIX),
    budget: {
      MAX_ACTIVE_PER_USER: config.MAX_ACTIVE_PER_USER,
      USER_DAILY_SECONDS: config.USER_DAILY_SECONDS,
      USER_DAILY_USD: config.USER_DAILY_USD,
      COMMUNITY_MONTHLY_USD: config.COMMUNITY_MONTHLY_USD,
      COOLDOWN_SECONDS: config.COOLDOWN_SECONDS,
      WHEN_OVER_BUDGET: config.WHEN_OVER_BUDGET,
    },
    records: overrides.records ?? createSqlCommunityRecords(database.db),
    modelConcurrency: limitsByModelKey('MODEL_CONCURRENCY', config.MODEL_CONCURRENCY),
    modelRateLimits: limitsByModelKey('MODEL_RATE_LIMIT', config.MODEL_RATE_LIMIT),
    crashRecovery: { lockMs: config.JOB_LOCK_MS, stalledCheckMs: config.STALLED_CHECK_MS },
    generationDeadlineMs: overrides.generationDeadlineMs ?? config.GENERATION_DEADLINE_MS,
    logger,
    observer: metrics.observer,
    now,
  };
  const workers: RunningWorker[] = [];
  return {
    config,
    context,
    queues,
    progressQueueNames,
    queueNames: countedQueueNames,
    chat: createChatHub({ context, queues, progressQueueNames, commands: createCommandContext(config), records: context.records }),
    metrics,
    database,
    startWorkers() {
      workers.push(...startPipelineWorkers(context, queues, config.WORKER_CONCURRENCY));
    },
    workerHealth() {
      return { started: workers.length, running: workers.filter((running) => running.worker.isRunning()).length };
    },
    async stop() {
      // Running steps get SHUTDOWN_GRACE_MS to finish; the rest go back to the queue for another worker.
      await Promise.all(workers.map((worker) => worker.close(config.SHUTDOWN_GRACE_MS)));
      await queues.close();
      retention.stop();
      await retention.first;
      await database.close();
      await redis.quit().catch(() => undefined);
    },
  };
}
