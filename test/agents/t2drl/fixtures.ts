/**
 * Small environments and configurations for the learning-agent tests.
 *
 * `test/ContextBandit-v0`: each step shows one of three contexts as a one-hot observation; the reward is 1
 * when the Discrete action names the context, else 0; episodes are truncated after `length` steps (10).
 * The optimal return is therefore `length`.
 *
 * `test/Recall-v0`: the first observation shows a cue (one of two), the later ones show nothing; the reward
 * is 1 when the action equals the cue. Only a policy that remembers the episode's beginning (the TTT
 * backbone) can do better than chance after the first step.
 *
 * `test/Servers-v0` (parallel registry): the three-server fixture of `test/fixtures/servers-parallel-env.ts`
 * (heterogeneous sizes; the best action caches nothing and serves nothing locally, at cost 0).
 */
import { Env, type Info, type ResetArgs, type StepResult } from '../../../src/core/env.ts';
import { Box } from '../../../src/spaces/box.ts';
import { Discrete } from '../../../src/spaces/discrete.ts';
import { register, registry } from '../../../src/registry/registry.ts';
import type { TrainingOverrides } from '../../../agents/t2drl/training/training-config.ts';
import { isParallelEnvId, registerParallel } from '../../../src/parallel/parallel-registry.ts';
import { ServersParallelEnv } from '../../fixtures/servers-parallel-env.ts';

export class ContextBanditEnv extends Env<Float32Array, number> {
  readonly observationSpace = new Box(0, 1, [3], 'float32') as Box<Float32Array>;
  readonly actionSpace = new Discrete(3);
  readonly config: { length: number };
  private t = 0;
  private context = 0;

  constructor(kwargs: Record<string, unknown> = {}) {
    super();
    this.config = { length: (kwargs.length as number | undefined) ?? 10 };
  }

  private obs(): Float32Array {
    const o = new Float32Array(3);
    o[this.context] = 1;
    return o;
  }

  override reset(args: ResetArgs = {}): [Float32Array, Info] {
    super.reset(args);
    this.t = 0;
    this.context = this.npRandom.integers(0, 3);
    return [this.obs(), {}];
  }

  step(action: number): StepResult<Float32Array> {
    const reward = action === this.context ? 1 : 0;
    this.t++;
    this.context = this.npRandom.integers(0, 3);
    return [this.obs(), reward, false, this.t >= this.config.length, { hit: reward }];
  }
}

export class RecallEnv extends Env<Float32Array, number> {
  readonly observationSpace = new Box(0, 1, [3], 'float32') as Box<Float32Array>;
  readonly actionSpace = new Discrete(2);
  readonly config = { length: 8 };
  private t = 0;
  private cue = 0;

  override reset(args: ResetArgs = {}): [Float32Array, Info] {
    super.reset(args);
    this.t = 0;
    this.cue = this.npRandom.integers(0, 2);
    return [Float32Array.of(this.cue === 0 ? 1 : 0, this.cue === 1 ? 1 : 0, 1), {}];
  }

  step(action: number): StepResult<Float32Array> {
    this.t++;
    return [Float32Array.of(0, 0, 0), action === this.cue ? 1 : 0, false, this.t >= this.config.length, {}];
  }
}

if (!registry.has('test/ContextBandit-v0')) register({ id: 'test/ContextBandit-v0', entryPoint: (kw) => new ContextBanditEnv(kw) });
if (!registry.has('test/Recall-v0')) register({ id: 'test/Recall-v0', entryPoint: () => new RecallEnv() });

/** Tiny, fast training settings: 4 environments × 20 steps (two whole 10-step episodes each). */
export const TINY: TrainingOverrides = {
  numEnvs: 4,
  ppo: { rolloutSteps: 80, epochs: 4, batchSize: 20, learningRate: 3e-3 },
  network: { mlpHidden: [16], tttHidden: 8, tttHeads: 2, tttIntermediate: 8 },
  evalEpisodes: 4,
  evalEvery: 1,
};

if (!isParallelEnvId('test/Servers-v0')) {
  registerParallel({ id: 'test/Servers-v0', entryPoint: (kw) => new ServersParallelEnv(kw) });
}
