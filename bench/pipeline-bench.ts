import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createReverie } from '../src/app/create-reverie.ts';
import { parseConfig } from '../src/config/load-config.ts';
import { NO_OPTIONS, type CreationRequest } from '../src/domain/creation-request.ts';
import { createLogger } from '../src/log/logger.ts';
import { buildOfflinePlan } from '../src/planner/offline-planner.ts';
import { submitRequest } from '../src/pipeline/submit-request.ts';
import { deletePrefix } from '../src/queue/redis-connection.ts';

/** Figures for the parts of the request path that do not render: planning, enqueueing, handing media between roles. */

const sentences = [
  'make this holiday text into a short with my avatar',
  '把这段文字做成15秒竖屏短视频，用我的头像',
  'ASMR rain on a window, landscape, 8 seconds',
  '把這段文字做成電影感的橫屏短片，二十秒',
];

function benchPlanner(iterations: number): void {
  const started = performance.now();
  for (let index = 0; index < iterations; index += 1) {
    buildOfflinePlan({
      sentence: sentences[index % sentences.length] ?? '',
      script: 'Happy holidays, everyone! May your days be merry and bright.',
      locale: 'en',
      avatar: null,
      options: NO_OPTIONS,
      variation: index,
      previousPlan: null,
      instruction: null,
    });
  }
  const ms = performance.now() - started;
  console.log(`offline planner: ${iterations} plans in ${ms.toFixed(0)} ms (${((ms / iterations) * 1000).toFixed(0)} µs/plan)`);
}

async function benchSubmit(count: number): Promise<void> {
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'reverie-bench-'));
  const config = parseConfig({ QUEUE_PREFIX: prefix, DATA_DIR: dataDir, MAX_ACTIVE_PER_USER: String(count) });
  const logger = createLogger({ level: 'silent', secrets: [], destination: new Writable({ write: (_c, _e, done) => done() }) });
  const reverie = await createReverie(config, logger);
  const request = (index: number): CreationRequest => ({
    id: `bench-${index}`,
    requester: { userId: 'bench', displayName: 'bench', locale: 'en' },
    where: { platform: 'console', conversationId: 'bench', threadId: null, replyToMessageId: null, statusMessageId: null, communityId: null },
    sentence: sentences[0] ?? '',
    referencedText: null,
    attachments: [],
    avatar: null,
    options: NO_OPTIONS,
    maxUploadBytes: 10 * 1024 * 1024,
    receivedAt: Date.now(),
  });
  const started = performance.now();
  for (let index = 0; index < count; index += 1) await submitRequest(reverie.context, reverie.queues, request(index));
  const sequentialMs = performance.now() - started;
  const duplicateStart = performance.now();
  await Promise.all(Array.from({ length: count }, (_, index) => submitRequest(reverie.context, reverie.queues, request(index))));
  const duplicateMs = performance.now() - duplicateStart;
  console.log(`submit: ${count} new requests in ${sequentialMs.toFixed(0)} ms (${(sequentialMs / count).toFixed(2)} ms each, sequential)`);
  console.log(`submit: ${count} re-delivered events answered as duplicates in ${duplicateMs.toFixed(0)} ms (concurrent)`);
  await reverie.stop();
  await deletePrefix(config.REDIS_URL, prefix);
  await rm(dataDir, { recursive: true, force: true });
}

/** A finished clip's trip from the worker to the delivery worker: put, get into another folder, delete. */
async function benchMediaStore(sizesMb: number[], rounds: number): Promise<void> {
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'reverie-bench-'));
  const config = parseConfig({ QUEUE_PREFIX: prefix, DATA_DIR: dataDir });
  const logger = createLogger({ level: 'silent', secrets: [], destination: new Writable({ write: (_c, _e, done) => done() }) });
  const reverie = await createReverie(config, logger);
  const store = reverie.context.mediaStore;
  for (const sizeMb of sizesMb) {
    const source = join(dataDir, `clip-${sizeMb}.mp4`);
    await writeFile(source, randomBytes(sizeMb * 1024 * 1024));
    let putMs = 0;
    let getMs = 0;
    for (let round = 0; round < rounds; round += 1) {
      const putStart = performance.now();
      await store.put(`bench-${sizeMb}`, source);
      const getStart = performance.now();
      await store.get(`bench-${sizeMb}`, join(dataDir, `copy-${sizeMb}.mp4`));
      getMs += performance.now() - getStart;
      putMs += getStart - putStart;
      await store.delete(`bench-${sizeMb}`);
    }
    console.log(`media store: ${sizeMb} MB clip put ${(putMs / rounds).toFixed(1)} ms, get ${(getMs / rounds).toFixed(1)} ms (mean of ${rounds})`);
  }
  await reverie.stop();
  await deletePrefix(config.REDIS_URL, prefix);
  await rm(dataDir, { recursive: true, force: true });
}

benchPlanner(2_000);
await benchSubmit(200);
await benchMediaStore([1, 5, 50], 5);
