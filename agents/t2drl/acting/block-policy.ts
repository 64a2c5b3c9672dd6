/**
 * The policy of a block of consecutive sub-environments `first … first + count − 1`, one step of all of
 * them at a time: the unit a rollout's policy is split into between the calling thread and a learner
 * thread. Two kinds, chosen by {@link PolicySource.batched}:
 * - per sub-environment: a {@link PolicyRunner} with one state per sub-environment (both backbones; plain
 *   JavaScript, one observation at a time);
 * - batched (MLP only): both networks on the whole block at once with weights prepared for the rollout
 *   ({@link MlpBatchForward}: on wasm, products by XNNPACK on weights packed once), the same arithmetic as
 *   the update's forward pass.
 *
 * A row's outputs do not depend on the block it is computed in, so splitting the sub-environments
 * differently changes nothing, bit for bit.
 * @module
 */
import { MlpBatchForward } from '../../nn/mlp-batch-forward.ts';
import { wasmMatMul } from '../../nn/matmul-kernel.ts';
import type { ParamValues } from '../../nn/params.ts';
import { createRunner } from './actor-critic.ts';
import type { NetworkConfig } from './actor-critic.ts';

/** What a block policy is built from (the calling thread and a learner thread build the same). */
export interface PolicySource {
  /** The network's configuration. */
  readonly config: NetworkConfig;
  /** The weights by prefixed name (`actor/w0`, …). */
  readonly weights: ParamValues;
  /** TTT: test-time updates on or off. */
  readonly innerUpdates: boolean;
  /** MLP: the whole block at once with prepared weights (see the module description); ignored for TTT. */
  readonly batched: boolean;
}

/** A block's policy (see the module description). */
export interface BlockPolicy {
  /** The block's first sub-environment. */
  readonly first: number;
  /** Sub-environments in the block. */
  readonly count: number;
  /**
   * Advances the block's sub-environments by their rows of `obs` (`[numEnvs, obsDim]`, normalized) and
   * writes their rows of `params` (`[numEnvs, paramSize]`) and `values` (`[numEnvs]`).
   */
  step(obs: Float32Array, params: Float32Array, values: Float64Array): void;
  /** The critic's value of `obs` as the next token of sub-environment `e`, without advancing it. */
  peekValue(e: number, obs: Float32Array): number;
  /** Starts a new episode in sub-environment `e`. */
  resetState(e: number): void;
  /** Releases the prepared weights. */
  dispose(): void;
}

/**
 * Whether rollouts of `config`'s networks should be batched: MLP networks on the wasm backend, where the
 * prepared products are much faster than one observation at a time in JavaScript. On the other backends a
 * product costs a tensor round trip, and the per-sub-environment runner is kept.
 */
export function preferBatched(config: NetworkConfig): boolean {
  return config.kind === 'mlp' && wasmMatMul() !== null;
}

/** Whether `source` makes a batched block (MLP networks with {@link PolicySource.batched}). */
export function isBatched(source: PolicySource): boolean {
  return source.batched && source.config.kind === 'mlp';
}

function checkBlock(first: number, count: number): void {
  if (!Number.isInteger(first) || first < 0 || !Number.isInteger(count) || count <= 0) {
    throw new RangeError(`createBlockPolicy: a block needs an integer first ≥ 0 and count ≥ 1, got ${first} and ${count}.`);
  }
}

function outside(first: number, count: number, e: number): RangeError {
  return new RangeError(`sub-environment ${e} is not one of the block's (${first} … ${first + count - 1}).`);
}

/**
 * The policy of sub-environments `first … first + count − 1` (see the module description).
 *
 * @example
 * ```ts
 * import { createActorCritic } from './actor-critic.ts';
 * import { initBackend } from '../../tfjs/backend.ts';
 *
 * await initBackend('cpu');
 * const net = createActorCritic({ kind: 'mlp', obsDim: 2, paramSize: 1, mlpHidden: [4], tttHidden: 8, tttHeads: 2, tttMiniBatch: 4, tttIntermediate: 8, tttBaseLr: 1, seed: 1 });
 * const source = { config: net.config, weights: net.readWeights(), innerUpdates: true, batched: true };
 * const block = createBlockPolicy(source, 1, 2);   // sub-environments 1 and 2 of three
 * const params = new Float32Array(3);
 * const values = new Float64Array(3);
 * block.step(new Float32Array([0, 0, 1, 0, 0, 1]), params, values);
 * console.log(params[0], values[1] !== 0);   // 0 true
 * block.dispose();
 * net.dispose();
 * ```
 * @throws RangeError on a bad block; Error naming a missing or mis-sized weight.
 */
export function createBlockPolicy(source: PolicySource, first: number, count: number): BlockPolicy {
  checkBlock(first, count);
  const { config, weights } = source;
  const D = config.obsDim;
  const P = config.paramSize;
  const inBlock = (e: number): void => {
    if (!(e >= first && e < first + count)) throw outside(first, count, e);
  };
  if (isBatched(source)) {
    const layers = (prefix: string, widths: readonly number[]): Float32Array[] =>
      widths.slice(1).flatMap((_, l) => [`${prefix}/w${l}`, `${prefix}/b${l}`]).map((name) => {
        const w = weights[name];
        if (w === undefined) throw new Error(`createBlockPolicy: weight '${name}' is missing.`);
        return w;
      });
    const actorWidths = [D, ...config.mlpHidden, P];
    const criticWidths = [D, ...config.mlpHidden, 1];
    const net = new MlpBatchForward(actorWidths, layers('actor', actorWidths), criticWidths, layers('critic', criticWidths), count);
    const peekParams = new Float32Array(P);
    const peekValue = new Float64Array(1);
    return {
      first,
      count,
      step: (obs, params, values) => net.forward(obs.subarray(first * D), count, params.subarray(first * P), values.subarray(first)),
      peekValue: (e, obs) => {
        inBlock(e);
        net.forward(obs, 1, peekParams, peekValue);
        return peekValue[0]!;
      },
      resetState: (e) => inBlock(e),
      dispose: () => net.dispose(),
    };
  }
  const runner = createRunner(config, weights, source.innerUpdates);
  const states = Array.from({ length: count }, () => runner.createState());
  return {
    first,
    count,
    step: (obs, params, values) => {
      for (let e = first; e < first + count; e++) {
        const row = params.subarray(e * P, (e + 1) * P);
        const out = runner.step(states[e - first]!, obs.subarray(e * D, (e + 1) * D), row);
        if (out.params !== row) row.set(out.params);
        values[e] = out.value;
      }
    },
    peekValue: (e, obs) => {
      inBlock(e);
      return runner.peekValue(states[e - first]!, obs);
    },
    resetState: (e) => {
      inBlock(e);
      runner.resetState(states[e - first]!);
    },
    dispose: () => {},
  };
}
