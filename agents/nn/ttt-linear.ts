/**
 * The TTT-Linear network: the actor/critic backbone of the T2DRL agent, with its output head.
 *
 * Per token (one observation o_t of the current episode):
 *
 *   x_t = o_t·W_in + b_in                                  (embedding, width H = 32)
 *   k_t, v_t, q_t = x_t·θ_K, x_t·θ_V, x_t·θ_Q               (split into 4 heads of width 8)
 *   η_t = baseLr · sigmoid(x_t·w_gate + c_gate) / headDim   (one inner learning rate per head)
 *   z_t = q_t·W_t  per head, W following the causal mini-batch rule of `ttt-dual-form.ts`, reset to the
 *         learned W₀ at the start of every sequence (episode)
 *   h_t = x_t + LN(z_t)·θ_O                                 (layer norm, output projection, residual)
 *   h_t ← h_t + SwiGLU(LN(h_t))                             (optional feed-forward, intermediate size)
 *   y_t = h_t·W_head + b_head
 *
 * Two implementations compute this: {@link TTTLinear.apply} runs whole episodes at once as a
 * differentiable tfjs graph (the outer gradient flows through every inner update into θ_K, θ_V, θ_Q, W₀,
 * the gate, the projections and the head; the dense layers are tfjs ops, the inner-update scan is one op
 * with a plain-JS forward and hand-derived backward, `ttt-scan-op.ts`), and {@link TTTInference} (from
 * {@link TTTLinear.inference}) steps one token at a time in plain JavaScript for rollouts and test-time
 * adaptation.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { Generator } from '../../src/random/generator.ts';
import { feedForwardTf } from './feed-forward.ts';
import { constantInit, glorotUniform, normalInit, orthogonalInit } from './init.ts';
import { layerNormTf } from './layer-norm.ts';
import { ParamSet } from './params.ts';
import type { ParamValues } from './params.ts';
import { resolveTTTConfig } from './ttt-config.ts';
import type { ResolvedTTTConfig, TTTConfig } from './ttt-config.ts';
import { frozenReadout, tttScan } from './ttt-dual-form.ts';
import { tttScanOp } from './ttt-scan-op.ts';
import { TTTInference } from './ttt-online.ts';
import { fromTimeMajor, timeMajorLayout, toTimeMajor } from './time-major.ts';

/** Options of {@link TTTLinear.apply}. */
export interface TTTApplyOptions {
  /** Overrides {@link TTTLinear.innerUpdates} for this call. */
  readonly innerUpdates?: boolean;
  /**
   * Which implementation runs the inner-update scan: `'js'` (default, the fast one: one op whose forward
   * and backward run in plain JavaScript, `ttt-scan-op.ts`) or `'tfjs'` (the same arithmetic as tfjs ops,
   * `ttt-dual-form.ts`, differentiated by tfjs; kept as the cross-check of the hand-derived backward).
   */
  readonly scan?: 'js' | 'tfjs';
}

/** A TTT-Linear backbone with a linear output head. */
export class TTTLinear {
  /** The validated configuration. */
  readonly config: ResolvedTTTConfig;
  /** The trainable parameters (names as listed in {@link TTTLinear.parameterShapes}). */
  readonly params: ParamSet;
  /**
   * Whether the inner (test-time) updates run. False keeps W = W₀ for every token — the ablation without
   * test-time training. Read by both {@link apply} and {@link inference}.
   */
  innerUpdates: boolean;

  /** Builds and initializes the network (seeded by `config.seed`). */
  constructor(config: TTTConfig) {
    this.config = resolveTTTConfig(config);
    this.innerUpdates = this.config.innerUpdates;
    this.params = new ParamSet();
    const rng = new Generator(this.config.seed);
    const { inputDim: D, hidden: H, heads, headDim: d, intermediate: I, outputDim: O, initStd } = this.config;
    const p = this.params;
    p.add('inW', [D, H], glorotUniform(rng, D, H));
    p.add('inB', [H], constantInit(H, 0));
    p.add('thetaK', [H, H], glorotUniform(rng, H, H));
    p.add('thetaV', [H, H], glorotUniform(rng, H, H));
    p.add('thetaQ', [H, H], glorotUniform(rng, H, H));
    p.add('w0', [heads, d, d], normalInit(rng, heads * d * d, initStd));
    p.add('lrGateW', [H, heads], normalInit(rng, H * heads, initStd));
    p.add('lrGateB', [heads], constantInit(heads, 0));
    p.add('lnGamma', [H], constantInit(H, 1));
    p.add('lnBeta', [H], constantInit(H, 0));
    p.add('thetaO', [H, H], glorotUniform(rng, H, H));
    if (I > 0) {
      p.add('ffnGamma', [H], constantInit(H, 1));
      p.add('ffnBeta', [H], constantInit(H, 0));
      p.add('ffnGate', [H, I], glorotUniform(rng, H, I));
      p.add('ffnUp', [H, I], glorotUniform(rng, H, I));
      p.add('ffnDown', [I, H], glorotUniform(rng, I, H));
    }
    p.add('headW', [H, O], orthogonalInit(rng, H, O, this.config.headGain));
    p.add('headB', [O], constantInit(O, 0));
  }

  /** Name → shape of every parameter, in creation order. */
  parameterShapes(): Record<string, readonly number[]> {
    return Object.fromEntries(this.params.names().map((n) => [n, this.params.shape(n)]));
  }

  /** The trainable variables (for `tf.variableGrads` and the optimizer). */
  variables(): tf.Variable[] {
    return this.params.variables();
  }

  /**
   * Runs whole sequences: `obs` `[B, T, inputDim]` → outputs `[B, T, outputDim]`. Each of the B
   * sequences starts from W₀. Sequences of different lengths: pad them at the end and ignore (mask) the
   * outputs there; the scan is causal, so padding never changes earlier outputs.
   *
   * @throws Error when `obs` is not rank 3 with last dimension `inputDim`.
   */
  apply(obs: tf.Tensor3D, options: TTTApplyOptions = {}): tf.Tensor3D {
    if (obs.rank !== 3 || obs.shape[2] !== this.config.inputDim) {
      throw new Error(
        `TTTLinear.apply: obs must have shape [sequences, tokens, ${this.config.inputDim}], got [${obs.shape.join(', ')}].`,
      );
    }
    const inner = options.innerUpdates ?? this.innerUpdates;
    const useJs = (options.scan ?? 'js') === 'js';
    if (options.scan !== undefined && options.scan !== 'js' && options.scan !== 'tfjs') {
      throw new Error(`TTTLinear.apply: options.scan must be 'js' or 'tfjs', got ${String(options.scan)}.`);
    }
    return tf.tidy(() => {
      const c = this.config;
      const p = this.params;
      const [B, T] = obs.shape;
      if (inner && useJs) {
        // sequence-major rows; k, v, q and the gate logits from one matmul with the fused weights
        const x = tf.add(tf.matMul(tf.reshape(obs, [B * T, c.inputDim]) as tf.Tensor2D, p.get('inW') as tf.Tensor2D), p.get('inB')) as tf.Tensor2D;
        const fused = tf.concat([p.get('thetaK'), p.get('thetaV'), p.get('thetaQ'), p.get('lrGateW')], 1) as tf.Tensor2D;
        const z = tttScanOp(tf.matMul(x, fused), p.get('lrGateB'), p.get('w0'), {
          sequences: B,
          length: T,
          miniBatch: c.miniBatch,
          heads: c.heads,
          headDim: c.headDim,
          baseLr: c.baseLr,
        });
        return tf.reshape(this.outputBlock(x, z), [B, T, c.outputDim]) as tf.Tensor3D;
      }
      const layout = timeMajorLayout(B, T, c.miniBatch);
      const rows = toTimeMajor(obs, layout);
      const x = tf.add(tf.matMul(rows, p.get('inW') as tf.Tensor2D), p.get('inB')) as tf.Tensor2D;
      const q = tf.matMul(x, p.get('thetaQ') as tf.Tensor2D) as tf.Tensor2D;
      let z: tf.Tensor2D;
      if (inner) {
        const k = tf.matMul(x, p.get('thetaK') as tf.Tensor2D) as tf.Tensor2D;
        const v = tf.matMul(x, p.get('thetaV') as tf.Tensor2D) as tf.Tensor2D;
        const gate = tf.add(tf.matMul(x, p.get('lrGateW') as tf.Tensor2D), p.get('lrGateB')) as tf.Tensor2D;
        const lr = tf.mul(tf.sigmoid(gate), c.baseLr / c.headDim) as tf.Tensor2D;
        z = tttScan({
          k,
          v,
          q,
          lr,
          w0: p.get('w0'),
          sequences: B,
          blocks: layout.blocks,
          miniBatch: c.miniBatch,
          heads: c.heads,
          headDim: c.headDim,
        });
      } else {
        z = frozenReadout(q, p.get('w0'), c.heads, c.headDim);
      }
      return fromTimeMajor(this.outputBlock(x, z), layout);
    });
  }

  /** Layer norm of z, output projection, residual, feed-forward block and head (any row order). */
  private outputBlock(x: tf.Tensor2D, z: tf.Tensor2D): tf.Tensor2D {
    const c = this.config;
    const p = this.params;
    const normed = layerNormTf(z, p.get('lnGamma'), p.get('lnBeta'), c.lnEps);
    let h = tf.add(x, tf.matMul(normed, p.get('thetaO') as tf.Tensor2D)) as tf.Tensor2D;
    if (c.intermediate > 0) {
      h = feedForwardTf(
        h,
        {
          gamma: p.get('ffnGamma'),
          beta: p.get('ffnBeta'),
          gate: p.get('ffnGate'),
          up: p.get('ffnUp'),
          down: p.get('ffnDown'),
        },
        c.lnEps,
      );
    }
    return tf.add(tf.matMul(h, p.get('headW') as tf.Tensor2D), p.get('headB')) as tf.Tensor2D;
  }

  /** Copies every weight to plain Float32Arrays (one read per parameter). */
  readWeights(): ParamValues {
    return this.params.read();
  }

  /**
   * A plain-JS one-token-at-a-time copy of the current weights (read once; call again after the
   * weights change, e.g. once per PPO iteration). Inherits {@link innerUpdates}.
   */
  inference(): TTTInference {
    const inf = new TTTInference(this.readWeights(), this.config);
    inf.innerUpdates = this.innerUpdates;
    return inf;
  }

  /** Frees the variables. */
  dispose(): void {
    this.params.dispose();
  }
}
