import { strict as assert } from 'node:assert';
import { importGraph } from './import-graph.ts';

/**
 * The dependency rules of the layout (docs/architecture.md):
 * - between folders: src/ (the core) imports nothing from envs/, agents/, bridge/ or benchmarks/; envs/
 *   imports only the core; agents/ the core and envs/; bridge/ the core, envs/ and the evaluation contract
 *   of agents/ (agents/agent.ts, agents/evaluation/); benchmarks/ everything but the roof; only the roof
 *   (src/index.ts, src/cli/) imports from all, and no module imports the roof;
 * - inside agents/, the floors below: a module imports only modules of its own floor or lower ones.
 */
const isRoof = (path: string) => path === 'src/index.ts' || path.startsWith('src/cli/');
const layer = (path: string) => path.split('/')[0]!;

function allowedBetweenLayers(from: string, to: string): boolean {
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

/** The floors of agents/, lowest first: path prefixes of each. */
export const AGENT_FLOORS: readonly (readonly string[])[] = [
  // 0 — the contracts and the numeric libraries
  ['agents/agent.ts', 'agents/agent-entry.ts', 'agents/nn/', 'agents/ppo/', 'agents/tfjs/'],
  // 1 — the evaluation harness: episodes, records, the leaderboard file format
  ['agents/evaluation/'],
  // 2 — agents that act: the baselines and the learning agents' networks and policies
  ['agents/baselines/', 'agents/t2drl/acting/'],
  // 3 — training of the learning agents (uses the harness for validation)
  ['agents/t2drl/training/'],
  // 4 — the learning agents' catalogue entries (build an acting or an online-training agent)
  ['agents/t2drl/entries.ts', 'agents/t2drl/learned-agent.ts'],
  // 5 — the catalogue: every agent registered
  ['agents/catalogue.ts'],
  // 6 — orchestration over the catalogue: leaderboard and sweeps
  ['agents/orchestration/'],
  // 7 — the public entry of `edgellm-gym/agents`: re-exports every floor
  ['agents/index.ts'],
];

/** The floor of an agents/ module, or -1 when no floor claims it. */
function floorOf(path: string): number {
  return AGENT_FLOORS.findIndex((prefixes) => prefixes.some((p) => (p.endsWith('/') ? path.startsWith(p) : path === p)));
}

describe('layering', () => {
  const graph = importGraph();

  it('dependencies point one way (core ← envs ← agents ← bridge ← benchmarks; only the roof imports all)', () => {
    const violations: string[] = [];
    for (const [from, edges] of graph) for (const { to } of edges) if (!allowedBetweenLayers(from, to)) violations.push(`${from} → ${to}`);
    assert.deepEqual(violations, []);
  });

  it('every module of agents/ (but its checkpoints) sits on a floor', () => {
    const homeless = [...graph.keys()].filter((f) => f.startsWith('agents/') && floorOf(f) < 0);
    assert.deepEqual(homeless, [], 'add the new folder to AGENT_FLOORS (and to docs/architecture.md)');
  });

  it('inside agents/, imports point to the same floor or a lower one (type-only imports included)', () => {
    const violations: string[] = [];
    for (const [from, edges] of graph) {
      if (!from.startsWith('agents/')) continue;
      for (const { to } of edges) {
        if (to.startsWith('agents/') && floorOf(to) > floorOf(from)) violations.push(`${from} (floor ${floorOf(from)}) → ${to} (floor ${floorOf(to)})`);
      }
    }
    assert.deepEqual(violations, []);
  });
});
