/**
 * The project's import graph, read from the sources with the TypeScript parser (no type checking):
 * every static import / export-from, `import x = require()`, dynamic `import()` and `import('…')`
 * type of each .ts file under the scanned roots. Relative specifiers resolve to files (paths
 * relative to the project root, `/`-separated); bare ones are packages (`@scope/name` or `name`),
 * `node:` and other Node built-ins are built-ins.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/[\\/]$/, '');
export const SCANNED_ROOTS = ['src', 'adapters', 'commands', 'bench'] as const;

export type ImportKind = 'static' | 'dynamic' | 'require' | 'type-query';

export type ImportTarget =
  | { kind: 'file'; path: string }
  | { kind: 'package'; name: string }
  | { kind: 'builtin'; name: string }
  /** A relative specifier with no file behind it, or an absolute path. */
  | { kind: 'unresolved'; specifier: string };

export interface ImportEdge {
  /** The importing file, relative to the project root (`src/app/create-reverie.ts`). */
  from: string;
  specifier: string;
  target: ImportTarget;
  how: ImportKind;
  /** `import type` / `export type` / `import('x').T`: erased when Node strips the types. */
  typeOnly: boolean;
}

const BUILTINS = new Set(builtinModules);

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function toProjectPath(absolute: string): string {
  return relative(PROJECT_ROOT, absolute).split(sep).join('/');
}

function resolveRelative(fromFile: string, specifier: string): ImportTarget {
  const base = resolve(PROJECT_ROOT, dirname(fromFile), specifier);
  const candidates = [base, `${base}.ts`, `${base}.js`, join(base, 'index.ts'), join(base, 'index.js')];
  // `./x.js` written for a `./x.ts` source (the NodeNext habit) resolves to the .ts file.
  if (base.endsWith('.js')) candidates.push(`${base.slice(0, -3)}.ts`);
  const found = candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
  return found ? { kind: 'file', path: toProjectPath(found) } : { kind: 'unresolved', specifier };
}

export function classifySpecifier(fromFile: string, specifier: string): ImportTarget {
  if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') return resolveRelative(fromFile, specifier);
  if (specifier.startsWith('node:') || BUILTINS.has(specifier) || BUILTINS.has(packageNameOf(specifier))) return { kind: 'builtin', name: specifier };
  if (specifier.startsWith('/') || /^[a-z]+:/i.test(specifier)) return { kind: 'unresolved', specifier };
  return { kind: 'package', name: packageNameOf(specifier) };
}

/** The import specifiers of one source text, in order of appearance. */
export function importsOfSource(file: string, text: string): ImportEdge[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const edges: ImportEdge[] = [];
  const add = (literal: ts.Node | undefined, how: ImportKind, typeOnly: boolean) => {
    if (!literal || !ts.isStringLiteralLike(literal)) return;
    edges.push({ from: file, specifier: literal.text, target: classifySpecifier(file, literal.text), how, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      // `import { type A } from 'x'` stays a (side-effect) import at run time; only `import type` is erased.
      add(node.moduleSpecifier, 'static', node.importClause?.isTypeOnly ?? false);
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, 'static', node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, 'require', node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], 'dynamic', false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, 'type-query', true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

function listTsFiles(directory: string): string[] {
  if (!existsSync(directory)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') files.push(...listTsFiles(path));
    } else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      files.push(path);
    }
  }
  return files;
}

export interface ImportGraph {
  /** Every scanned .ts file, relative to the project root, sorted. */
  files: string[];
  edges: ImportEdge[];
}

export function readImportGraph(roots: readonly string[] = SCANNED_ROOTS): ImportGraph {
  const files = roots.flatMap((root) => listTsFiles(join(PROJECT_ROOT, root))).map(toProjectPath);
  files.sort();
  const edges = files.flatMap((file) => importsOfSource(file, readFileSync(join(PROJECT_ROOT, file), 'utf8')));
  return { files, edges };
}

/** `src/providers/fal/x.ts` is under `src/providers` and `src/providers/fal`, not under `src/prov`. */
export function isUnder(path: string, folder: string): boolean {
  const prefix = folder.endsWith('/') ? folder : `${folder}/`;
  return path === folder || path.startsWith(prefix);
}

/** What an edge points at, for messages: a project path or a package / built-in name. */
export function describeTarget(target: ImportTarget): string {
  switch (target.kind) {
    case 'file':
      return target.path;
    case 'package':
    case 'builtin':
      return target.name;
    case 'unresolved':
      return `${target.specifier} (unresolved)`;
  }
}

/**
 * Strongly connected components of a directed graph (Tarjan), each with more than one node or a
 * self-loop: the cycles. Nodes inside a component are sorted; components are sorted by first node.
 */
export function findCycles(nodes: Iterable<string>, successors: (node: string) => Iterable<string>): string[][] {
  let nextIndex = 0;
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];

  // Iterative, so a long chain of files cannot overflow the call stack.
  const strongConnect = (root: string) => {
    const work: { node: string; next: Iterator<string> }[] = [];
    const open = (node: string) => {
      index.set(node, nextIndex);
      lowLink.set(node, nextIndex);
      nextIndex += 1;
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: successors(node)[Symbol.iterator]() });
    };
    open(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const step = frame.next.next();
      if (!step.done) {
        const successor = step.value;
        if (!index.has(successor)) open(successor);
        else if (onStack.has(successor)) lowLink.set(frame.node, Math.min(lowLink.get(frame.node)!, index.get(successor)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) lowLink.set(parent.node, Math.min(lowLink.get(parent.node)!, lowLink.get(frame.node)!));
      if (lowLink.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = component.length === 1 && [...successors(frame.node)].includes(frame.node);
        if (component.length > 1 || selfLoop) components.push(component.sort());
      }
    }
  };

  for (const node of nodes) if (!index.has(node)) strongConnect(node);
  return components.sort((a, b) => a[0]!.localeCompare(b[0]!));
}
