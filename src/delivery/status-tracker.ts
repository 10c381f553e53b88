import { Job, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { CreationRequest } from '../domain/creation-request.ts';
import { JobProgress } from '../domain/job-progress.ts';
import type { Logger } from '../log/logger.ts';
import type { ChatPort } from '../ports/chat-port.ts';
import { getQueuePosition, type QueueSet } from '../queue/queue-set.ts';
import { PLAN_QUEUE } from '../queue/queue-names.ts';
import { showPreview, type PreviewDeps } from './show-preview.ts';
import { renderPlanLine, renderStatusText } from './status-text.ts';

export interface StatusTrackerOptions {
  port: ChatPort;
  queues: QueueSet;
  /** Queues whose progress events drive status messages: the plan queue and every render queue. */
  queueNames: string[];
  redisUrl: string;
  prefix: string;
  /** Only requests this adapter owns (its platform, its console session). */
  owns: (request: CreationRequest) => boolean;
  /** Least time between two edits of one status message, ms (Discord shares a rate bucket per message). */
  minEditIntervalMs: number;
  /** How often the place in line of waiting requests (plan or render queue) is refreshed, and stale entries dropped, ms. */
  queuePollMs?: number;
  /**
   * An entry with no progress for this long is dropped: its request was delivered by another
   * process, or its job vanished without a delivery. A later progress event adopts it again.
   * Default: 30 minutes; the app passes the generation deadline plus a margin.
   */
  forgetAfterMs?: number;
  /** Where the storyboard preview frame is fetched from and its separate message remembered. */
  preview: Omit<PreviewDeps, 'port'>;
  logger: Logger;
  now: () => number;
}

interface Tracked {
  request: CreationRequest;
  planLine: string | null;
  lastText: string | null;
  lastEditAt: number;
  pending: { text: string; progress: JobProgress } | null;
  timer: NodeJS.Timeout | null;
  stage: JobProgress['stage'];
  /** When this entry last showed progress (or was tracked), ms. */
  seenAt: number;
  /**
   * The storyboard preview waiting for the next edit. Kept apart from `pending`, which a later
   * progress event replaces: a throttled card must still show the preview once.
   */
  preview: { frame: NonNullable<JobProgress['preview']>; summary: NonNullable<JobProgress['planSummary']> } | null;
  /** The preview on its way to the platform, so the delivery can wait for it before replacing it. */
  showing: Promise<void> | null;
}

export interface StatusTracker {
  /** Starts tracking a request the adapter just accepted, with its first place in line. */
  track(request: CreationRequest, queuePosition: number | null): void;
  /** Stops editing a request's status (its clip or failure is being posted). */
  forget(requestId: string): void;
  /** Resolves once a preview on its way to the platform is shown (or failed), so a clip can replace it. */
  previewSettled(requestId: string): Promise<void>;
  /** Requests being tracked now (tests check that it does not only grow). */
  size(): number;
  close(): Promise<void>;
}

/**
 * Turns workers' progress events into throttled edits of one status message per request. Events
 * are lossy by design: the final answer travels as a durable delivery job, not through here.
 */
export function createStatusTracker(options: StatusTrackerOptions): StatusTracker {
  const tracked = new Map<string, Tracked>();
  const connections: Redis[] = [];
  const listeners: QueueEvents[] = [];
  const { logger, now } = options;

  const flush = (entry: Tracked) => {
    entry.timer = null;
    const pending = entry.pending;
    if (!pending || !tracked.has(entry.request.id)) return;
    entry.pending = null;
    const preview = entry.preview;
    if (pending.text === entry.lastText && !preview) return;
    entry.lastText = pending.text;
    entry.lastEditAt = now();
    if (preview) {
      entry.preview = null;
      entry.showing = showPreview({ port: options.port, ...options.preview }, entry.request, pending.text, preview.frame, preview.summary)
        .then((shown) => (shown ? undefined : options.port.updateStatus(entry.request, pending.text, pending.progress)))
        .catch((error: unknown) => logger.warn({ err: error, requestId: entry.request.id }, 'status-preview-failed'));
      return;
    }
    options.port.updateStatus(entry.request, pending.text, pending.progress).catch((error: unknown) => {
      logger.warn({ err: error, requestId: entry.request.id }, 'status-edit-failed');
    });
  };

  const show = (entry: Tracked, progress: JobProgress) => {
    if (progress.planSummary) entry.planLine = renderPlanLine(entry.request.requester.locale, progress.planSummary);
    if (progress.preview && progress.planSummary && !entry.showing) entry.preview = { frame: progress.preview, summary: progress.planSummary };
    entry.stage = progress.stage;
    entry.seenAt = now();
    entry.pending = { text: renderStatusText(entry.request.requester.locale, progress, entry.planLine, now()), progress };
    if (entry.timer) return;
    const wait = Math.max(0, entry.lastEditAt + options.minEditIntervalMs - now());
    entry.timer = setTimeout(() => flush(entry), wait);
  };

  const resolveEntry = async (queueName: string, jobId: string, requestId: string): Promise<Tracked | null> => {
    const known = tracked.get(requestId);
    if (known) return known;
    // Another adapter process may have accepted it, or we restarted: adopt it from the job.
    const job = await Job.fromId(options.queues.get(queueName), jobId);
    const parsed = CreationRequest.safeParse(job?.data?.request);
    if (!parsed.success || !options.owns(parsed.data)) return null;
    const entry: Tracked = { request: parsed.data, planLine: null, lastText: null, lastEditAt: 0, pending: null, timer: null, stage: 'queued', seenAt: now(), preview: null, showing: null };
    tracked.set(requestId, entry);
    return entry;
  };

  const forget = (requestId: string) => {
    const entry = tracked.get(requestId);
    if (entry?.timer) clearTimeout(entry.timer);
    tracked.delete(requestId);
  };

  /** Plan jobs are named by the request id, render jobs `<request id>-render[-<provider>]`. */
  const forgetJob = (jobId: string) => {
    for (const requestId of tracked.keys()) {
      if (jobId === requestId || jobId.startsWith(`${requestId}-render`)) forget(requestId);
    }
  };

  for (const queueName of options.queueNames) {
    const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    // The same outage reaches QueueEvents' own 'error' (a warning below); without a listener here
    // ioredis would also print each reconnect failure to stderr, outside the log.
    connection.on('error', (error) => logger.debug({ err: error, queueName }, 'queue-events-connection-error'));
    connections.push(connection);
    const events = new QueueEvents(queueName, { connection, prefix: options.prefix });
    events.on('error', (error) => logger.warn({ err: error, queueName }, 'queue-events-error'));
    events.on('progress', ({ jobId, data }) => {
      const progress = JobProgress.safeParse(data);
      if (!progress.success) return;
      resolveEntry(queueName, jobId, progress.data.requestId)
        .then((entry) => entry && show(entry, progress.data))
        .catch((error: unknown) => logger.warn({ err: error, jobId }, 'status-lookup-failed'));
    });
    // A job that failed for good or was removed says nothing more: its card needs no more edits
    // (a failure still arrives as a delivery job), and the entry must not stay forever.
    events.on('failed', ({ jobId }) => forgetJob(jobId));
    events.on('removed', ({ jobId }) => forgetJob(jobId));
    listeners.push(events);
  }

  const forgetAfterMs = options.forgetAfterMs ?? 30 * 60_000;
  const renderQueueNames = options.queueNames.filter((name) => name !== PLAN_QUEUE);

  /** Waiting for a planner slot, or planned and waiting for a provider slot (fair turns keep both honest). */
  const isWaiting = (entry: Tracked) => entry.stage === 'queued' || entry.stage === 'planned';

  /** The place in line of the request's plan job, else of its render job in the provider's queue. */
  const placeInLine = async (requestId: string): Promise<number | null> => {
    const planned = await getQueuePosition(options.queues.get(PLAN_QUEUE), requestId);
    if (planned !== null) return planned;
    for (const name of renderQueueNames) {
      const position = await getQueuePosition(options.queues.get(name), `${requestId}-render`);
      if (position !== null) return position;
    }
    return null;
  };

  const pollPositions = setInterval(() => {
    for (const entry of [...tracked.values()]) {
      if (now() - entry.seenAt > forgetAfterMs) {
        forget(entry.request.id);
        continue;
      }
      if (!isWaiting(entry)) continue;
      placeInLine(entry.request.id)
        // The job may have started while we asked: never step the card back.
        .then((position) => position && isWaiting(entry) && show(entry, { requestId: entry.request.id, stage: 'queued', queuePosition: position }))
        .catch(() => undefined);
    }
  }, options.queuePollMs ?? 5_000);
  pollPositions.unref();

  return {
    track(request, queuePosition) {
      // A fast worker may already have reported progress for it: never step the card back.
      if (tracked.has(request.id)) return;
      const entry: Tracked = { request, planLine: null, lastText: null, lastEditAt: 0, pending: null, timer: null, stage: 'queued', seenAt: now(), preview: null, showing: null };
      tracked.set(request.id, entry);
      show(entry, { requestId: request.id, stage: 'queued', ...(queuePosition ? { queuePosition } : {}) });
    },
    forget,
    previewSettled: async (requestId) => {
      await tracked.get(requestId)?.showing;
    },
    size: () => tracked.size,
    async close() {
      clearInterval(pollPositions);
      for (const entry of tracked.values()) if (entry.timer) clearTimeout(entry.timer);
      tracked.clear();
      await Promise.all(listeners.map((events) => events.close()));
      await Promise.all(connections.map((connection) => connection.quit().catch(() => undefined)));
    },
  };
}
