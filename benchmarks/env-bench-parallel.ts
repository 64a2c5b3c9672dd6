/**
 * `bench env` of a parallel (multi-agent) environment: system steps per second, next to the same system
 * without its market, to one single-agent environment, and (when the id has a batch-native vector env)
 * to K systems stepped as one vector env of one sub-environment per (system, agent), measured in the same run.
 * @module
 */
import { InvalidArgument } from '../src/core/errors.ts';
import { make } from '../src/registry/registry.ts';
import { makeAgentVec, makeParallel, parallelSpec } from '../src/parallel/parallel-registry.ts';
import type { ParallelEnv } from '../src/parallel/parallel-env.ts';
import type { VectorEnv } from '../src/vector/vector-env.ts';
/** Runs a chunk of steps and returns how many it took. */
type Stepper = () => number;

/** Rounds of {@link interleave}: each measurement gets `budget / ROUNDS` ms per round, in turn. */
const ROUNDS = 5;

/**
 * Steps per second of each stepper over `budget` ms, in {@link ROUNDS} interleaved windows after a 200 ms
 * warm-up each, by the wall clock and by the process's CPU time (user + system): on a machine shared with
 * other work the wall-clock rate counts the time the process waited for a core, the CPU-time rate does
 * not (it counts the garbage collector's helper threads, though).
 */
function interleave(steppers: Stepper[], budget: number): { wall: number[]; cpu: number[] } {
  for (const s of steppers) {
    const warm = performance.now();
    while (performance.now() - warm < 200) s();
  }
  const steps = steppers.map(() => 0);
  const wall = steppers.map(() => 0);
  const cpu = steppers.map(() => 0);
  for (let r = 0; r < ROUNDS; r++) {
    steppers.forEach((s, i) => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      let elapsed = 0;
      while (elapsed < budget / ROUNDS) {
        steps[i]! += s();
        elapsed = performance.now() - t0;
      }
      const c = process.cpuUsage(c0);
      wall[i]! += elapsed / 1000;
      cpu[i]! += (c.user + c.system) / 1e6;
    });
  }
  return { wall: steps.map((n, i) => n / wall[i]!), cpu: steps.map((n, i) => n / cpu[i]!) };
}

/** Options of {@link benchParallelEnv}. */
export interface ParallelEnvBenchOptions {
  /** Registered parallel environment id. */
  envId: string;
  /** Seconds per measurement (default 3). */
  seconds?: number;
  /** Seed of resets and of the action pool (default 0). */
  seed?: number;
  /** Single-agent environment measured alongside (default `EdgeLLM-v0`). */
  singleEnvId?: string;
  /** Keyword arguments of the comparison run without the market (default `{ market: false }`; `null` skips it). */
  ablationKwargs?: Record<string, unknown> | null;
  /** Systems of the vector measurements (default: `numEnvs` / agents, rounded; 0 skips them). */
  copies?: number;
  /** Sub-environments (systems × agents) of the vector measurements when `copies` is not given (default 64: 16 systems of 4). */
  numEnvs?: number;
}

/** The vector measurements of {@link benchParallelEnv}, all in system steps per second (K per vector step). */
export interface ParallelVectorBench {
  /** Systems stepped together, K. */
  copies: number;
  /** The id's batch-native vector env (its `vectorEntryPoint`) without infos. */
  systemStepsPerSecond: number;
  /** The same with infos (what the trainer steps). */
  infosSystemStepsPerSecond: number;
  /** `AgentVectorEnv` over K `makeParallel` copies, with infos (the generic vector env of the same contract). */
  agentVectorSystemStepsPerSecond: number;
}

/** What {@link benchParallelEnv} measures. */
export interface ParallelEnvBenchResult {
  env: string;
  /** Agents of the system. */
  agents: number;
  /** System steps (every agent acting once) per second, as registered. */
  systemStepsPerSecond: number;
  /** The same without the market (`null` when skipped). */
  ablationSystemStepsPerSecond: number | null;
  /** The single-agent environment of the same run and its steps per second. */
  singleEnv: string;
  singleStepsPerSecond: number;
  /** The same three rates per second of the process's CPU time (see `interleave`). */
  cpu: { systemStepsPerSecond: number; ablationSystemStepsPerSecond: number | null; singleStepsPerSecond: number; vector: ParallelVectorBench | null };
  /** K systems as one vector env (`null` when the id has no batch-native vector env, or `copies` is 0). */
  vector: ParallelVectorBench | null;
  seconds: number;
}

const POOL = 256;

function parallelStepper(env: ParallelEnv<any, any>, seed: number): Stepper {
  env.possibleAgents.forEach((a, i) => env.actionSpace(a).seed(seed + i));
  const pool = Array.from({ length: POOL }, () => Object.fromEntries(env.possibleAgents.map((a) => [a, env.actionSpace(a).sample()])));
  env.reset({ seed });
  let next = 0;
  return () => {
    for (let k = 0; k < 100; k++) {
      env.step(pool[next++ % POOL]!);
      if (env.agents.length === 0) env.reset();
    }
    return 100;
  };
}

/** K systems' vector env stepped with a pool of random batched actions; each call steps it 10 times (10·K system steps). */
function vectorStepper(envs: VectorEnv<unknown, unknown>, copies: number, seed: number): Stepper {
  envs.actionSpace.seed(seed);
  const pool = Array.from({ length: 16 }, () => envs.actionSpace.sample());
  envs.reset({ seed });
  let next = 0;
  return () => {
    for (let k = 0; k < 10; k++) envs.step(pool[next++ % pool.length]);
    return 10 * copies;
  };
}

/**
 * Measures system steps per second of a registered parallel environment with random valid actions (a
 * pool of 256 per agent, drawn beforehand), of the same environment with `ablationKwargs` (the market
 * off), of one single-agent environment, and, when the id has a batch-native vector env, of `copies`
 * systems as that vector env (without and with infos) and as an `AgentVectorEnv` of the same copies, in
 * interleaved windows of the same run so that their ratios hold on a machine whose speed drifts; each by
 * the wall clock and by CPU time.
 *
 * @example
 * ```ts
 * const r = benchParallelEnv({ envId: 'EdgeLLMMulti-v0', seconds: 0.5 });
 * console.log(r.systemStepsPerSecond / r.singleStepsPerSecond);
 * ```
 */
export function benchParallelEnv(options: ParallelEnvBenchOptions): ParallelEnvBenchResult {
  const seconds = options.seconds ?? 3;
  const seed = options.seed ?? 0;
  if (!(seconds > 0)) throw new InvalidArgument(`seconds must be positive; got ${seconds}.`);
  const env = makeParallel(options.envId);
  const ablationKwargs = options.ablationKwargs === undefined ? { market: false } : options.ablationKwargs;
  const ablation = ablationKwargs === null ? null : makeParallel(options.envId, ablationKwargs);
  const singleId = options.singleEnvId ?? 'EdgeLLM-v0';
  const single = make(singleId);
  single.actionSpace.seed(seed);
  const pool = Array.from({ length: POOL }, () => single.actionSpace.sample());
  single.reset({ seed });
  let next = 0;
  const singleStepper: Stepper = () => {
    for (let k = 0; k < 1000; k++) {
      const r = single.step(pool[next++ % POOL]);
      if (r[2] || r[3]) single.reset();
    }
    return 1000;
  };
  const copies = options.copies ?? Math.max(1, Math.round((options.numEnvs ?? 64) / env.possibleAgents.length));
  if (!Number.isInteger(copies) || copies < 0) throw new InvalidArgument(`copies must be a non-negative integer; got ${copies}.`);
  const spec = parallelSpec(options.envId);
  const vectors: VectorEnv<unknown, unknown>[] =
    copies === 0 || spec.vectorEntryPoint === null
      ? []
      : [
          spec.vectorEntryPoint({ ...spec.kwargs }, copies, { infos: false }),
          makeAgentVec(spec, copies, { vectorizationMode: 'vector-entry-point' }),
          makeAgentVec(spec, copies, { vectorizationMode: 'agent-vector' }),
        ];
  const steppers = [parallelStepper(env, seed), singleStepper, ...vectors.map((v) => vectorStepper(v, copies, seed))];
  const first = steppers.length;
  if (ablation !== null) steppers.push(parallelStepper(ablation, seed));
  const { wall, cpu } = interleave(steppers, seconds * 1000);
  const [system, singleRate] = wall;
  const ablated = ablation === null ? undefined : wall[first];
  const vectorOf = (rates: number[]): ParallelVectorBench | null =>
    vectors.length === 0 ? null : { copies, systemStepsPerSecond: rates[2]!, infosSystemStepsPerSecond: rates[3]!, agentVectorSystemStepsPerSecond: rates[4]! };
  env.close();
  ablation?.close();
  single.close();
  for (const v of vectors) v.close();
  return {
    env: options.envId,
    agents: env.possibleAgents.length,
    systemStepsPerSecond: system!,
    ablationSystemStepsPerSecond: ablated ?? null,
    singleEnv: singleId,
    singleStepsPerSecond: singleRate!,
    cpu: { systemStepsPerSecond: cpu[0]!, ablationSystemStepsPerSecond: ablation === null ? null : cpu[first]!, singleStepsPerSecond: cpu[1]!, vector: vectorOf(cpu) },
    vector: vectorOf(wall),
    seconds,
  };
}
