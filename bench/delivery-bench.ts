/**
 * Delivery overhead after the provider finishes: fitting the clip under the chat's upload limit
 * with the real ffmpeg. A clip that fits is remuxed (stream copy); one too big is re-encoded, as a
 * multiple of its duration. Inputs are generated into a tmp dir. Run: node bench/delivery-bench.ts
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createMedia } from '../src/media/create-media.ts';
import { makeClip, makeWorkDir } from '../tests/fixtures/make-media.ts';
import { report, type Figure } from './bench-report.ts';

/** Discord's 10 MiB less headroom for the multipart envelope, as the Discord adapter budgets. */
const UPLOAD_BUDGET = 9_961_472;
const media = createMedia();
const work = await makeWorkDir();
const figures: Figure[] = [];
try {
  const cases = [
    { name: 'fits: 15 s 720×1280', spec: { width: 720, height: 1280, seconds: 15, audio: true }, method: 'copy' },
    { name: 'too big: 8 s 720×1280 at 15 Mb/s', spec: { width: 720, height: 1280, seconds: 8, audio: true, noisy: true, videoBitrate: '15M' }, method: 'encode' },
  ];
  for (const [index, { name, spec, method }] of cases.entries()) {
    const input = await makeClip(join(work.path, `in-${index}.mp4`), spec);
    const started = performance.now();
    const result = await media.fitToLimit(input, join(work.path, `out-${index}.mp4`), UPLOAD_BUDGET);
    const seconds = (performance.now() - started) / 1000;
    if (result.method !== method) throw new Error(`${name}: expected ${method}, got ${result.method}`);
    const note = `${((await stat(input)).size / 1024 / 1024).toFixed(1)} MiB → ${(result.sizeBytes / 1024 / 1024).toFixed(1)} MiB by ${result.method}`;
    if (method === 'copy') figures.push({ name: `fit ${name}`, value: Number(seconds.toFixed(2)), unit: 's', baseline: null, target: '≤ 1 s', pass: seconds <= 1, note });
    else {
      const ratio = seconds / spec.seconds;
      figures.push({ name: `fit ${name}`, value: Number(ratio.toFixed(2)), unit: '× clip', baseline: null, target: '≤ 0.6 × clip', pass: ratio <= 0.6, note: `${note}, ${seconds.toFixed(2)} s` });
    }
  }
} finally {
  await work.remove();
}
report('delivery', figures);
