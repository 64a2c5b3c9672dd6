/**
 * Parameter sweeps: one configuration field varied over values, every agent evaluated at each value
 * (the experiments of the paper's Fig. 4: agents, GPUs, reasoning paths, vanishing factor).
 * @module
 */
import { make } from '../../src/registry/registry.ts';
import { InvalidArgument } from '../../src/core/errors.ts';
import { agentsFor } from '../catalogue.ts';
import { configHash } from '../../src/utils/run-metadata.ts';
import { EVAL_SEED_BASE, evaluateAgent } from '../evaluation/evaluate.ts';

/** Options of {@link runSweep}. */
export interface SweepOptions {
  /** Base environment id. */
  env: string;
  /** Configuration field to vary (e.g. `gpus`). */
  param: string;
  /** Values of the field. */
  values: readonly number[];
  /** Agents (default: every agent that applies). */
  agents?: readonly string[];
  /** Episodes per point (default 20). */
  episodes?: number;
  /** First seed (default {@link EVAL_SEED_BASE}). */
  seed?: number;
  /** Called after each point. */
  onPoint?: (point: SweepPoint) => void;
}

/** One (value, agent) point. */
export interface SweepPoint {
  value: number;
  agent: string;
  meanCost: number;
  ci95: [number, number];
  accuracy?: number;
  edgeShare?: number;
  evictions?: number;
  costs?: Record<string, number>;
}

/** Result of a sweep. */
export interface SweepResult {
  env: string;
  param: string;
  values: number[];
  episodes: number;
  seed: number;
  points: SweepPoint[];
}

/**
 * Runs the sweep.
 *
 * @example
 * ```ts
 * const r = await runSweep({ env: 'EdgeLLM-v0', param: 'gpus', values: [8, 16, 24, 32], agents: ['cloud', 'lfu'] });
 * ```
 * @throws {InvalidConfig} when a value is not valid for the field (the environment's schema decides).
 */
export async function runSweep(options: SweepOptions): Promise<SweepResult> {
  const episodes = options.episodes ?? 20;
  const seed = options.seed ?? EVAL_SEED_BASE;
  if (options.values.length === 0) throw new InvalidArgument('runSweep needs at least one value.');
  // by default: the baselines without `random`; learning agents only when named (their checkpoints are
  // trained for the registered configuration and refuse the swept ones)
  const names = options.agents ?? agentsFor(options.env).filter((e) => e.baseline && e.name !== 'random').map((e) => e.name);
  const points: SweepPoint[] = [];
  for (const value of options.values) {
    for (const name of names) {
      const env = make(options.env, { [options.param]: value });
      const entry = agentsFor(options.env).find((e) => e.name === name);
      if (entry === undefined) throw new InvalidArgument(`Agent '${name}' does not apply to ${options.env}.`);
      const envConfigHash = configHash((env.unwrapped as unknown as { config?: unknown }).config ?? env.spec?.kwargs ?? {});
      const agent = await entry.create({ observationSpace: env.observationSpace, actionSpace: env.actionSpace, envId: options.env, seed, envConfigHash });
      const r = evaluateAgent(env, agent, { episodes, seed });
      const point: SweepPoint = { value, agent: name, meanCost: r.meanCost, ci95: r.ci95, accuracy: r.accuracy, edgeShare: r.edgeShare, evictions: r.evictions, costs: r.costs };
      points.push(point);
      options.onPoint?.(point);
      agent.close?.();
      env.close();
    }
  }
  return { env: options.env, param: options.param, values: [...options.values], episodes, seed, points };
}

/** The sweep as a Markdown table: one row per value, one column per agent (mean cost). */
export function sweepMarkdown(r: SweepResult): string {
  const agents = [...new Set(r.points.map((p) => p.agent))];
  const lines = [`| ${r.param} | ${agents.join(' | ')} |`, `|---:|${agents.map(() => '---:').join('|')}|`];
  for (const v of r.values) {
    const cells = agents.map((a) => {
      const p = r.points.find((q) => q.value === v && q.agent === a);
      return p ? p.meanCost.toFixed(3) : '–';
    });
    lines.push(`| ${v} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}
