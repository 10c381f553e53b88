import { describe, expect, it } from 'vitest';
import { findCycles, importsOfSource, packageNameOf } from './import-graph.ts';

describe('import graph reader', () => {
  it('finds static, type-only, re-export, dynamic and import() type specifiers', () => {
    const text = [
      "import { a, type B } from './domain/creation-request.ts';",
      "import type { Job } from 'bullmq';",
      "export { c } from '../adapters/discord/discord-ids.ts';",
      "export type { D } from '@discordjs/rest/dist/x';",
      "import 'node:fs';",
      "const lazy = await import('grammy');",
      "type R = import('ioredis').Redis;",
      "import './missing.ts';",
    ].join('\n');
    const edges = importsOfSource('src/example.ts', text).map(({ specifier, target, how, typeOnly }) => ({ specifier, target, how, typeOnly }));
    expect(edges).toEqual([
      { specifier: './domain/creation-request.ts', target: { kind: 'file', path: 'src/domain/creation-request.ts' }, how: 'static', typeOnly: false },
      { specifier: 'bullmq', target: { kind: 'package', name: 'bullmq' }, how: 'static', typeOnly: true },
      { specifier: '../adapters/discord/discord-ids.ts', target: { kind: 'file', path: 'adapters/discord/discord-ids.ts' }, how: 'static', typeOnly: false },
      { specifier: '@discordjs/rest/dist/x', target: { kind: 'package', name: '@discordjs/rest' }, how: 'static', typeOnly: true },
      { specifier: 'node:fs', target: { kind: 'builtin', name: 'node:fs' }, how: 'static', typeOnly: false },
      { specifier: 'grammy', target: { kind: 'package', name: 'grammy' }, how: 'dynamic', typeOnly: false },
      { specifier: 'ioredis', target: { kind: 'package', name: 'ioredis' }, how: 'type-query', typeOnly: true },
      { specifier: './missing.ts', target: { kind: 'unresolved', specifier: './missing.ts' }, how: 'static', typeOnly: false },
    ]);
    expect(packageNameOf('@google/genai/web')).toBe('@google/genai');
  });

  it('reports strongly connected components with more than one node, and self-loops', () => {
    const graph: Record<string, string[]> = { a: ['b'], b: ['c'], c: ['a', 'd'], d: ['e'], e: ['d'], f: ['f'], g: ['a'] };
    expect(findCycles(Object.keys(graph), (node) => graph[node] ?? [])).toEqual([['a', 'b', 'c'], ['d', 'e'], ['f']]);
  });
});
