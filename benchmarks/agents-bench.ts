/**
 * Speed of the learning agents (`npx edgellm-gym bench agents`): act latency at batch 1 (plain-JS
 * policy, what evaluation and rollouts use), the PPO update time per 2,000 steps, and environment steps
 * per second during training (rollout + update), for `ppo` and `t2drl`, with the learner threads `train`
 * uses by default.
 * @module
 */
import '../envs/index.ts';
import { make } from '../src/registry/registry.ts';
import { initBackend } from '../agents/tfjs/backend.ts';
import type { BackendPreference } from '../agents/tfjs/backend.ts';
import { PolicyAgent } from '../agents/t2drl/acting/policy-agent.ts';
import { PPOTrainer, defaultLearnerThreads } from '../agents/t2drl/training/trainer.ts';
import { resolveTrainingConfig } from '../agents/t2drl/training/training-config.ts';
import type { LearningAgentKind } from '../agents/t2drl/training/training-config.ts';

/** Options of {@link benchAgents}. */
export interface AgentBenchOptions {
  /** Environment (default `EdgeLLM-v0`). */
  readonly envId?: string;
  /** Measured training iterations per agent after one warm-up iteration (default 3). */
  readonly iterations?: number;
  /** Backend preference (default `auto`). */
  readonly backend?: BackendPreference;
  /** Threads of the gradient steps, 1 or 2 (default `defaultLearnerThreads()`, as `train` uses). */
  readonly learnerThreads?: 1 | 2;
  /** Progress messages. */
  readonly onNote?: (m: string) => void;
}

/** Figures of one agent. */
export interface AgentBenchFigures {
  /** Median microseconds of one `act` (batch 1, deterministic, test-time updates on for t2drl). */
  actLatencyMicros: number;
  /** Median microseconds of one `act` with test-time updates off (t2drl only). */
  actLatencyNoTttMicros?: number;
  /** Median seconds of one PPO update of a 2,000-step rollout (10 epochs). */
  updateSecondsPer2000: number;
  /** Median CPU seconds of this process (all its threads) during one such update (less sensitive to other load). */
  updateCpuSecondsPer2000: number;
  /** Median seconds to collect a 2,000-step rollout (environment + policy). */
  rolloutSecondsPer2000: number;
  /** Environment steps per second while training (2,000 / (rollout + update)). */
  trainingStepsPerSecond: number;
  /** Gradient steps per update. */
  gradientStepsPerUpdate: number;
}

/** Result of {@link benchAgents}. */
export interface AgentBenchResult {
  env: string;
  backend: string;
  iterations: number;
  /** Threads of the gradient steps. */
  learnerThreads: 1 | 2;
  agents: Record<LearningAgentKind, AgentBenchFigures>;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function actLatency(trainer: PPOTrainer, testTimeUpdates: boolean): number {
  const env = make(trainer.config.envId);
  const agent = new PolicyAgent({
    name: 'bench',
    network: trainer.net.config,
    weights: trainer.net.readWeights(),
    head: trainer.head,
    obsNorm: trainer.obsNorm,
    observationSpace: env.observationSpace,
    testTimeUpdates,
  });
  const samples: number[] = [];
  for (let ep = 0; ep < 6; ep++) {
    let [obs, info] = env.reset({ seed: 9500 + ep });
    agent.reset(obs, info);
    for (;;) {
      const t0 = performance.now();
      const action = agent.act(obs, info);
      const dt = performance.now() - t0;
      if (ep > 0) samples.push(dt * 1000); // episode 0 warms the JIT up
      const [next, , terminated, truncated, stepInfo] = env.step(action);
      obs = next;
      info = stepInfo;
      if (terminated || truncated) break;
    }
  }
  env.close();
  return median(samples);
}

/** Measures both agents (see the module description). */
export async function benchAgents(options: AgentBenchOptions = {}): Promise<AgentBenchResult> {
  const envId = options.envId ?? 'EdgeLLM-v0';
  const iterations = options.iterations ?? 3;
  const note = options.onNote ?? (() => {});
  const backend = await initBackend(options.backend ?? 'auto');
  const learnerThreads = options.learnerThreads ?? defaultLearnerThreads();
  note(`tfjs backend: ${backend.name}; learner threads: ${learnerThreads}`);
  const agents = {} as Record<LearningAgentKind, AgentBenchFigures>;
  for (const kind of ['ppo', 't2drl'] as const) {
    const trainer = new PPOTrainer(resolveTrainingConfig(kind, envId, { evalEpisodes: 0, ppo: { rolloutSteps: 2000 }, numEnvs: 20 }));
    trainer.learnerThreads = learnerThreads;
    try {
      note(`${kind}: warm-up iteration`);
      trainer.iterate();
      const rollout: number[] = [];
      const update: number[] = [];
      const updateCpu: number[] = [];
      let steps = 0;
      for (let i = 0; i < iterations; i++) {
        note(`${kind}: iteration ${i + 1}/${iterations}`);
        const r = trainer.iterate();
        rollout.push(r.timing.rolloutSeconds);
        update.push(r.timing.updateSeconds);
        updateCpu.push(r.timing.updateCpuSeconds);
        steps = r.update.gradientSteps;
      }
      const figures: AgentBenchFigures = {
        actLatencyMicros: actLatency(trainer, true),
        updateSecondsPer2000: median(update),
        updateCpuSecondsPer2000: median(updateCpu),
        rolloutSecondsPer2000: median(rollout),
        trainingStepsPerSecond: 2000 / (median(rollout) + median(update)),
        gradientStepsPerUpdate: steps,
      };
      if (kind === 't2drl') figures.actLatencyNoTttMicros = actLatency(trainer, false);
      agents[kind] = figures;
    } finally {
      trainer.close();
    }
  }
  return { env: envId, backend: backend.name, iterations, learnerThreads, agents };
}
