/**
 * The multilayer perceptron of the PPO baseline (paper: 128-unit layers; here 2 × 128, tanh), in tfjs
 * for training and in plain JavaScript for fast batch-1 rollouts.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { Generator } from '../../src/random/generator.ts';
import { constantInit, orthogonalInit } from './init.ts';
import { denseT, transpose } from './js-kernels.ts';
import { ParamSet } from './params.ts';
import type { ParamValues } from './params.ts';

/** Configuration of {@link MLP}. */
export interface MLPConfig {
  /** Input length. Required. */
  inputDim: number;
  /** Output length. Required. */
  outputDim: number;
  /** Hidden layer widths (default [128, 128]). */
  hidden?: readonly number[];
  /** Orthogonal-init gain of the output layer (0.01 for a policy, 1 for a critic; default 1). */
  headGain?: number;
  /** Seed of the initialization (default 42). */
  seed?: number;
}

/** {@link MLPConfig} with defaults filled in (fields as in {@link MLPConfig}). */
export interface ResolvedMLPConfig {
  readonly inputDim: number;
  readonly outputDim: number;
  readonly hidden: readonly number[];
  readonly headGain: number;
  readonly seed: number;
}

/**
 * Validates an {@link MLPConfig} and fills in the defaults.
 * @throws RangeError naming the offending field.
 */
export function resolveMLPConfig(config: MLPConfig): ResolvedMLPConfig {
  const posInt = (field: string, v: unknown): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
      throw new RangeError(`MLPConfig.${field} must be a positive integer, got ${String(v)}.`);
    }
    return v;
  };
  const hidden = config.hidden ?? [128, 128];
  if (!Array.isArray(hidden)) throw new RangeError('MLPConfig.hidden must be an array of widths such as [128, 128].');
  hidden.forEach((h, i) => posInt(`hidden[${i}]`, h));
  const headGain = config.headGain ?? 1;
  if (!Number.isFinite(headGain) || headGain < 0) {
    throw new RangeError(`MLPConfig.headGain must be a finite number ≥ 0, got ${String(headGain)}.`);
  }
  const seed = config.seed ?? 42;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`MLPConfig.seed must be a non-negative integer, got ${seed}.`);
  return {
    inputDim: posInt('inputDim', config.inputDim),
    outputDim: posInt('outputDim', config.outputDim),
    hidden: [...hidden],
    headGain,
    seed,
  };
}

/** A tanh MLP: `x → tanh(x·W₁ + b₁) → … → ·W_out + b_out`. Parameters `w0, b0, w1, b1, …`. */
export class MLP {
  /** The validated configuration. */
  readonly config: ResolvedMLPConfig;
  /** The trainable parameters. */
  readonly params: ParamSet;

  /** Builds the network with orthogonal weights (gain √2 for hidden layers, `headGain` for the output). */
  constructor(config: MLPConfig) {
    this.config = resolveMLPConfig(config);
    this.params = new ParamSet();
    const rng = new Generator(this.config.seed);
    const widths = [this.config.inputDim, ...this.config.hidden, this.config.outputDim];
    for (let l = 0; l + 1 < widths.length; l++) {
      const last = l + 2 === widths.length;
      const gain = last ? this.config.headGain : Math.SQRT2;
      this.params.add(`w${l}`, [widths[l]!, widths[l + 1]!], orthogonalInit(rng, widths[l]!, widths[l + 1]!, gain));
      this.params.add(`b${l}`, [widths[l + 1]!], constantInit(widths[l + 1]!, 0));
    }
  }

  /** Number of dense layers (hidden + output). */
  get layers(): number {
    return this.config.hidden.length + 1;
  }

  /** The trainable variables. */
  variables(): tf.Variable[] {
    return this.params.variables();
  }

  /**
   * Forward pass on a batch: `x` `[N, inputDim]` → `[N, outputDim]`.
   * @throws Error when `x` has the wrong shape.
   */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    if (x.rank !== 2 || x.shape[1] !== this.config.inputDim) {
      throw new Error(`MLP.apply: x must have shape [N, ${this.config.inputDim}], got [${x.shape.join(', ')}].`);
    }
    return tf.tidy(() => {
      let h: tf.Tensor2D = x;
      for (let l = 0; l < this.layers; l++) {
        const z = tf.add(tf.matMul(h, this.params.get(`w${l}`) as tf.Tensor2D), this.params.get(`b${l}`)) as tf.Tensor2D;
        h = l + 1 < this.layers ? tf.tanh(z) : z;
      }
      return h;
    });
  }

  /** A plain-JS batch-1 copy of the current weights (read once; refresh after training). */
  inference(): MLPInference {
    return new MLPInference(this.params.read(), this.config);
  }

  /** Frees the variables. */
  dispose(): void {
    this.params.dispose();
  }
}

/** Plain-JS forward of an {@link MLP} with frozen weights, one input at a time. */
export class MLPInference {
  /** The network configuration. */
  readonly config: ResolvedMLPConfig;
  /** Transposed weights `[out, in]` per layer. */
  private readonly wT: Float32Array[] = [];
  private readonly b: Float32Array[] = [];
  private readonly buffers: Float32Array[] = [];

  /**
   * @param weights parameters `w0, b0, …` from {@link MLP} (`params.read()`).
   * @throws Error naming a missing or mis-sized weight.
   */
  constructor(weights: ParamValues, config: ResolvedMLPConfig) {
    this.config = config;
    const widths = [config.inputDim, ...config.hidden, config.outputDim];
    for (let l = 0; l + 1 < widths.length; l++) {
      const w = weights[`w${l}`];
      const b = weights[`b${l}`];
      if (w === undefined || b === undefined) throw new Error(`MLPInference: weights w${l}/b${l} are missing.`);
      if (w.length !== widths[l]! * widths[l + 1]! || b.length !== widths[l + 1]!) {
        throw new Error(`MLPInference: layer ${l} weights do not match the config ([${widths[l]}, ${widths[l + 1]}]).`);
      }
      this.wT.push(transpose(w, widths[l]!, widths[l + 1]!));
      this.b.push(b);
      if (l + 2 < widths.length) this.buffers.push(new Float32Array(widths[l + 1]!));
    }
  }

  /**
   * `out = MLP(x)` for one input of length `inputDim`.
   * @param out destination of length `outputDim` (allocated when omitted).
   */
  forward(x: ArrayLike<number>, out: Float32Array = new Float32Array(this.config.outputDim)): Float32Array {
    if (x.length !== this.config.inputDim) {
      throw new Error(`MLPInference.forward: x must have ${this.config.inputDim} values, got ${x.length}.`);
    }
    const widths = [this.config.inputDim, ...this.config.hidden, this.config.outputDim];
    let h: ArrayLike<number> = x;
    for (let l = 0; l < this.wT.length; l++) {
      const last = l + 1 === this.wT.length;
      const dst = last ? out : this.buffers[l]!;
      denseT(h, this.wT[l]!, this.b[l]!, widths[l]!, widths[l + 1]!, dst);
      if (!last) for (let i = 0; i < dst.length; i++) dst[i] = Math.tanh(dst[i]!);
      h = dst;
    }
    return out;
  }
}
