import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../agents/tfjs/backend.ts';
import { Bernoulli } from '../../../agents/nn/bernoulli.ts';
import { Categorical } from '../../../agents/nn/categorical.ts';
import { DiagGaussian } from '../../../agents/nn/diag-gaussian.ts';
import { SquashedGaussian } from '../../../agents/nn/squashed-gaussian.ts';
import { ProductDistribution } from '../../../agents/nn/product-distribution.ts';
import type { ActionDistribution } from '../../../agents/nn/distribution.ts';
import { Generator } from '../../../src/random/generator.ts';

const sig = (x: number): number => 1 / (1 + Math.exp(-x));
const LOG_2PI = Math.log(2 * Math.PI);
const f32 = (xs: number[]): Float32Array => Float32Array.from(xs);

function near(a: number, b: number, tol: number, what: string): void {
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);
}

/** tfjs logProb/entropy of one row equal the plain-JS values. */
function agree(d: ActionDistribution, params: number[], action: number[]): void {
  const [lp, ent] = tf.tidy(() => {
    const p = tf.tensor2d([params]);
    return [d.logProb(p, tf.tensor2d([action])).dataSync()[0]!, d.entropy(p).dataSync()[0]!];
  });
  near(lp!, d.logProbJs(f32(params), f32(action)), 1e-4, `${d.kind} logProb tfjs vs js`);
  near(ent!, d.entropyJs(f32(params)), 1e-4, `${d.kind} entropy tfjs vs js`);
}

describe('distributions (plain JS)', () => {
  it('Bernoulli: closed-form log-prob and entropy, seeded sample mean, mode', () => {
    const d = new Bernoulli(2);
    const logits = f32([0.7, -1.3]);
    const p0 = sig(0.7);
    const p1 = sig(-1.3);
    near(d.logProbJs(logits, f32([1, 0])), Math.log(p0) + Math.log(1 - p1), 1e-6, 'logProb');
    const h = (p: number): number => -p * Math.log(p) - (1 - p) * Math.log(1 - p);
    near(d.entropyJs(logits), h(p0) + h(p1), 1e-6, 'entropy');
    const rng = new Generator(42);
    const sums = [0, 0];
    const n = 20000;
    const a = new Float32Array(2);
    for (let i = 0; i < n; i++) {
      d.sample(logits, rng, a);
      sums[0]! += a[0]!;
      sums[1]! += a[1]!;
    }
    near(sums[0]! / n, p0, 0.015, 'mean 0');
    near(sums[1]! / n, p1, 0.015, 'mean 1');
    assert.deepEqual(Array.from(d.mode(logits)), [1, 0]);
    // extreme logits stay finite
    assert.ok(Number.isFinite(d.logProbJs(f32([80, -80]), f32([0, 1]))));
  });

  it('Categorical: log-softmax, frequencies, entropy, mode', () => {
    const d = new Categorical(3);
    const logits = f32([0.2, 1.0, -0.5]);
    const z = Math.exp(0.2) + Math.exp(1.0) + Math.exp(-0.5);
    const probs = [Math.exp(0.2) / z, Math.exp(1.0) / z, Math.exp(-0.5) / z];
    near(d.logProbJs(logits, f32([2])), Math.log(probs[2]!), 1e-6, 'logProb');
    near(d.entropyJs(logits), -probs.reduce((a, p) => a + p * Math.log(p), 0), 1e-6, 'entropy');
    const rng = new Generator(7);
    const counts = [0, 0, 0];
    const n = 20000;
    for (let i = 0; i < n; i++) counts[d.sample(logits, rng)[0]!]!++;
    counts.forEach((c, k) => near(c / n, probs[k]!, 0.015, `freq ${k}`));
    assert.equal(d.mode(logits)[0], 1);
    assert.throws(() => d.logProbJs(logits, f32([3])), /class index/);
  });

  it('DiagGaussian: closed-form density and entropy, sample moments', () => {
    const d = new DiagGaussian(2);
    const params = f32([0.5, -1, Math.log(0.3), Math.log(2)]);
    const x = f32([0.8, 0]);
    const lp = (v: number, m: number, s: number): number => -0.5 * ((v - m) / s) ** 2 - Math.log(s) - 0.5 * LOG_2PI;
    near(d.logProbJs(params, x), lp(0.8, 0.5, 0.3) + lp(0, -1, 2), 1e-5, 'logProb');
    near(d.entropyJs(params), Math.log(0.3) + Math.log(2) + 1 + LOG_2PI, 1e-5, 'entropy');
    const rng = new Generator(3);
    const n = 20000;
    let m0 = 0;
    let m1 = 0;
    let v1 = 0;
    for (let i = 0; i < n; i++) {
      const a = d.sample(params, rng);
      m0 += a[0]!;
      m1 += a[1]!;
      v1 += (a[1]! + 1) ** 2;
    }
    near(m0 / n, 0.5, 0.01, 'mean 0');
    near(m1 / n, -1, 0.05, 'mean 1');
    near(Math.sqrt(v1 / n), 2, 0.05, 'std 1');
    assert.deepEqual(Array.from(d.mode(params)), [0.5, -1]);
  });

  it('SquashedGaussian: density of the (0,1) value, median at sigmoid(μ), values in [0, 1]', () => {
    const d = new SquashedGaussian(1);
    const params = f32([0.4, Math.log(0.8)]);
    const u = 1.3;
    const a = sig(u);
    // change of variables: p_a(a) = N(logit a; μ, σ) / (a(1 − a))
    const expected = -0.5 * ((u - 0.4) / 0.8) ** 2 - Math.log(0.8) - 0.5 * LOG_2PI - Math.log(a * (1 - a));
    near(d.logProbJs(params, f32([u])), expected, 1e-5, 'logProb');
    const rng = new Generator(11);
    const values: number[] = [];
    for (let i = 0; i < 20001; i++) {
      const v = d.toEnv(d.sample(params, rng))[0]!;
      assert.ok(v >= 0 && v <= 1);
      values.push(v);
    }
    values.sort((x, y) => x - y);
    near(values[10000]!, sig(0.4), 0.01, 'median');
    near(d.toEnv(d.mode(params))[0]!, sig(0.4), 1e-6, 'mode');
    assert.ok(Number.isFinite(d.logProbJs(params, f32([40]))));
  });

  it('ProductDistribution: sums of the parts, concatenated layout', () => {
    const b = new Bernoulli(2);
    const s = new SquashedGaussian(2);
    const d = new ProductDistribution([b, s]);
    assert.equal(d.paramSize, 6);
    assert.equal(d.actionSize, 4);
    const params = f32([0.3, -0.2, 0.1, 0.5, -1, -0.5]);
    const action = f32([1, 0, 0.7, -0.2]);
    near(
      d.logProbJs(params, action),
      b.logProbJs(params.subarray(0, 2), action.subarray(0, 2)) + s.logProbJs(params.subarray(2), action.subarray(2)),
      1e-6,
      'logProb',
    );
    const env = d.toEnv(action);
    assert.deepEqual(Array.from(env.subarray(0, 2)), [1, 0]);
    near(env[2]!, sig(0.7), 1e-6, 'squashed part');
    const rng1 = new Generator(5);
    const rng2 = new Generator(5);
    assert.deepEqual(Array.from(d.sample(params, rng1)), Array.from(d.sample(params, rng2)));
  });
});

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`distributions (tfjs, ${backend})`, () => {
    before(async () => {
      await initBackend(backend);
    });

    it('tfjs and plain-JS log-probs and entropies agree', () => {
      agree(new Bernoulli(3), [0.5, -2, 4], [1, 1, 0]);
      agree(new Categorical(4), [0.1, 0.2, -1, 3], [3]);
      agree(new DiagGaussian(2), [0.5, -1, -0.3, 0.2], [0.1, 0.9]);
      agree(new SquashedGaussian(2), [0.5, -1, -0.3, 0.2], [0.1, -3]);
      agree(new ProductDistribution([new Bernoulli(1), new Categorical(3), new SquashedGaussian(1)]), [0.4, 1, 2, 3, 0, 0.1], [1, 2, 0.5]);
    });

    it('gradients flow through every distribution (no missing kernels)', () => {
      const d = new ProductDistribution([new Bernoulli(2), new Categorical(3), new DiagGaussian(1), new SquashedGaussian(1)]);
      const params = tf.variable(tf.tensor2d([[0.3, -0.4, 0.1, 0.2, 0.3, 0.5, -0.2, 0.0, -0.1], [1, 2, -1, 0, 1, -0.5, 0.3, 0.4, 0.2]]));
      const actions = tf.tensor2d([[1, 0, 2, 0.3, 0.9], [0, 1, 0, -1, -0.4]]);
      const { value, grads } = tf.variableGrads(
        () => tf.add(tf.sum(d.logProb(params as tf.Tensor2D, actions)), tf.sum(d.entropy(params as tf.Tensor2D))) as tf.Scalar,
        [params],
      );
      const g = grads[params.name]!.dataSync();
      assert.ok(g.every((v) => Number.isFinite(v)));
      // Bernoulli part: ∂/∂l (a·l − softplus(l)) + ∂/∂l entropy = a − σ(l) − l·σ(l)(1 − σ(l))
      const l = 0.3;
      near(g[0]!, 1 - sig(l) - l * sig(l) * (1 - sig(l)), 1e-5, 'bernoulli gradient');
      tf.dispose([params, actions, value, ...Object.values(grads)]);
    });

    it('paramGradJs equals the tfjs gradient of gLogProb·logProb + gEntropy·entropy for every distribution', () => {
      const cases: [ActionDistribution, number[][], number[][]][] = [
        [new Bernoulli(2), [[0.3, -0.4], [2.5, -3]], [[1, 0], [0, 1]]],
        [new Categorical(3), [[0.1, 0.2, 0.3], [1, -2, 0.5]], [[2], [0]]],
        [new DiagGaussian(2), [[0.5, -1, -0.3, 0.2], [0, 1, 0.4, -0.6]], [[0.1, 0.9], [-1, 2]]],
        [new SquashedGaussian(1), [[0.2, -0.5], [-1, 0.3]], [[0.7], [-2]]],
        [new ProductDistribution([new Bernoulli(2), new Categorical(3), new SquashedGaussian(1)]), [[0.3, -0.4, 0.1, 0.2, 0.3, 0.5, -0.2], [1, 2, -1, 0, 1, -0.5, 0.3]], [[1, 0, 2, 0.3], [0, 1, 0, -1]]],
      ];
      const gLogProb = [0.7, -1.3];
      const gEntropy = 0.05;
      for (const [d, params, actions] of cases) {
        assert.ok(d.paramGradJs !== undefined, `${d.kind} has paramGradJs`);
        const p = tf.variable(tf.tensor2d(params));
        const { value, grads } = tf.variableGrads(() => {
          const lp = tf.sum(tf.mul(d.logProb(p as tf.Tensor2D, tf.tensor2d(actions)), tf.tensor1d(gLogProb)));
          return tf.add(lp, tf.mul(tf.sum(d.entropy(p as tf.Tensor2D)), gEntropy)) as tf.Scalar;
        }, [p]);
        const ref = grads[p.name]!.dataSync();
        params.forEach((row, r) => {
          const out = new Float32Array(d.paramSize).fill(NaN);
          d.paramGradJs!(f32(row), f32(actions[r]!), gLogProb[r]!, gEntropy, out);
          out.forEach((v, j) => near(v, ref[r * d.paramSize + j]!, 1e-5, `${d.kind} row ${r} param ${j}`));
        });
        tf.dispose([p, value, ...Object.values(grads)]);
      }
    });

    it('rejects params of the wrong width with the expected shape', () => {
      const d = new Bernoulli(3);
      assert.throws(() => tf.tidy(() => d.logProb(tf.zeros([2, 4]) as tf.Tensor2D, tf.zeros([2, 3]) as tf.Tensor2D)), /\[N, 3\]/);
    });
  });
}
