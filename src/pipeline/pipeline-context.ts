import type { Redis } from 'ioredis';
import type { RateLimit } from '../config/model-rate-limit.ts';
import type { BudgetConfig } from '../budget/limits.ts';
import type { Logger } from '../log/logger.ts';
import type { Media } from '../ports/media.ts';
import type { MediaStore } from '../ports/media-store.ts';
import type { CommunityRecords } from '../ports/community-records.ts';
import type { ReverieObserver } from '../ports/observer.ts';
import type { Planner } from '../ports/planner.ts';
import type { PreviewPainter } from '../ports/preview-painter.ts';
import type { SpeechSynth } from '../ports/speech-synth.ts';
import type { VideoProvider } from '../ports/video-provider.ts';
import type { CrashRecovery } from '../queue/start-worker.ts';
import type { ActiveRequests } from '../store/active-requests.ts';
import type { ClipStore } from '../store/clip-store.ts';

/** Everything the pipeline's steps need, passed in explicitly: no module-level singletons. */
export interface PipelineContext {
  /** BullMQ key prefix. */
  prefix: string;
  /** Producer connection (fail fast); workers open their own blocking connections. */
  redis: Redis;
  redisUrl: string;
  /** Per-request scratch dirs live under here and are removed after delivery or failure. */
  workRoot: string;
  /** Files rendered once and kept across requests (DATA_DIR/cache: the /styles thumbnails). */
  cacheRoot: string;
  planner: Planner;
  /** The planner used when the configured one fails: the user is never left without a plan. */
  fallbackPlanner: Planner;
  providers: ReadonlyMap<string, VideoProvider>;
  defaultProviderId: string;
  /** Providers tried in order when the chosen one is down (not refusing): VIDEO_FALLBACKS. */
  fallbackProviderIds: readonly string[];
  media: Media;
  /** Draws the storyboard preview's first frame right after the plan, before any paid call returns. */
  previewPainter: PreviewPainter;
  /** Speaks the plan's lines on models without sound (VOICE); null = subtitles only. */
  speech: SpeechSynth | null;
  /**
   * Where files cross between roles (a worker and an adapter may be on different machines): local
   * request pictures on the way in, the finished clip and thumbnail on the way out.
   */
  mediaStore: MediaStore;
  /** Origins avatar and picture URLs may be fetched from, redirects included: the platform CDNs. */
  pictureOrigins: readonly string[];
  /** Clip records and which message shows which clip, kept RETENTION_DAYS in the database. */
  clips: ClipStore;
  /** The record: creations, cost ledger, settings, preferences (issue #12). */
  records: CommunityRecords;
  active: ActiveRequests;
  /** The owner's limits from the environment (MAX_ACTIVE_PER_USER, daily and monthly budgets, cooldown, WHEN_OVER_BUDGET). */
  budget: BudgetConfig;
  /** Generations of one model (its `/models` key) that may run at once across all workers: MODEL_CONCURRENCY; unset = no limit. */
  modelConcurrency?: ReadonlyMap<string, number>;
  /** Creates of one model (its `/models` key) per window across all workers: MODEL_RATE_LIMIT; unset = no limit. */
  modelRateLimits?: ReadonlyMap<string, RateLimit>;
  /** How soon a crashed worker's jobs are resumed elsewhere (JOB_LOCK_MS, STALLED_CHECK_MS). */
  crashRecovery: CrashRecovery;
  /** Longest a generation may run before the user is told it timed out, ms. */
  generationDeadlineMs: number;
  logger: Logger;
  /** Metrics hooks (stage durations, ack latency, delivered cost); providers are wrapped apart. */
  observer: ReverieObserver;
  now: () => number;
}
