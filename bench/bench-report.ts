import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

/** One measured figure next to its baseline (measured in the same run) and its target from issue #14. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The same figure for the baseline measured in this run, or null where there is none. */
  baseline: number | null;
  /** The target in words, e.g. "≤ 100 ms", or null for a figure only reported. */
  target: string | null;
  /** null where there is no target to pass. */
  pass: boolean | null;
  note?: string;
}

/** Where and under what load the figures were taken: a shared 2-core box makes them noisy. */
export function machine() {
  const cpu = cpus()[0]?.model ?? 'unknown';
  let redis = 'unknown';
  try {
    redis = execFileSync('redis-server', ['--version'], { encoding: 'utf8' }).trim().split(' ')[2] ?? redis;
  } catch {
    // redis-server is not on PATH when Redis runs elsewhere: the version is only informative.
  }
  return {
    cpus: availableParallelism(),
    cpuModel: cpu,
    memoryGiB: Number((totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    redis,
    loadAverageAtEnd: loadavg().map((load) => Number(load.toFixed(2))),
    at: new Date().toISOString(),
  };
}

/** Nearest-rank percentile of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

const show = (value: number | null, unit: string): string => (value === null ? '—' : `${Number.isInteger(value) ? value : value.toFixed(value < 10 ? 2 : 1)} ${unit}`.trim());

/** Prints the table on stdout and writes bench/results/<bench>.json with the machine it ran on. */
export function report(bench: string, figures: readonly Figure[], extra: Record<string, unknown> = {}): void {
  const rows = figures.map((figure) => [
    figure.name,
    show(figure.value, figure.unit),
    show(figure.baseline, figure.unit),
    figure.target ?? '—',
    figure.pass === null ? '' : figure.pass ? 'pass' : 'FAIL',
  ]);
  const header = ['figure', 'value', 'baseline', 'target', 'result'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  for (const figure of figures) if (figure.note) console.log(`  ${figure.name}: ${figure.note}`);
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}${bench}.json`, `${JSON.stringify({ bench, machine: machine(), figures, ...extra }, null, 2)}\n`);
}
