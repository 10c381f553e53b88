import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `npm run bench`: every bench/*-bench.ts in turn, each printing its own figures. */
const benchDir = fileURLToPath(new URL('./', import.meta.url));
const only = process.argv[2];
for (const file of readdirSync(benchDir)
  .filter((name) => name.endsWith('-bench.ts'))
  .sort()) {
  if (only && !file.includes(only)) continue;
  process.stdout.write(`\n== ${file} ==\n`);
  const result = spawnSync(process.execPath, [`${benchDir}${file}`], { stdio: 'inherit' });
  if (result.status !== 0) process.exitCode = 1;
}
