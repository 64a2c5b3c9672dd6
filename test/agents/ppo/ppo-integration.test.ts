import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../agents/tfjs/backend.ts';
import { TTTLinear } from '../../../agents/nn/ttt-linear.ts';
import { Bernoulli } from '../../../agents/nn/bernoulli.ts';
import { ppoLoss } from '../../../agents/ppo/ppo-loss.ts';
import { Adam } from '../../../agents/ppo/adam.ts';
import { trainStep } from '../../../agents/ppo/train-step.ts';
import { normalizeAdvantages } from '../../../agents/ppo/advantages.ts';
import { Generator } from '../../../src/random/generator.ts';

/**
 * A tiny end-to-end check of the pieces together: a TTT policy, rolled out token by token in plain JS,
 * trained with the batched forward and the PPO-clip loss on a task whose answer is in the observation
 * (act 1 when the first feature is 1). The rollout and the training forward must agree (ratio 1 on the
 * first epoch), and the policy must learn.
 */
describe('PPO with a TTT policy (integration)', () => {
  before(async () => {
    await initBackend('wasm');
  });

  it('rollout log-probs match the training forward and the policy learns the task', () => {
    const B = 8;
    const T = 8;
    const dist = new Bernoulli(1);
    const net = new TTTLinear({ inputDim: 2, outputDim: 1, hidden: 8, heads: 2, intermediate: 8, headGain: 0.01, seed: 3 });
    const opt = new Adam({ learningRate: 0.02 });
    const rng = new Generator(9);
    let firstAccuracy = 0;
    let lastAccuracy = 0;
    for (let iter = 0; iter < 12; iter++) {
      const inf = net.inference();
      const obs = new Float32Array(B * T * 2);
      const actions = new Float32Array(B * T);
      const oldLogProb = new Float32Array(B * T);
      const rewards = new Float32Array(B * T);
      let correctProb = 0;
      for (let s = 0; s < B; s++) {
        const state = inf.createState();
        for (let t = 0; t < T; t++) {
          const i = s * T + t;
          const bit = rng.random() < 0.5 ? 1 : 0;
          obs[2 * i] = bit;
          obs[2 * i + 1] = 1 - bit;
          const logits = inf.step(state, obs.subarray(2 * i, 2 * i + 2));
          const a = dist.sample(logits, rng);
          actions[i] = a[0]!;
          oldLogProb[i] = dist.logProbJs(logits, a);
          rewards[i] = a[0] === bit ? 1 : 0;
          const p1 = 1 / (1 + Math.exp(-logits[0]!));
          correctProb += bit === 1 ? p1 : 1 - p1;
        }
      }
      const accuracy = correctProb / (B * T);
      if (iter === 0) firstAccuracy = accuracy;
      lastAccuracy = accuracy;
      const adv = normalizeAdvantages(rewards);
      const obsT = tf.tensor3d(obs, [B, T, 2]);
      const actT = tf.tensor2d(actions, [B * T, 1]);
      const oldT = tf.tensor1d(oldLogProb);
      const advT = tf.tensor1d(adv);
      const zeros = tf.zeros([B * T]) as tf.Tensor1D;
      for (let epoch = 0; epoch < 4; epoch++) {
        const result = trainStep(
          opt,
          net.variables(),
          () => {
            const logits = tf.reshape(net.apply(obsT), [B * T, 1]) as tf.Tensor2D;
            const terms = ppoLoss(
              { logProb: dist.logProb(logits, actT), oldLogProb: oldT, advantages: advT, values: zeros, returns: zeros },
              { clipRange: 0.2, valueCoef: 0, entropyCoef: 0 },
            );
            return { loss: terms.loss, metrics: { approxKl: terms.approxKl, clipFraction: terms.clipFraction } };
          },
          0.5,
        );
        if (epoch === 0) {
          // same parameters as in the rollout: every ratio is 1
          assert.ok(result.metrics.approxKl! < 1e-6, `approxKl ${result.metrics.approxKl}`);
          assert.equal(result.metrics.clipFraction, 0);
        }
      }
      tf.dispose([obsT, actT, oldT, advT, zeros]);
    }
    if (process.env.SHOW_PPO) console.log(`accuracy ${firstAccuracy} → ${lastAccuracy}`);
    assert.ok(firstAccuracy < 0.6, `initial accuracy ${firstAccuracy}`);
    assert.ok(lastAccuracy > 0.8, `accuracy after training ${lastAccuracy}`);
    net.dispose();
  });
});
