/**
 * Draws docs/offline-contact-sheet.png: frames of two offline shorts made by the real pipeline
 * (offline planner, local renderer, voice, transitions, subtitles), every 2 s, one row each:
 * "a snail crossing a leaf", and a greeting with a script and an avatar (an emoji face standing
 * in for a profile picture). Run: node bench/offline-contact-sheet.ts
 */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NO_OPTIONS, type CreationRequest } from '../src/domain/creation-request.ts';
import { submitRequest } from '../src/pipeline/submit-request.ts';
import { startTestDelivery } from '../tests/helpers/test-delivery.ts';
import { createCountingPort } from './bench-pipeline.ts';
import { startBenchReverie } from './bench-reverie.ts';

const OUTPUT = fileURLToPath(new URL('../docs/offline-contact-sheet.png', import.meta.url));
const FRAME_WIDTH = 180;
const EVERY_SECONDS = 2;
const GAP = 4;
const EMOJI_FACE = join(dirname(createRequire(import.meta.url).resolve('emoji-datasource-google/package.json')), 'img', 'google', '64', '1f60a.png');

const shorts = [
  { sentence: 'a snail crossing a leaf', script: null, avatar: false },
  { sentence: 'make this holiday text into a greeting card short with my avatar', script: 'Happy holidays, everyone! May your days be merry and bright, and your home full of light.', avatar: true },
];

const work = await mkdtemp(join(tmpdir(), 'reverie-contact-sheet-'));
const bench = await startBenchReverie({ PLANNER: 'offline' });
const port = createCountingPort();
const clips = new Map<string, string>();
const postClip = port.postClip.bind(port);
port.postClip = async (post) => {
  const path = join(work, `${post.clip.request.id}.mp4`);
  await copyFile(post.filePath, path);
  clips.set(post.clip.request.id, path);
  return postClip(post);
};
const delivery = startTestDelivery(bench.reverie, port, 'sheet');
bench.reverie.startWorkers();
try {
  const rows: string[] = [];
  for (const [index, short] of shorts.entries()) {
    const id = `sheet-${index}-${Date.now()}`;
    const request: CreationRequest = {
      id,
      requester: { userId: `sheet-${index}`, displayName: 'Sheet', locale: 'en' },
      where: { platform: 'console', conversationId: 'sheet', threadId: null, replyToMessageId: null, statusMessageId: null, communityId: null },
      sentence: short.sentence,
      referencedText: short.script === null ? null : { source: 'inline', text: short.script },
      attachments: [],
      avatar: short.avatar ? { kind: 'path', location: EMOJI_FACE, mimeType: 'image/png', source: 'avatar' } : null,
      options: { ...NO_OPTIONS, orientation: 'vertical' },
      maxUploadBytes: 10 * 1024 * 1024,
      receivedAt: Date.now(),
    };
    await submitRequest(bench.reverie.context, bench.reverie.queues, request);
    await port.settled([id], 300_000);
    const clip = clips.get(id);
    if (!clip) throw new Error(`short "${short.sentence}" failed`);
    const row = join(work, `row-${index}.png`);
    // Frames at 1 s, 3 s, 5 s…: a tile each, side by side with a gap.
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-ss', '1', '-i', clip, '-vf', `fps=1/${EVERY_SECONDS},scale=${FRAME_WIDTH}:-2,pad=iw+${GAP}:ih:0:0:black,tile=6x1`, '-frames:v', '1', row]);
    rows.push(row);
  }
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...rows.flatMap((row) => ['-i', row]), '-filter_complex', `vstack=${rows.length},crop=iw-${GAP}:ih`, '-frames:v', '1', OUTPUT]);
  console.log(`wrote ${OUTPUT}`);
} finally {
  await delivery.close();
  await bench.stop();
  await rm(work, { recursive: true, force: true });
}
