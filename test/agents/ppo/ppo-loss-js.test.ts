import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../agents/tfjs/backend.ts';
import { ppoLoss } from '../../../agents/ppo/ppo-loss.ts';
import { addLossTerms, ppoLossJs } from '../../../agents/ppo/ppo-loss-js.ts';

const near = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

describe('ppoLossJs', () => {
  before(async () => {
    await initBackend('cpu');
  });

  it('matches the hand-computed example of ppoLoss, gradients included', () => {
    // ratios 1.5 and 0.5, advantages +1 and −1, ε = 0.2 → min terms 1.2 (clipped) and −0.8 (clipped)
    const dLogProb = new Float64Array(2);
    const dValue = new Float64Array(2);
    const t = ppoLossJs(
      { n: 2, logProb: [Math.log(1.5), Math.log(0.5)], oldLogProb: [0, 0], advantages: [1, -1], values: [1, 2], returns: [0, 4], entropy: [0.3, 0.5] },
      { clipRange: 0.2, valueCoef: 0.25, entropyCoef: 0.1 },
      { dLogProb, dValue },
    );
    near(t.policyLoss, -(1.2 - 0.8) / 2, 1e-12, 'policy loss');
    near(t.valueLoss, (1 + 4) / 2, 1e-12, 'value loss');
    near(t.entropy, 0.4, 1e-12, 'entropy');
    near(t.loss, -0.2 + 0.25 * 2.5 - 0.1 * 0.4, 1e-12, 'loss');
    near(t.clipFraction, 1, 0, 'clip fraction');
    // both samples are clipped on the side the minimum takes: no policy gradient
    assert.deepEqual([...dLogProb], [0, 0]);
    near(dValue[0]!, (0.25 * 2 * 1) / 2, 1e-12, 'dV0');
    near(dValue[1]!, (0.25 * 2 * -2) / 2, 1e-12, 'dV1');
    near(t.dEntropy, -0.05, 1e-12, 'dH');
  });

  it('agrees with tfjs ppoLoss and its autodiff on random samples (clipped, unclipped, both signs)', () => {
    const n = 40;
    const logProb = Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) * 0.5);
    const oldLogProb = Array.from({ length: n }, (_, i) => Math.cos(i * 0.9) * 0.3);
    const advantages = Array.from({ length: n }, (_, i) => Math.sin(i * 2.3) * 1.5);
    const values = Array.from({ length: n }, (_, i) => Math.cos(i * 0.4));
    const returns = Array.from({ length: n }, (_, i) => Math.sin(i * 0.6));
    const entropy = Array.from({ length: n }, (_, i) => 1 + Math.sin(i));
    const coef = { clipRange: 0.2, valueCoef: 0.5, entropyCoef: 0.01 };
    const lp = tf.variable(tf.tensor1d(logProb));
    const v = tf.variable(tf.tensor1d(values));
    const h = tf.variable(tf.tensor1d(entropy));
    const kept: Record<string, number> = {};
    const { value, grads } = tf.variableGrads(() => {
      const terms = ppoLoss(
        { logProb: lp as tf.Tensor1D, oldLogProb: tf.tensor1d(oldLogProb), advantages: tf.tensor1d(advantages), values: v as tf.Tensor1D, returns: tf.tensor1d(returns), entropy: h as tf.Tensor1D },
        coef,
      );
      for (const k of ['policyLoss', 'valueLoss', 'entropy', 'approxKl', 'clipFraction'] as const) kept[k] = terms[k].dataSync()[0]!;
      return terms.loss;
    }, [lp, v, h]);
    const dLogProb = new Float64Array(n);
    const dValue = new Float64Array(n);
    const t = ppoLossJs({ n, logProb: Float32Array.from(logProb), oldLogProb, advantages, values: Float32Array.from(values), returns, entropy }, coef, { dLogProb, dValue });
    near(t.loss, value.dataSync()[0]!, 1e-5, 'loss');
    for (const k of Object.keys(kept)) near(t[k as keyof typeof t], kept[k]!, 1e-5, k);
    assert.ok(t.clipFraction > 0.1 && t.clipFraction < 0.9, `a mix of clipped and unclipped samples (${t.clipFraction})`);
    const gl = grads[lp.name]!.dataSync();
    const gv = grads[v.name]!.dataSync();
    const gh = grads[h.name]!.dataSync();
    for (let i = 0; i < n; i++) {
      near(dLogProb[i]!, gl[i]!, 1e-6, `dLogProb ${i}`);
      near(dValue[i]!, gv[i]!, 1e-6, `dValue ${i}`);
      near(t.dEntropy, gh[i]!, 1e-7, `dEntropy ${i}`);
    }
    tf.dispose([lp, v, h, value, ...Object.values(grads)]);
  });

  it('names a short input', () => {
    assert.throws(
      () => ppoLossJs({ n: 3, logProb: [0, 0], oldLogProb: [0, 0, 0], advantages: [0, 0, 0], values: [0, 0, 0], returns: [0, 0, 0], entropy: [0, 0, 0] }, { clipRange: 0.2, valueCoef: 1, entropyCoef: 0 }, { dLogProb: new Float64Array(3), dValue: new Float64Array(3) }),
      /logProb has 2 values, 3 are needed/,
    );
  });

  it('splits into shards: with total = N, two shards give the whole minibatch\'s per-sample gradients, and their terms add up to its terms', () => {
    const input = { logProb: [0.1, -0.3, 0.4, -0.05, 0.2], oldLogProb: [0, 0, 0.1, 0, 0.3], advantages: [1, -2, 0.5, 3, -1], values: [1, 2, 0, -1, 0.5], returns: [0, 4, 1, -2, 0], entropy: [0.3, 0.5, 0.2, 0.1, 0.4] };
    const coef = { clipRange: 0.2, valueCoef: 0.25, entropyCoef: 0.1 };
    const whole = { dLogProb: new Float64Array(5), dValue: new Float64Array(5) };
    const all = ppoLossJs({ n: 5, ...input }, coef, whole);
    const part = (from: number, to: number) => {
      const g = { dLogProb: new Float64Array(to - from), dValue: new Float64Array(to - from) };
      const slice = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, v.slice(from, to)])) as typeof input;
      return { g, t: ppoLossJs({ n: to - from, total: 5, ...slice }, coef, g) };
    };
    const a = part(0, 3);
    const b = part(3, 5);
    assert.deepEqual([...a.g.dLogProb, ...b.g.dLogProb], [...whole.dLogProb]);
    assert.deepEqual([...a.g.dValue, ...b.g.dValue], [...whole.dValue]);
    const sum = addLossTerms(a.t, b.t);
    for (const k of ['loss', 'policyLoss', 'valueLoss', 'entropy', 'approxKl', 'clipFraction', 'dEntropy'] as const) near(sum[k], all[k], 1e-12, k);
    assert.throws(() => ppoLossJs({ n: 3, total: 2, ...input }, coef, whole), /total must be an integer ≥ n \(3\), got 2/);
  });
});
