/**
 * What the calling thread and a learner thread (`learner-thread.ts`, `learner-thread-worker.ts`) share: the
 * words of the control block, the operations, the setup of an update (the samples, the weights and the
 * gradient destinations, all on shared memory, and what the learner thread needs to build its shard) and the
 * setup of a rollout (the policy's weights and the shared rows of its sub-environments).
 * @module
 */
import type { MessagePort } from 'node:worker_threads';
import type { SpaceJSON } from '../../../src/spaces/space-json.ts';
import type { ParamValues } from '../../nn/params.ts';
import type { ResolvedTTTConfig } from '../../nn/ttt-config.ts';
import type { PolicySource } from '../acting/block-policy.ts';
import type { TTTArrays } from '../../nn/ttt-grad.ts';
import type { PPOLossCoefficients } from '../../ppo/ppo-loss.ts';
import type { PPOLossJsTerms } from '../../ppo/ppo-loss-js.ts';
import type { MlpPairWidths, MlpSamples } from './mlp-shard.ts';
import type { PackedEpisodes } from './ttt-shard.ts';

/** Words of the control block (an `Int32Array` on shared memory). */
export const CTL = {
  /** Request counter: the calling thread increments it to hand out an operation. */
  request: 0,
  /** The request the learner thread finished last. */
  done: 1,
  op: 2,
  /** The shard's indices are `indices[0 … count)`; for a policy peek or reset, the sub-environment. */
  count: 3,
  /** Samples (MLP) or unpadded tokens (TTT) of the whole minibatch. */
  total: 4,
  /** 0 ok, 1 the operation threw (the error is in the error text). */
  status: 5,
  /** Bytes of the error text. */
  errorLength: 6,
  /** 0 starting, 1 ready, 2 failed to start (the error is in the error text). */
  state: 7,
  size: 8,
} as const;

/** Take the setup message waiting on the port (an update's {@link ShardSetup} or a rollout's {@link PolicySetup}). */
export const OP_SETUP = 1;
/** Compute the gradient of the shard in `indices[0 … count)`. */
export const OP_RUN = 2;
/** Leave the loop; the thread ends. */
export const OP_CLOSE = 3;
/** Advance the policy of the thread's sub-environments by the observations in the shared rows. */
export const OP_POLICY_STEP = 4;
/** The critic's value of `peekObs` as the next token of sub-environment `count`, into `values[count]`. */
export const OP_POLICY_PEEK = 5;
/** Start a new episode in sub-environment `count` (TTT: W ← W₀). */
export const OP_POLICY_RESET = 6;
/** Add the second shard's critic gradients to the first's and take the critic's Adam step ({@link ThreadAdamSetup}). */
export const OP_ADAM = 7;

/** Words of {@link ThreadAdamSetup.args}. */
export const ADAM_ARGS = { step: 0, learningRate: 1, beta1: 2, beta2: 3, epsilon: 4, maxGradNorm: 5, gradNorm: 6, size: 7 } as const;

/**
 * The critic's Adam step of every gradient step, which the learner thread takes ({@link OP_ADAM}) while the
 * calling thread takes the actor's: the critic's arrays in variable order, all on shared memory. The Adam
 * object keeps the step count on the calling thread, which writes each step's arguments into `args`.
 */
export interface ThreadAdamSetup {
  /** The critic's weights. */
  readonly params: readonly Float32Array[];
  /** The first shard's critic gradients (the sum ends up here). */
  readonly grads: readonly Float32Array[];
  /** The second shard's critic gradients. */
  readonly second: readonly Float32Array[];
  /** Adam's moments of the critic. */
  readonly m: readonly Float32Array[];
  readonly v: readonly Float32Array[];
  /** The step's arguments and, written by the thread, the gradient norm before clipping ({@link ADAM_ARGS}). */
  readonly args: Float64Array;
}

/** Bytes of the error text. */
export const ERROR_TEXT_BYTES = 4096;

/** The loss terms in the order of the shared `terms` array. */
export const TERM_KEYS = ['loss', 'policyLoss', 'valueLoss', 'entropy', 'approxKl', 'clipFraction', 'dEntropy'] as const satisfies readonly (keyof PPOLossJsTerms)[];

/** What both kinds of update setup carry. */
export interface SetupBase {
  /** The single action space (the learner thread builds the same action head from it). */
  readonly actionSpace: SpaceJSON;
  readonly coef: PPOLossCoefficients;
  /** The largest shard (MLP: samples; TTT: rows, sequences × length). */
  readonly maxRows: number;
  /** Where the calling thread writes a shard's indices (samples or sequences). */
  readonly indices: Int32Array;
  /** Where the learner thread writes the shard's loss terms ({@link TERM_KEYS}). */
  readonly terms: Float64Array;
  /** The critic's Adam step, taken on the learner thread. */
  readonly adam: ThreadAdamSetup;
}

/** An update of the MLP agent. */
export interface MlpShardSetup extends SetupBase {
  readonly kind: 'mlp';
  readonly widths: MlpPairWidths;
  readonly samples: MlpSamples;
  readonly actor: readonly Float32Array[];
  readonly critic: readonly Float32Array[];
  readonly actorGrads: readonly Float32Array[];
  readonly criticGrads: readonly Float32Array[];
}

/** An update of the sequence agent. */
export interface TttShardSetup extends SetupBase {
  readonly kind: 'ttt';
  readonly actorCfg: ResolvedTTTConfig;
  readonly criticCfg: ResolvedTTTConfig;
  readonly innerUpdates: boolean;
  readonly data: PackedEpisodes;
  readonly actor: TTTArrays;
  readonly critic: TTTArrays;
  readonly actorGrads: TTTArrays;
  readonly criticGrads: TTTArrays;
}

/** The setup of one update. */
export type ShardSetup = MlpShardSetup | TttShardSetup;

/**
 * The setup of one rollout: the thread runs the policy of the sub-environments `first … numEnvs − 1` as one
 * block (`block-policy.ts`), built from the same source as the calling thread's block (so both compute the
 * same numbers).
 */
export interface PolicySetup {
  readonly kind: 'policy';
  /** What the thread builds its block's policy from (the same as the calling thread's). */
  readonly source: PolicySource;
  readonly numEnvs: number;
  /** The first sub-environment of the thread. */
  readonly first: number;
  /** Normalized observations `[numEnvs, obsDim]` (the thread reads its rows). */
  readonly obs: Float32Array;
  /** Policy outputs `[numEnvs, paramSize]` (the thread writes its rows). */
  readonly params: Float32Array;
  /** Critic outputs `[numEnvs]` (the thread writes its entries). */
  readonly values: Float64Array;
  /** The observation of a peek (normalized). */
  readonly peekObs: Float32Array;
}

/** Anything the setup operation hands over. */
export type ThreadSetup = ShardSetup | PolicySetup;

/** What a learner thread receives (`workerData`). */
export interface LearnerThreadInit {
  /** The tfjs backend to compute on (the calling thread's, so that both round alike). */
  readonly backend: string;
  readonly control: Int32Array;
  readonly errorText: Uint8Array;
  /** Where setups arrive. */
  readonly port: MessagePort;
}

/**
 * The fields every update's setup carries: the action space, the loss coefficients of `ppo`, the largest
 * shard (`maxRows`), fresh shared arrays for a shard's indices (at most `maxIndices`) and its loss terms, and the
 * critic's Adam step (`adam`).
 */
export function setupBase(actionSpace: SpaceJSON, ppo: PPOLossCoefficients, maxRows: number, maxIndices: number, adam: ThreadAdamSetup): SetupBase {
  return {
    adam,
    actionSpace,
    coef: { clipRange: ppo.clipRange, valueCoef: ppo.valueCoef, entropyCoef: ppo.entropyCoef },
    maxRows,
    indices: new Int32Array(new SharedArrayBuffer(maxIndices * 4)),
    terms: new Float64Array(new SharedArrayBuffer(TERM_KEYS.length * 8)),
  };
}

/** A Float32Array of `length` on shared memory. */
export function sharedFloat32(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(length * 4));
}

/** A copy of `a` on shared memory. */
export function sharedCopy(a: ArrayLike<number>): Float32Array {
  const out = sharedFloat32(a.length);
  out.set(a);
  return out;
}
