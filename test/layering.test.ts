import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

/**
 * The dependency rule of the layout: src/ (the core) imports nothing from envs/, agents/ or bridge/;
 * envs/ imports only the core; agents/ the core and envs/; bridge/ the core, envs/ and agents/evaluation
 * (plus agents/baselines in its examples and tests); only the roof (src/index.ts, src/cli/) imports from all;
 * no module imports the roof.
 */
const ROOT = process.cwd();

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'python') return [];
    return statSync(path).isDirectory() ? files(path) : /\.(ts|mts|mjs)$/.test(name) ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
    .join('\n');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|new URL\(\s*['"](\.[^'"]+)['"]/g)) {
    const spec = m[1] ?? m[2] ?? m[3]!;
    if (spec.startsWith('.') && /\.(ts|mts|mjs|js)$/.test(spec)) out.push(relative(ROOT, resolve(dirname(file), spec)));
  }
  return out;
}

const layer = (path: string) => path.split('/')[0]!;
const isRoof = (path: string) => path === 'src/index.ts' || path.startsWith('src/cli/');

function allowed(from: string, to: string): boolean {
  if (isRoof(from)) return true;
  if (isRoof(to)) return false;
  const a = layer(from);
  const b = layer(to);
  if (a === b) return true;
  switch (a) {
    case 'src':
      return false;
    case 'envs':
      return b === 'src';
    case 'agents':
      return b === 'src' || b === 'envs';
    case 'bridge':
      // the Agent interface is part of the evaluation contract that remote agents implement
      return b === 'src' || b === 'envs' || to.startsWith('agents/evaluation/') || to === 'agents/agent.ts';
    case 'benchmarks':
      return b === 'src' || b === 'envs' || b === 'agents' || b === 'bridge';
    default:
      return true;
  }
}

describe('layering', () => {
  it('dependencies point one way (core ← envs ← agents ← bridge; only the roof imports all)', () => {
    const violations: string[] = [];
    for (const dir of ['src', 'envs', 'agents', 'bridge', 'benchmarks']) {
      for (const file of files(join(ROOT, dir))) {
        const from = relative(ROOT, file);
        for (const to of imports(file)) if (!allowed(from, to)) violations.push(`${from} → ${to}`);
      }
    }
    assert.deepEqual(violations, []);
  });
});
