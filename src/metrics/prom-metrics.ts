import type { Redis } from 'ioredis';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Logger } from '../log/logger.ts';
import type { ReverieObserver } from '../ports/observer.ts';
import type { QueueSet } from '../queue/queue-set.ts';
import { createRecentErrors, type RecentErrors } from './recent-errors.ts';

/** The job states a queue's gauge reports (BullMQ's getJobCounts names). */
const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'] as const;

export interface Metrics {
  /** This process's own registry (never prom-client's global one: tests run several Reveries). */
  registry: Registry;
  observer: ReverieObserver;
  /** The latest provider errors every process on this Redis saw, for the owner's page. */
  recentErrors: RecentErrors;
}

export interface MetricsOptions {
  queues: QueueSet;
  /** The queues whose job counts are read on each scrape. */
  queueNames: () => readonly string[];
  /** Where the recent provider errors are kept for every process (the queue's Redis and prefix). */
  redis: Redis;
  prefix: string;
  /** Masks this process's configured secrets in a provider's message before it is kept. */
  mask: (text: string) => string;
  logger: Logger;
}

/**
 * Reverie's metrics, in the Prometheus text format through prom-client. Job counts are read from
 * Redis when scraped (shared by every process on that Redis); the rest counts what this process did.
 */
export function createMetrics(options: MetricsOptions): Metrics {
  const registry = new Registry();
  new Gauge({
    name: 'reverie_jobs',
    help: 'Jobs in each queue by state, read from Redis on scrape',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        options.queueNames().map(async (queue) => {
          const counts = await options.queues.get(queue).getJobCounts(...JOB_STATES);
          for (const state of JOB_STATES) this.set({ queue, state }, counts[state] ?? 0);
        }),
      );
    },
  });
  const stages = new Histogram({
    name: 'reverie_stage_duration_seconds',
    help: 'Duration of each pipeline stage: plan, generate (plan done to last shot), finish, deliver',
    labelNames: ['stage'] as const,
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200],
    registers: [registry],
  });
  const providerCalls = new Histogram({
    name: 'reverie_provider_call_duration_seconds',
    help: 'Latency of video provider calls by provider, call and outcome',
    labelNames: ['provider', 'call', 'outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const providerErrors = new Counter({
    name: 'reverie_provider_errors_total',
    help: 'Video provider failures by provider and error kind',
    labelNames: ['provider', 'kind'] as const,
    registers: [registry],
  });
  const cost = new Counter({
    name: 'reverie_delivered_cost_dollars_total',
    help: 'Recorded cost of the clips this process delivered, in US dollars',
    registers: [registry],
  });
  const delivered = new Counter({
    name: 'reverie_clips_delivered_total',
    help: 'Clips this process delivered',
    registers: [registry],
  });
  const ack = new Histogram({
    name: 'reverie_ack_latency_seconds',
    help: 'Time from a chat event being received to its acknowledgement',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
    registers: [registry],
  });
  const recentErrors = createRecentErrors({ redis: options.redis, prefix: options.prefix, mask: options.mask });
  return {
    registry,
    recentErrors,
    observer: {
      stageDone: (stage, seconds) => stages.observe({ stage }, seconds),
      providerCall: (provider, call, outcome, seconds) => providerCalls.observe({ provider, call, outcome }, seconds),
      providerError(provider, model, kind, detail) {
        providerErrors.inc({ provider, kind });
        // The hook must not throw or wait: a lost entry on the page is logged, the call goes on.
        recentErrors.add({ provider, model, kind, detail }).catch((error: unknown) => options.logger.warn({ err: error, provider }, 'recent-error-lost'));
      },
      clipDelivered(costUsd) {
        delivered.inc();
        if (costUsd !== null && costUsd > 0) cost.inc(costUsd);
      },
      acknowledged: (seconds) => ack.observe(seconds),
    },
  };
}
