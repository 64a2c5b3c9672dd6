import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../agents/tfjs/backend.ts';
import { ppoLoss } from '../../../agents/ppo/ppo-loss.ts';
import { clipByGlobalNorm } from '../../../agents/ppo/grad-clip.ts';
import { createAdam, trainStep } from '../../../agents/ppo/train-step.ts';
import { PAPER_PPO_CONFIG, resolvePPOConfig } from '../../../agents/ppo/config.ts';

const num = (t: tf.Tensor): number => t.dataSync()[0]!;

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`PPO loss (${backend})`, () => {
    before(async () => {
      await initBackend(backend);
    });

    it('matches a hand-computed example', () => {
      // ratios 1.5 and 0.5, advantages +1 and −1, ε = 0.2 → min terms 1.2 and −0.8
      const terms = tf.tidy(() =>
        ppoLoss(
          {
            logProb: tf.tensor1d([Math.log(1.5), Math.log(0.5)]),
            oldLogProb: tf.tensor1d([0, 0]),
            advantages: tf.tensor1d([1, -1]),
            values: tf.tensor1d([1, 2]),
            returns: tf.tensor1d([0, 4]),
            entropy: tf.tensor1d([0.3, 0.5]),
          },
          { clipRange: 0.2, valueCoef: 0.25, entropyCoef: 0.1 },
        ),
      );
      assert.ok(Math.abs(num(terms.policyLoss) - -0.2) < 1e-6);
      assert.ok(Math.abs(num(terms.valueLoss) - 2.5) < 1e-6);
      assert.ok(Math.abs(num(terms.entropy) - 0.4) < 1e-6);
      assert.ok(Math.abs(num(terms.loss) - 0.385) < 1e-6); // −0.2 + 0.25·2.5 − 0.1·0.4
      assert.ok(Math.abs(num(terms.clipFraction) - 1) < 1e-6);
      const kl = (0.5 - Math.log(1.5) + (-0.5 - Math.log(0.5))) / 2;
      assert.ok(Math.abs(num(terms.approxKl) - kl) < 1e-6);
      tf.dispose(Object.values(terms));
    });

    it('masks padded samples out of every mean', () => {
      const terms = tf.tidy(() =>
        ppoLoss(
          {
            logProb: tf.tensor1d([Math.log(1.5), Math.log(0.5)]),
            oldLogProb: tf.tensor1d([0, 0]),
            advantages: tf.tensor1d([1, -1]),
            values: tf.tensor1d([1, 2]),
            returns: tf.tensor1d([0, 4]),
            mask: tf.tensor1d([1, 0]),
          },
          PAPER_PPO_CONFIG,
        ),
      );
      assert.ok(Math.abs(num(terms.policyLoss) - -1.2) < 1e-6);
      assert.ok(Math.abs(num(terms.valueLoss) - 1) < 1e-6);
      tf.dispose(Object.values(terms));
    });

    it('has the PPO gradient: −ρÂ/N inside the clip range, 0 where clipped', () => {
      const logProb = tf.variable(tf.tensor1d([Math.log(1.1), Math.log(1.5)]));
      const { grads, value } = tf.variableGrads(
        () =>
          ppoLoss(
            {
              logProb: logProb as tf.Tensor1D,
              oldLogProb: tf.tensor1d([0, 0]),
              advantages: tf.tensor1d([2, 1]),
              values: tf.tensor1d([0, 0]),
              returns: tf.tensor1d([0, 0]),
            },
            { clipRange: 0.2, valueCoef: 0.5, entropyCoef: 0 },
          ).loss,
        [logProb],
      );
      const g = grads[logProb.name]!.dataSync();
      assert.ok(Math.abs(g[0]! - (-1.1 * 2) / 2) < 1e-5, `got ${g[0]}`);
      assert.ok(Math.abs(g[1]!) < 1e-7);
      tf.dispose([logProb, value, ...Object.values(grads)]);
    });

    it('clips gradients to a global norm', () => {
      tf.tidy(() => {
        const { grads, norm } = clipByGlobalNorm({ a: tf.tensor1d([3]), b: tf.tensor1d([0, 4]) }, 1);
        assert.ok(Math.abs(num(norm) - 5) < 1e-6);
        assert.ok(Math.abs(grads.a!.dataSync()[0]! - 0.6) < 1e-5);
        assert.ok(Math.abs(grads.b!.dataSync()[1]! - 0.8) < 1e-5);
        const loose = clipByGlobalNorm({ a: tf.tensor1d([3]) }, 10);
        assert.equal(loose.grads.a!.dataSync()[0], 3);
        const off = clipByGlobalNorm({ a: tf.tensor1d([3]) }, Infinity);
        assert.equal(off.grads.a!.dataSync()[0], 3);
      });
    });

    it('trainStep lowers the loss, reports metrics and leaks nothing', () => {
      const w = tf.variable(tf.tensor1d([2, -3]));
      const opt = createAdam({ learningRate: 0.1, adamEpsilon: 1e-8 });
      const lossFn = () => {
        const loss = tf.sum(tf.square(w)) as tf.Scalar;
        return { loss, metrics: { first: tf.squeeze(tf.slice(w, [0], [1])) as tf.Scalar } };
      };
      const first = trainStep(opt, [w], lossFn, 0.5);
      assert.ok(Math.abs(first.loss - 13) < 1e-5);
      assert.ok(Math.abs(first.gradNorm - Math.sqrt(16 + 36)) < 1e-4);
      assert.ok(Math.abs(first.metrics.first! - 2) < 1e-6);
      const count = tf.memory().numTensors;
      let last = first.loss;
      for (let i = 0; i < 5; i++) last = trainStep(opt, [w], lossFn, 0.5).loss;
      assert.ok(last < first.loss);
      assert.equal(tf.memory().numTensors, count);
      w.dispose();
    });
  });
}

describe('PPOConfig', () => {
  it('has the paper defaults', () => {
    const c = resolvePPOConfig();
    assert.equal(c.learningRate, 3e-4);
    assert.equal(c.gamma, 0.95);
    assert.equal(c.gaeLambda, 0.95);
    assert.equal(c.clipRange, 0.2);
    assert.equal(c.valueCoef, 0.25);
    assert.equal(c.entropyCoef, 0);
    assert.equal(c.maxGradNorm, 0.5);
    assert.equal(c.batchSize, 128);
    assert.equal(c.seed, 42);
  });

  it('rejects bad and unknown fields by name', () => {
    assert.throws(() => resolvePPOConfig({ gamma: 1.5 }), /PPOConfig\.gamma/);
    assert.throws(() => resolvePPOConfig({ batchSize: 0 }), /PPOConfig\.batchSize/);
    assert.throws(() => resolvePPOConfig({ gama: 0.9 } as never), /no field 'gama'/);
  });
});
