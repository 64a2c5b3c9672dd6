import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

/** The repository root (tests run from it). */
export const ROOT = process.cwd();

/** The folders whose modules the import tests read. */
export const SOURCE_DIRS = ['src', 'envs', 'agents', 'bridge', 'benchmarks'] as const;

/** One relative import of a module. */
export interface ImportEdge {
  /** Imported module, relative to the repository root. */
  to: string;
  /** `import type` / `export type` (or every name marked `type`): erased at run time. */
  typeOnly: boolean;
  /** `url`: a module named by `new URL(…, import.meta.url)` (a worker's entry point), not loaded by this one. */
  kind: 'static' | 'dynamic' | 'url';
}

/** Every .ts/.mts/.mjs file under `dir` (without node_modules and the Python client). */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'python') return [];
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|mts|mjs)$/.test(name) ? [path] : [];
  });
}

function isTypeOnly(keyword: string | undefined, clause: string): boolean {
  if (keyword !== undefined) return true;
  const braces = /^\{([^}]*)\}$/s.exec(clause.trim());
  if (braces === null) return false;
  const names = braces[1]!.split(',').map((n) => n.trim()).filter(Boolean);
  return names.length > 0 && names.every((n) => n.startsWith('type '));
}

/**
 * The relative imports of `file` (static `import`/`export … from`, dynamic `import()`, and worker entry
 * points given as `new URL('./x.ts', import.meta.url)`), skipping comment lines such as JSDoc examples.
 */
export function importsOf(file: string): ImportEdge[] {
  const text = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
    .join('\n');
  const out: ImportEdge[] = [];
  const re = /(?:import|export)\s+(type\s+)?([^'";]*?)\s*from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|new URL\(\s*['"](\.[^'"]+)['"]/g;
  for (const m of text.matchAll(re)) {
    const spec = m[3] ?? m[4] ?? m[5]!;
    if (!spec.startsWith('.') || !/\.(ts|mts|mjs|js)$/.test(spec)) continue;
    out.push({
      to: relative(ROOT, resolve(dirname(file), spec)),
      typeOnly: m[3] !== undefined && isTypeOnly(m[1], m[2] ?? ''),
      kind: m[3] !== undefined ? 'static' : m[4] !== undefined ? 'dynamic' : 'url',
    });
  }
  return out;
}

/** The import graph of the package's modules: file → its relative imports (paths relative to the root). */
export function importGraph(): Map<string, ImportEdge[]> {
  const graph = new Map<string, ImportEdge[]>();
  for (const dir of SOURCE_DIRS) {
    for (const file of sourceFiles(join(ROOT, dir))) graph.set(relative(ROOT, file), importsOf(file));
  }
  return graph;
}
