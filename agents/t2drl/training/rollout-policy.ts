/**
 * The policy of a rollout's sub-environments, one step of all of them at a time: on the calling thread, or
 * with the second half of the sub-environments on a learner thread (`learner-thread.ts`) while the calling
 * thread runs the first half. Both run the same plain-JS runner on the same weights, each sub-environment with
 * its own state, so the outputs are the same either way, bit for bit.
 * @module
 */
import type { ParamValues } from '../../nn/params.ts';
import type { NetworkConfig, PolicyRunner, RunnerState } from '../acting/actor-critic.ts';
import { shardCut } from './array-weights.ts';
import type { LearnerThread } from './learner-thread.ts';
import { sharedFloat32 } from './learner-thread-protocol.ts';
import type { PolicySetup } from './learner-thread-protocol.ts';

/** A learner thread and what it needs to build the same runner as the calling thread's. */
export interface RolloutPolicyThread {
  readonly thread: LearnerThread;
  /** The network's configuration. */
  readonly config: NetworkConfig;
  /** The weights the calling thread's runner was made from. */
  readonly weights: ParamValues;
  /** TTT: test-time updates on or off, as in the calling thread's runner. */
  readonly innerUpdates: boolean;
}

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
 * const policy = new RolloutPolicy(net.runner(), 3, 2, 1);   // three sub-environments, no learner thread
 * policy.step(new Float32Array([0, 1, 1, 0, 0.5, 0.5]));
 * console.log(policy.params.length, policy.values.length);  // 3 3
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
  private readonly states: RunnerState[];
  private readonly shared: PolicySetup | null = null;
  private readonly thread: LearnerThread | null;

  /**
   * @param runner the calling thread's runner.
   * @param numEnvs sub-environments.
   * @param obsDim observation length.
   * @param paramSize policy output length.
   * @param helper a learner thread for the second half (default none).
   * @throws Error when the learner thread fails to take the policy.
   */
  constructor(
    private readonly runner: PolicyRunner,
    readonly numEnvs: number,
    readonly obsDim: number,
    readonly paramSize: number,
    helper: RolloutPolicyThread | null = null,
  ) {
    this.thread = numEnvs > 1 ? (helper?.thread ?? null) : null;
    this.split = this.thread === null ? numEnvs : shardCut(numEnvs);
    this.states = Array.from({ length: this.split }, () => runner.createState());
    if (this.thread !== null && helper !== null) {
      this.shared = {
        kind: 'policy',
        config: helper.config,
        weights: helper.weights,
        innerUpdates: helper.innerUpdates,
        numEnvs,
        first: this.split,
        obs: sharedFloat32(numEnvs * obsDim),
        params: sharedFloat32(numEnvs * paramSize),
        values: new Float64Array(new SharedArrayBuffer(numEnvs * 8)),
        peekObs: sharedFloat32(obsDim),
      };
      this.thread.setupPolicy(this.shared);
      this.params = this.shared.params;
      this.values = this.shared.values;
    } else {
      this.params = new Float32Array(numEnvs * paramSize);
      this.values = new Float64Array(numEnvs);
    }
  }

  /** Advances every sub-environment by its row of `obs` (`[numEnvs, obsDim]`, normalized); fills {@link params} and {@link values}. */
  step(obs: Float32Array): void {
    const { obsDim: D, paramSize: P, split, thread, shared } = this;
    if (thread !== null && shared !== null) {
      shared.obs.set(obs.subarray(split * D, this.numEnvs * D), split * D);
      thread.startPolicyStep();
    }
    try {
      for (let e = 0; e < split; e++) {
        const row = this.params.subarray(e * P, (e + 1) * P);
        const out = this.runner.step(this.states[e]!, obs.subarray(e * D, (e + 1) * D), row);
        if (out.params !== row) row.set(out.params);
        this.values[e] = out.value;
      }
    } finally {
      if (thread !== null) thread.finishPolicyStep();
    }
  }

  /** The critic's value of `obs` (normalized) as the next token of sub-environment `e`, without advancing it. */
  peekValue(e: number, obs: Float32Array): number {
    if (e < this.split) return this.runner.peekValue(this.states[e]!, obs);
    this.shared!.peekObs.set(obs);
    return this.thread!.peekValue(e);
  }

  /** Starts a new episode in sub-environment `e`. */
  resetState(e: number): void {
    if (e < this.split) this.runner.resetState(this.states[e]!);
    else this.thread!.resetPolicyState(e);
  }
}
