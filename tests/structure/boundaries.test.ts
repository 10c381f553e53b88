/**
 * Structure checks: which folder may import what. The import graph is read from the sources
 * (./import-graph.ts); every rule lists its offenders as `file → import`.
 *
 * To change a boundary, edit the tables just below. A violation that exists today and is waiting
 * for a refactor goes in KNOWN_VIOLATIONS with its reason; the last test fails once a listed
 * violation is gone, so that list can only shrink.
 */
import { describe, expect, it } from 'vitest';
import { describeTarget, findCycles, isUnder, readImportGraph, type ImportEdge } from './import-graph.ts';

// ── The rules' data ─────────────────────────────────────────────────────────────────────────────

/**
 * Each SDK and the only folders that may import it (type-only imports count too: they tie the
 * code to the SDK's shapes). `@scope/*` covers every package of the scope. The folders are the
 * ones that use each package today (checked when this table was written).
 */
const SDK_FOLDERS: Record<string, readonly string[]> = {
  // bench/ holds the ack-latency baseline: a bare discord.js bot that only defers (minimal-discord-bot.ts).
  'discord.js': ['adapters/discord', 'bench'],
  '@discordjs/*': ['adapters/discord'],
  grammy: ['adapters/telegram'],
  '@grammyjs/*': ['adapters/telegram'],
  '@google/genai': ['src/providers', 'src/planner', 'src/voice'],
  openai: ['src/planner', 'src/voice'],
  'fluent-ffmpeg': ['src/media'],
  '@fal-ai/client': ['src/providers/fal'],
  '@runwayml/sdk': ['src/providers/runway'],
  bullmq: ['src/queue', 'src/pipeline', 'src/delivery', 'src/webhooks'],
  ioredis: ['src/queue', 'src/pipeline', 'src/delivery', 'src/store', 'src/app', 'src/webhooks', 'src/metrics'],
  'prom-client': ['src/metrics', 'src/http'],
  // The owner's page: Hono serves it, Bull Board shows the queues (src/http/owner-app.ts).
  hono: ['src/http'],
  '@hono/*': ['src/http'],
  '@bull-board/*': ['src/http'],
  // The record's database: the dialects in src/db, the typed queries in src/store's sql-* files.
  kysely: ['src/db', 'src/store'],
  pg: ['src/db'],
};

/** Each platform's adapter lives in adapters/<platform> and knows no other adapter. */
const ADAPTERS_ROOT = 'adapters';

/**
 * What adapters may see of src/: the chat core they call, the port they implement, and the plain
 * data, messages and logger those speak in. Queues, stores, the pipeline and the app stay hidden.
 */
const ADAPTER_VISIBLE_SRC: readonly string[] = ['src/chat', 'src/ports', 'src/domain', 'src/i18n', 'src/log'];

/** The only files in src/ that may import an adapter: the entry points that wire everything. */
const ENTRY_POINTS: readonly string[] = ['src/main.ts', 'src/cli'];

/** Shared chat commands: platform-neutral, so no SDK and no adapter. */
const COMMANDS_ROOT = 'commands';

/**
 * Violations present today, subtracted from the rules' findings. Each key is exactly what the rule
 * reports: `file → import` (the import as a package name or a project path), or for a cycle its
 * modules, sorted and joined with ` ↔ `. A listed cycle also covers a smaller cycle among its modules
 * (then the stale check asks for the smaller one to be listed instead).
 */
const KNOWN_VIOLATIONS: readonly KnownViolation[] = [];

// ── The rules ───────────────────────────────────────────────────────────────────────────────────

type RuleId = 'sdk-folders' | 'adapters-isolated' | 'adapters-see-the-core' | 'src-no-adapters' | 'commands-neutral' | 'module-cycles';

interface KnownViolation {
  rule: RuleId;
  key: string;
  reason: string;
}

interface Violation {
  rule: RuleId;
  key: string;
  /** What the failure message shows; the key plus evidence where the key alone is not enough. */
  detail: string;
}

const graph = readImportGraph();

const packageMatches = (pattern: string, name: string): boolean => (pattern.endsWith('/*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern);
const sdkPatternOf = (name: string): string | undefined => Object.keys(SDK_FOLDERS).find((pattern) => packageMatches(pattern, name));
const edgeKey = (edge: ImportEdge): string => `${edge.from} → ${describeTarget(edge.target)}`;
const violation = (rule: RuleId, edge: ImportEdge): Violation => ({ rule, key: edgeKey(edge), detail: `${edgeKey(edge)}${edge.typeOnly ? ' (type-only)' : ''}` });
const isEntryPoint = (file: string): boolean => ENTRY_POINTS.some((entry) => isUnder(file, entry));
/** adapters/discord/x.ts → 'discord'; null outside adapters/. */
const adapterOf = (path: string): string | null => (isUnder(path, ADAPTERS_ROOT) ? (path.split('/')[1] ?? null) : null);

/**
 * A file's module for the cycle check: src/<dir> (subfolders included), a file directly in src/
 * by itself, adapters/<platform>, and commands and bench whole. Outside the scanned roots: none.
 */
function moduleOf(path: string): string | null {
  const parts = path.split('/');
  if (parts[0] === 'src') return parts.length > 2 ? `src/${parts[1]}` : path;
  if (parts[0] === 'adapters') return parts.length > 2 ? `adapters/${parts[1]}` : path;
  if (parts[0] === 'commands' || parts[0] === 'bench') return parts[0];
  return null;
}

function sdkFolderViolations(): Violation[] {
  return graph.edges.flatMap((edge) => {
    if (edge.target.kind !== 'package') return [];
    const pattern = sdkPatternOf(edge.target.name);
    if (!pattern) return [];
    return SDK_FOLDERS[pattern]!.some((folder) => isUnder(edge.from, folder)) ? [] : [violation('sdk-folders', edge)];
  });
}

function adapterIsolationViolations(): Violation[] {
  return graph.edges.flatMap((edge) => {
    const from = adapterOf(edge.from);
    const to = edge.target.kind === 'file' ? adapterOf(edge.target.path) : null;
    return from !== null && to !== null && from !== to ? [violation('adapters-isolated', edge)] : [];
  });
}

function adapterReachViolations(): Violation[] {
  return graph.edges.flatMap((edge) => {
    if (adapterOf(edge.from) === null || edge.target.kind !== 'file' || !isUnder(edge.target.path, 'src')) return [];
    return ADAPTER_VISIBLE_SRC.some((folder) => edge.target.kind === 'file' && isUnder(edge.target.path, folder)) ? [] : [violation('adapters-see-the-core', edge)];
  });
}

function srcToAdapterViolations(): Violation[] {
  return graph.edges.flatMap((edge) =>
    isUnder(edge.from, 'src') && !isEntryPoint(edge.from) && edge.target.kind === 'file' && isUnder(edge.target.path, ADAPTERS_ROOT) ? [violation('src-no-adapters', edge)] : [],
  );
}

function commandViolations(): Violation[] {
  return graph.edges.flatMap((edge) => {
    if (!isUnder(edge.from, COMMANDS_ROOT)) return [];
    const sdk = edge.target.kind === 'package' && sdkPatternOf(edge.target.name) !== undefined;
    const adapter = edge.target.kind === 'file' && isUnder(edge.target.path, ADAPTERS_ROOT);
    return sdk || adapter ? [violation('commands-neutral', edge)] : [];
  });
}

function cycleViolations(): Violation[] {
  // Module → module → the file imports behind that dependency (for the message).
  const dependencies = new Map<string, Map<string, ImportEdge[]>>();
  for (const edge of graph.edges) {
    if (edge.target.kind !== 'file' || isEntryPoint(edge.from) || isEntryPoint(edge.target.path)) continue;
    const from = moduleOf(edge.from);
    const to = moduleOf(edge.target.path);
    if (from === null || to === null || from === to) continue;
    const targets = dependencies.get(from) ?? new Map<string, ImportEdge[]>();
    targets.set(to, [...(targets.get(to) ?? []), edge]);
    dependencies.set(from, targets);
  }
  const modules = new Set(graph.files.filter((file) => !isEntryPoint(file)).flatMap((file) => moduleOf(file) ?? []));
  const cycles = findCycles([...modules].sort(), (module) => [...(dependencies.get(module)?.keys() ?? [])].sort());
  return cycles.map((cycle) => {
    const inside = new Set(cycle);
    const evidence = cycle.flatMap((from) =>
      [...(dependencies.get(from) ?? [])]
        .filter(([to]) => inside.has(to))
        .map(([to, edges]) => `    ${from} → ${to}: ${edges.map((edge) => `${edge.from} → ${describeTarget(edge.target)}${edge.typeOnly ? ' (type-only)' : ''}`).join(', ')}`),
    );
    const key = cycle.join(' ↔ ');
    return { rule: 'module-cycles' as const, key, detail: [key, ...evidence].join('\n') };
  });
}

const RULES: { id: RuleId; title: string; find: () => Violation[] }[] = [
  { id: 'sdk-folders', title: 'imports each SDK only in the folders that own it (SDK_FOLDERS)', find: sdkFolderViolations },
  { id: 'adapters-isolated', title: 'keeps each adapters/<platform> free of imports from another adapter', find: adapterIsolationViolations },
  { id: 'adapters-see-the-core', title: 'lets adapters see only the chat core, their port and plain data of src/ (ADAPTER_VISIBLE_SRC)', find: adapterReachViolations },
  { id: 'src-no-adapters', title: 'imports adapters/ from src/ only in the entry points (src/main.ts, src/cli/**)', find: srcToAdapterViolations },
  { id: 'commands-neutral', title: 'keeps commands/ free of SDKs and adapters', find: commandViolations },
  { id: 'module-cycles', title: 'has no import cycles between modules (src/<dir>, adapters/<platform>, commands, bench; entry points excluded)', find: cycleViolations },
];

const cycleModules = (key: string): string[] => key.split(' ↔ ');
/** A known violation covers the same finding, or for a cycle any cycle within its modules. */
function covers(known: KnownViolation, each: Violation): boolean {
  if (known.rule !== each.rule) return false;
  if (known.rule !== 'module-cycles') return known.key === each.key;
  const allowed = new Set(cycleModules(known.key));
  return cycleModules(each.key).every((module) => allowed.has(module));
}
/** One entry per key: a file importing a package twice (values, then types) is one violation. */
const uniqueByKey = (violations: Violation[]): Violation[] => [...new Map(violations.map((each) => [each.key, each])).values()];
const found = new Map(RULES.map((rule) => [rule.id, uniqueByKey(rule.find())]));

// ── The tests ───────────────────────────────────────────────────────────────────────────────────

describe('import boundaries', () => {
  it('reads the import graph of src/, adapters/, commands/ and bench/, every relative import resolved', () => {
    expect(graph.files.length).toBeGreaterThan(50);
    for (const root of ['src/', 'adapters/', 'commands/', 'bench/'])
      expect(
        graph.files.some((file) => file.startsWith(root)),
        root,
      ).toBe(true);
    const unresolved = graph.edges.filter((edge) => edge.target.kind === 'unresolved').map(edgeKey);
    expect(unresolved, 'imports that point at no file').toEqual([]);
  });

  for (const rule of RULES) {
    it(rule.title, () => {
      const unexpected = found.get(rule.id)!.filter((each) => !KNOWN_VIOLATIONS.some((known) => covers(known, each)));
      expect(unexpected.map((each) => each.detail).join('\n'), `[${rule.id}] violations (file → import); fix the import, or adjust the tables in this file`).toBe('');
    });
  }

  it('has no stale known violations (KNOWN_VIOLATIONS can only shrink)', () => {
    const current = new Set([...found.values()].flat().map((each) => `${each.rule}: ${each.key}`));
    const stale = KNOWN_VIOLATIONS.filter((known) => !current.has(`${known.rule}: ${known.key}`)).map((known) => `${known.rule}: ${known.key}`);
    expect(stale.join('\n'), 'listed in KNOWN_VIOLATIONS but no longer found: remove them from the list').toBe('');
  });
});
