import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files that take a minute or more on 2 cores (end-to-end child processes, many real renders, tsc),
 * slowest first, as measured with `--reporter=json`. Their test files are short, and on a clean
 * clone (CI) vitest has no timings yet and runs larger files first: these would start last and
 * stretch the run's tail by their whole length while the other worker sits idle.
 */
const SLOW_FILES = [
  'tests/src/app/scale-out.test.ts',
  'tests/src/pipeline/model-pipeline.test.ts',
  'tests/scripts/fresh-clone.test.ts',
  'tests/structure/typecheck.test.ts',
  'tests/adapters/discord/discord-mention.test.ts',
  'tests/adapters/discord/discord-dm-upload.test.ts',
  'tests/src/pipeline/voice-track.test.ts',
  'tests/adapters/telegram/telegram-groups.test.ts',
  'tests/src/providers/fal/fal-process.test.ts',
  'tests/src/providers/fal/fal-route.test.ts',
  'tests/adapters/console/console.test.ts',
  'tests/adapters/telegram/telegram-limits.test.ts',
];

/** Runs SLOW_FILES first, in that order; the rest keep vitest's order (cached timings, else size). */
export class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification): number => {
      const index = SLOW_FILES.findIndex((path) => spec.moduleId.endsWith(`/${path}`));
      return index === -1 ? SLOW_FILES.length : index;
    };
    // Array.prototype.sort is stable: files outside the list stay in vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
