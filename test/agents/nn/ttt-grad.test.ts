import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../agents/tfjs/backend.ts';
import { TTTLinear } from '../../../agents/nn/ttt-linear.ts';
import type { TTTConfig } from '../../../agents/nn/ttt-config.ts';
import { TTTGrad, tttParameterNames, tttParameterSizes } from '../../../agents/nn/ttt-grad.ts';
import { jsMatMul } from '../../../agents/nn/matmul-kernel.ts';
import { Generator } from '../../../src/random/generator.ts';

/** The agents' sizes (hidden 32, 4 heads of 8, mini-batch 4, intermediate 32) on a small input. */
const AGENT: TTTConfig = { inputDim: 9, outputDim: 6, hidden: 32, heads: 4, miniBatch: 4, intermediate: 32, seed: 5 };

function perturb(net: TTTLinear, rng: Generator, scale: number): void {
  const w = net.readWeights();
  for (const values of Object.values(w)) for (let i = 0; i < values.length; i++) values[i]! += scale * rng.normal();
  net.params.write(w);
}

function uniform(rng: Generator, n: number, lo = -1, hi = 1): Float32Array {
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * rng.random());
}

function maskOf(lengths: readonly number[], T: number): Float32Array {
  const mask = new Float32Array(lengths.length * T);
  lengths.forEach((len, s) => mask.fill(1, s * T, s * T + len));
  return mask;
}

/** Loss Σ mask·(y·c + y²/2) differentiated by tfjs autodiff of `TTTLinear.apply`; also returns y. */
function autodiff(net: TTTLinear, obs: Float32Array, lengths: readonly number[], T: number, coef: Float32Array, inner: boolean): { y: Float32Array; grads: Record<string, Float32Array> } {
  const B = lengths.length;
  const { inputDim: D, outputDim: O } = net.config;
  return tf.tidy(() => {
    const x = tf.tensor3d(obs, [B, T, D]);
    const m = tf.tensor3d(maskOf(lengths, T), [B, T, 1]);
    const c = tf.tensor3d(coef, [B, T, O]);
    const y = net.apply(x, { innerUpdates: inner });
    const { grads } = tf.variableGrads(() => {
      const out = net.apply(x, { innerUpdates: inner });
      return tf.sum(tf.mul(m, tf.add(tf.mul(out, c), tf.mul(0.5, tf.square(out))))) as tf.Scalar;
    }, net.variables());
    const res: Record<string, Float32Array> = {};
    for (const name of net.params.names()) {
      const g = grads[net.params.get(name).name];
      res[name] = g === undefined ? new Float32Array(net.params.get(name).size) : (g.dataSync().slice() as Float32Array);
    }
    return { y: y.dataSync().slice() as Float32Array, grads: res };
  });
}

/** The same loss through {@link TTTGrad}: dy = mask·(c + y). */
function handGrads(net: TTTLinear, grad: TTTGrad, obs: Float32Array, lengths: readonly number[], T: number, coef: Float32Array, inner: boolean): { y: Float32Array; grads: Record<string, Float32Array> } {
  const O = net.config.outputDim;
  const weights = net.readWeights();
  const y = grad.forward(obs, lengths.length, T, weights, inner).slice();
  const mask = maskOf(lengths, T);
  const dy = new Float32Array(y.length);
  for (let i = 0; i < y.length; i++) dy[i] = mask[Math.floor(i / O)]! * (coef[i]! + y[i]!);
  const grads: Record<string, Float32Array> = {};
  for (const [name, n] of Object.entries(tttParameterSizes(net.config))) grads[name] = new Float32Array(n).fill(Number.NaN);
  grad.backward(dy, grads);
  return { y, grads };
}

function compareAll(hand: Record<string, Float32Array>, ref: Record<string, Float32Array>, tol: number, zeroAllowed: readonly string[] = []): void {
  for (const [name, r] of Object.entries(ref)) {
    const g = hand[name]!;
    let scale = 0;
    for (const v of r) scale = Math.max(scale, Math.abs(v));
    if (zeroAllowed.includes(name) && scale === 0) {
      assert.ok(g.every((v) => v === 0), `${name}: must get a zero gradient`);
      continue;
    }
    assert.ok(scale > 0, `${name}: the reference gradient is zero, so the comparison would prove nothing`);
    for (let i = 0; i < r.length; i++) {
      const err = Math.abs(g[i]! - r[i]!) / scale;
      assert.ok(err <= tol, `${name}[${i}]: hand-derived ${g[i]} vs tfjs autodiff ${r[i]} (relative error ${err})`);
    }
  }
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`TTTGrad (${backend})`, () => {
    before(async () => {
      await initBackend(backend);
    });

    for (const [label, cfg, lengths, T, inner] of [
      ['agent sizes, masked episodes of 10, 7 and 3 tokens (last mini-batch partial)', AGENT, [10, 7, 3], 10, true],
      ['agent sizes, one 14-token episode (partial last mini-batch)', AGENT, [14], 14, true],
      ['per-token updates (mini-batch 1), no feed-forward block, one output', { ...AGENT, miniBatch: 1, intermediate: 0, outputDim: 1 }, [6, 4], 6, true],
      ['inner updates off (frozen read-out), masked', AGENT, [8, 5], 8, false],
    ] as const) {
      it(`gives every parameter the gradient of tfjs autodiff: ${label}`, () => {
        const net = new TTTLinear(cfg);
        perturb(net, new Generator(3), 0.2);
        const rng = new Generator(17);
        const B = lengths.length;
        const obs = uniform(rng, B * T * cfg.inputDim);
        const coef = uniform(rng, B * T * cfg.outputDim);
        const ref = autodiff(net, obs, lengths, T, coef, inner);
        const grad = new TTTGrad(net.config, 64);
        const hand = handGrads(net, grad, obs, lengths, T, coef, inner);
        assert.deepEqual(Object.keys(hand.grads), tttParameterNames(net.config));
        assert.deepEqual(Object.keys(hand.grads), net.params.names());
        for (let i = 0; i < ref.y.length; i++) assert.ok(Math.abs(hand.y[i]! - ref.y[i]!) <= 1e-5, `output ${i}: ${hand.y[i]} vs ${ref.y[i]}`);
        compareAll(hand.grads, ref.grads, 1e-4, inner ? [] : ['thetaK', 'thetaV', 'lrGateW', 'lrGateB']);
        // a second call on the reused buffers gives the same bits
        const again = handGrads(net, grad, obs, lengths, T, coef, inner);
        for (const name of Object.keys(hand.grads)) assert.deepEqual(again.grads[name], hand.grads[name], name);
        net.dispose();
      });
    }

    it('runs its products on any kernel (plain JS here) with the same results', () => {
      const net = new TTTLinear(AGENT);
      perturb(net, new Generator(8), 0.2);
      const rng = new Generator(21);
      const obs = uniform(rng, 2 * 9 * AGENT.inputDim);
      const coef = uniform(rng, 2 * 9 * AGENT.outputDim);
      const a = handGrads(net, new TTTGrad(net.config, 18), obs, [9, 6], 9, coef, true);
      const b = handGrads(net, new TTTGrad(net.config, 18, { matMul: jsMatMul }), obs, [9, 6], 9, coef, true);
      compareAll(b.grads, a.grads, 1e-5);
      net.dispose();
    });

    it('rejects too many rows, mis-sized weights and a backward before any forward', () => {
      const net = new TTTLinear(AGENT);
      const grad = new TTTGrad(net.config, 8);
      const w = net.readWeights();
      const obs = new Float32Array(3 * 4 * AGENT.inputDim);
      assert.throws(() => grad.forward(obs, 3, 4, w), /product ≤ 8, got 3 × 4/);
      assert.throws(() => grad.backward(new Float32Array(8 * 6), w), /call forward first/);
      assert.throws(() => grad.forward(obs, 2, 4, { ...w, thetaO: new Float32Array(3) }), /weights 'thetaO' must have 1024 values, got 3/);
      assert.throws(() => new TTTGrad(net.config, 0), /maxRows must be a positive integer/);
      net.dispose();
    });
  });
}
