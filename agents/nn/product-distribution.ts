/**
 * Independent distributions side by side, e.g. the EdgeLLM policy head
 * `new ProductDistribution([new Bernoulli(I·M), new SquashedGaussian(I·M)])`: the params row is the
 * concatenation of the parts' params, the action row the concatenation of their actions, the log
 * probability and the entropy are sums.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Generator } from '../../src/random/generator.ts';
import { checkLength, checkShapes } from './distribution.ts';
import type { ActionDistribution } from './distribution.ts';

/** A product of independent {@link ActionDistribution}s. Members are documented on {@link ActionDistribution}. */
export class ProductDistribution implements ActionDistribution {
  readonly kind: string;
  readonly paramSize: number;
  readonly actionSize: number;
  /** Offsets of each part in the params row and in the action row. */
  private readonly offsets: { param: number; action: number }[] = [];

  /** @param parts the component distributions, in params/action order (at least one). */
  constructor(readonly parts: readonly ActionDistribution[]) {
    if (parts.length === 0) throw new RangeError('ProductDistribution: parts must contain at least one distribution.');
    let p = 0;
    let a = 0;
    for (const d of parts) {
      this.offsets.push({ param: p, action: a });
      p += d.paramSize;
      a += d.actionSize;
    }
    this.paramSize = p;
    this.actionSize = a;
    this.kind = `product(${parts.map((d) => d.kind).join(', ')})`;
    if (parts.every((d) => d.paramGradJs !== undefined)) {
      this.paramGradJs = (params, action, gLogProb, gEntropy, out) => {
        parts.forEach((d, i) => {
          const o = this.offsets[i]!;
          d.paramGradJs!(
            params.subarray(o.param, o.param + d.paramSize),
            action.subarray(o.action, o.action + d.actionSize),
            gLogProb,
            gEntropy,
            out.subarray(o.param, o.param + d.paramSize),
          );
        });
      };
    }
  }

  /** Offset of part `i` in the params row and in the action row. */
  offsetOf(i: number): { readonly param: number; readonly action: number } {
    const o = this.offsets[i];
    if (o === undefined) throw new RangeError(`ProductDistribution.offsetOf: no part ${i} (have ${this.parts.length}).`);
    return o;
  }

  logProb(params: tf.Tensor2D, actions: tf.Tensor2D): tf.Tensor1D {
    checkShapes(this, params, actions);
    return tf.tidy(() => {
      const terms = this.parts.map((d, i) => {
        const o = this.offsets[i]!;
        return d.logProb(
          tf.slice(params, [0, o.param], [-1, d.paramSize]),
          tf.slice(actions, [0, o.action], [-1, d.actionSize]),
        );
      });
      return (terms.length === 1 ? terms[0]! : tf.addN(terms)) as tf.Tensor1D;
    });
  }

  entropy(params: tf.Tensor2D): tf.Tensor1D {
    checkShapes(this, params);
    return tf.tidy(() => {
      const terms = this.parts.map((d, i) => d.entropy(tf.slice(params, [0, this.offsets[i]!.param], [-1, d.paramSize])));
      return (terms.length === 1 ? terms[0]! : tf.addN(terms)) as tf.Tensor1D;
    });
  }

  private views(params: Float32Array, action: Float32Array, i: number): [Float32Array, Float32Array] {
    const d = this.parts[i]!;
    const o = this.offsets[i]!;
    return [params.subarray(o.param, o.param + d.paramSize), action.subarray(o.action, o.action + d.actionSize)];
  }

  sample(params: Float32Array, rng: Generator, out = new Float32Array(this.actionSize)): Float32Array {
    checkLength(this.kind, 'params', params, this.paramSize);
    this.parts.forEach((d, i) => {
      const [p, a] = this.views(params, out, i);
      d.sample(p, rng, a);
    });
    return out;
  }

  mode(params: Float32Array, out = new Float32Array(this.actionSize)): Float32Array {
    checkLength(this.kind, 'params', params, this.paramSize);
    this.parts.forEach((d, i) => {
      const [p, a] = this.views(params, out, i);
      d.mode(p, a);
    });
    return out;
  }

  logProbJs(params: Float32Array, action: Float32Array): number {
    checkLength(this.kind, 'params', params, this.paramSize);
    checkLength(this.kind, 'action', action, this.actionSize);
    let s = 0;
    this.parts.forEach((d, i) => {
      const [p, a] = this.views(params, action, i);
      s += d.logProbJs(p, a);
    });
    return s;
  }

  entropyJs(params: Float32Array): number {
    checkLength(this.kind, 'params', params, this.paramSize);
    let s = 0;
    this.parts.forEach((d, i) => {
      const o = this.offsets[i]!;
      s += d.entropyJs(params.subarray(o.param, o.param + d.paramSize));
    });
    return s;
  }

  /** Present when every part has it: each part's gradient in its slice of the params row. */
  readonly paramGradJs?: (params: Float32Array, action: Float32Array, gLogProb: number, gEntropy: number, out: Float32Array) => void;

  toEnv(action: Float32Array, out = new Float32Array(this.actionSize)): Float32Array {
    checkLength(this.kind, 'action', action, this.actionSize);
    this.parts.forEach((d, i) => {
      const o = this.offsets[i]!;
      d.toEnv(action.subarray(o.action, o.action + d.actionSize), out.subarray(o.action, o.action + d.actionSize));
    });
    return out;
  }
}
