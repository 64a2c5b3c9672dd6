/**
 * The policy of a rollout's sub-environments, one step of all of them at a time: on the calling thread, or
 * with the second half of the sub-environments on a learner thread (`learner-thread.ts`) while the calling
 * thread runs the first half. Each half is a {@link BlockPolicy} built from the same {@link PolicySource},
 * so the outputs are the same either way, bit for bit. A batched policy (the MLP's on wasm) stays on the
 * calling thread: its whole step costs less than handing half of it over (measured: a 2,000-step `ppo`
 * rollout took 0.045 s alone and 0.06 s with a learner thread).
 * @module
 */
import { createBlockPolicy, isBatched } from '../acting/block-policy.ts';
import type { BlockPolicy, PolicySource } from '../acting/block-policy.ts';
import { shardCut } from './array-weights.ts';
import type { LearnerThread } from './learner-thread.ts';
import { sharedFloat32 } from './learner-thread-protocol.ts';
import type { PolicySetup } from './learner-thread-protocol.ts';

/**
 * Steps the policy of `numEnvs` sub-environments (see the module description).
 *
 * @example
 * ```ts
 * import { createActorCritic } from '../acting/actor-critic.ts';
 * import { initBackend } from '../../tfjs/backend.ts';
 *
 * await initBackend('cpu');
 * const net = createActorCritic({ kind: 'mlp', obsDim: 2, paramSize: 1, mlpHidden: [4], tttHidden: 8, tttHeads: 2, tttMiniBatch: 4, tttIntermediate: 8, tttBaseLr: 1, seed: 1 });
 * const source = { config: net.config, weights: net.readWeights(), innerUpdates: true, batched: false };
 * const policy = new RolloutPolicy(source, 3);   // three sub-environments, no learner thread
 * policy.step(new Float32Array([0, 1, 1, 0, 0.5, 0.5]));
 * console.log(policy.params.length, policy.values.length);  // 3 3
 * policy.close();
 * net.dispose();
 * ```
 */
export class RolloutPolicy {
  /** Policy outputs of the last step, `[numEnvs, paramSize]`. */
  readonly params: Float32Array;
  /** Critic outputs of the last step, `[numEnvs]`. */
  readonly values: Float64Array;
  /** Sub-environments `split … numEnvs − 1` run on the learner thread (`split = numEnvs` without one). */
  readonly split: number;
  private readonly block: BlockPolicy;
  private readonly shared: PolicySetup | null = null;
  private readonly thread: LearnerThread | null;
  private readonly obsDim: number;

  /**
   * @param source the networks, their weights and how to run them.
   * @param numEnvs sub-environments.
   * @param thread a learner thread for the second half (default none; not used by a batched policy).
   * @throws Error when the learner thread fails to take the policy; RangeError when `numEnvs` < 1.
   */
  constructor(
    source: PolicySource,
    readonly numEnvs: number,
    thread: LearnerThread | null = null,
  ) {
    const { obsDim, paramSize } = source.config;
    this.obsDim = obsDim;
    // a batched block costs less than the hand-over to the thread of every step: no thread then
    this.thread = numEnvs > 1 && !isBatched(source) ? thread : null;
    this.split = this.thread === null ? numEnvs : shardCut(numEnvs);
    this.block = createBlockPolicy(source, 0, this.split);
    if (this.thread !== null) {
      this.shared = {
        kind: 'policy',
        source,
        numEnvs,
        first: this.split,
        obs: sharedFloat32(numEnvs * obsDim),
        params: sharedFloat32(numEnvs * paramSize),
        values: new Float64Array(new SharedArrayBuffer(numEnvs * 8)),
        peekObs: sharedFloat32(obsDim),
      };
      try {
        this.thread.setupPolicy(this.shared);
      } catch (e) {
        this.block.dispose();
        throw e;
      }
      this.params = this.shared.params;
      this.values = this.shared.values;
    } else {
      this.params = new Float32Array(numEnvs * paramSize);
      this.values = new Float64Array(numEnvs);
    }
  }

  /** Advances every sub-environment by its row of `obs` (`[numEnvs, obsDim]`, normalized); fills {@link params} and {@link values}. */
  step(obs: Float32Array): void {
    const { split, thread, shared } = this;
    if (thread !== null && shared !== null) {
      const D = this.obsDim;
      shared.obs.set(obs.subarray(split * D), split * D);
      thread.startPolicyStep();
    }
    try {
      this.block.step(obs, this.params, this.values);
    } finally {
      if (thread !== null) thread.finishPolicyStep();
    }
  }

  /** The critic's value of `obs` (normalized) as the next token of sub-environment `e`, without advancing it. */
  peekValue(e: number, obs: Float32Array): number {
    if (e < this.split) return this.block.peekValue(e, obs);
    this.shared!.peekObs.set(obs);
    return this.thread!.peekValue(e);
  }

  /** Starts a new episode in sub-environment `e`. */
  resetState(e: number): void {
    if (e < this.split) this.block.resetState(e);
    else this.thread!.resetPolicyState(e);
  }

  /** Releases the calling thread's prepared weights (the learner thread releases its own at its next setup). */
  close(): void {
    this.block.dispose();
  }
}
