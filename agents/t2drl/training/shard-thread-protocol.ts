/**
 * What the calling thread and a learner thread (`shard-thread.ts`, `shard-thread-worker.ts`) share: the
 * words of the control block, the operations, and the setup of an update (the samples, the weights and the
 * gradient destinations, all on shared memory, and what the learner thread needs to build its shard).
 * @module
 */
import type { MessagePort } from 'node:worker_threads';
import type { SpaceJSON } from '../../../src/spaces/space-json.ts';
import type { ResolvedTTTConfig } from '../../nn/ttt-config.ts';
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
  /** The shard's indices are `indices[0 … count)`. */
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

/** Take the setup message waiting on the port. */
export const OP_SETUP = 1;
/** Compute the gradient of the shard in `indices[0 … count)`. */
export const OP_RUN = 2;
/** Leave the loop; the thread ends. */
export const OP_CLOSE = 3;

/** Bytes of the error text. */
export const ERROR_TEXT_BYTES = 4096;

/** The loss terms in the order of the shared `terms` array. */
export const TERM_KEYS = ['loss', 'policyLoss', 'valueLoss', 'entropy', 'approxKl', 'clipFraction', 'dEntropy'] as const satisfies readonly (keyof PPOLossJsTerms)[];

/** What both kinds of setup carry. */
interface SetupBase {
  /** The single action space (the learner thread builds the same action head from it). */
  readonly actionSpace: SpaceJSON;
  readonly coef: PPOLossCoefficients;
  /** The largest shard (MLP: samples; TTT: rows, sequences × length). */
  readonly maxRows: number;
  /** Where the calling thread writes a shard's indices (samples or sequences). */
  readonly indices: Int32Array;
  /** Where the learner thread writes the shard's loss terms ({@link TERM_KEYS}). */
  readonly terms: Float64Array;
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

/** What a learner thread receives (`workerData`). */
export interface ShardThreadInit {
  /** The tfjs backend to compute on (the calling thread's, so that both round alike). */
  readonly backend: string;
  readonly control: Int32Array;
  readonly errorText: Uint8Array;
  /** Where setups arrive. */
  readonly port: MessagePort;
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
