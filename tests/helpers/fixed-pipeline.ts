import type { ReverieOverrides } from '../../src/app/create-reverie.ts';
import type { CommunityRecords } from '../../src/ports/community-records.ts';
import type { Planner } from '../../src/ports/planner.ts';
import type { VideoProvider } from '../../src/ports/video-provider.ts';
import { createFakeMedia } from './fake-ports.ts';
import { createRecordingPort, type RecordingPort } from './recording-port.ts';
import { startTestDelivery } from './test-delivery.ts';
import { createTestRecords } from './test-records.ts';
import { startTestReverie, type TestReverie } from './test-reverie.ts';

/** The conversation the fixed pipeline's console requests (makeRequest's default) are delivered to. */
const CONVERSATION = 'session1';

/** A Reverie whose planner always answers `planner` (also as the fallback) and whose providers are the given ones, the first the default; media is faked. */
export function fixedPipelineOverrides(planner: Planner, providers: readonly VideoProvider[], records: CommunityRecords): ReverieOverrides {
  const [first] = providers;
  if (!first) throw new Error('a fixed pipeline needs at least one provider');
  return { planner, providers: new Map(providers.map((provider) => [provider.id, provider])), defaultProviderId: first.id, media: createFakeMedia(), records };
}

export interface FixedPipeline {
  harness: TestReverie;
  port: RecordingPort;
  records: CommunityRecords;
  /** Stops its delivery and workers (current steps finish), as a process going away; Redis keys stay. */
  stop(): Promise<void>;
  /** stop, then the Redis prefix and data dir are removed. */
  close(): Promise<void>;
}

/**
 * The ledger and budget tests' pipeline: real Redis and BullMQ, a fixed planner, fake providers
 * counting their creates, workers started and a delivery worker posting to an in-test port.
 * `records` defaults to a fresh record.
 */
export async function startFixedPipeline(options: { planner: Planner; providers: readonly VideoProvider[]; env?: Record<string, string>; records?: CommunityRecords }): Promise<FixedPipeline> {
  const records = options.records ?? (await createTestRecords());
  const harness = await startTestReverie(options.env ?? {}, fixedPipelineOverrides(options.planner, options.providers, records));
  harness.reverie.context.fallbackPlanner = options.planner;
  const port = createRecordingPort();
  const delivery = startTestDelivery(harness.reverie, port, CONVERSATION);
  harness.reverie.startWorkers();
  return {
    harness,
    port,
    records,
    async stop() {
      await delivery.close();
      await harness.reverie.stop();
    },
    async close() {
      await delivery.close();
      await harness.cleanup();
    },
  };
}
