import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './import-graph.ts';

/**
 * Tests are laid out like the code: the tests of src/pipeline live in tests/src/pipeline, of
 * adapters/discord in tests/adapters/discord, of scripts/ in tests/scripts. Shared test parts
 * (fakes, helpers, fixtures), these structure checks and the operations drills (issue #14: whole
 * processes crashed, restarted and through outages, no one folder's code) are the only other folders.
 */
const SHARED_FOLDERS = ['fakes', 'helpers', 'fixtures', 'structure', 'drills'];

function testFolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (!entry.isDirectory() || entry.name === '__snapshots__') return [];
    const path = join(dir, entry.name);
    const hasTests = readdirSync(path).some((name) => name.endsWith('.test.ts'));
    return [...(hasTests ? [path] : []), ...testFolders(path)];
  });
}

describe('test layout', () => {
  it('puts every test in the folder of the code it tests', () => {
    const testsRoot = join(PROJECT_ROOT, 'tests');
    const misplaced = testFolders(testsRoot)
      .map((path) => relative(testsRoot, path))
      .filter((folder) => !SHARED_FOLDERS.includes(folder.split('/')[0] ?? '') && !existsSync(join(PROJECT_ROOT, folder)));
    expect(misplaced, 'tests/<folder> must mirror an existing <folder> of the project').toEqual([]);
  });

  it('keeps no test files loose in tests/', () => {
    expect(readdirSync(join(PROJECT_ROOT, 'tests')).filter((name) => name.endsWith('.test.ts'))).toEqual([]);
  });
});
