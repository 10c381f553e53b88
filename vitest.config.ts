import { defineConfig } from 'vitest/config';
import { SlowFilesFirst } from './tests/helpers/slow-files-first.ts';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/helpers/loopback-only.ts'],
    // ffmpeg renders and real Redis round-trips are slower than unit code; 2 cores run them.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    sequence: { sequencer: SlowFilesFirst },
  },
});
