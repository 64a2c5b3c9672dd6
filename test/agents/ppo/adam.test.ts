import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../agents/tfjs/backend.ts';
import { Adam } from '../../../agents/ppo/adam.ts';

describe('Adam (plain JS)', () => {
  before(async () => {
    await initBackend('cpu');
  });

  it('follows the same trajectory as tf.train.adam', () => {
    const init = [0.5, -1.5, 2];
    const a = tf.variable(tf.tensor1d(init));
    const b = tf.variable(tf.tensor1d(init));
    const mine = new Adam({ learningRate: 0.05, epsilon: 1e-7 });
    const theirs = tf.train.adam(0.05, 0.9, 0.999, 1e-7);
    const loss = (v: tf.Variable) => () => tf.sum(tf.mul(tf.square(tf.sub(v, 1)), tf.tensor1d([1, 3, 0.5]))) as tf.Scalar;
    for (let i = 0; i < 10; i++) {
      const { value, grads } = tf.variableGrads(loss(a), [a]);
      mine.apply([a], grads);
      tf.dispose([value, ...Object.values(grads)]);
      theirs.minimize(loss(b), false, [b]);
    }
    const x = a.dataSync();
    const y = b.dataSync();
    x.forEach((v, i) => assert.ok(Math.abs(v - y[i]!) < 1e-5, `${v} vs ${y[i]}`));
    assert.equal(mine.steps, 10);
    theirs.dispose();
    tf.dispose([a, b]);
  });

  it('clips the global gradient norm before the update', () => {
    const w = tf.variable(tf.tensor1d([0, 0]));
    const opt = new Adam({ learningRate: 0.1 });
    const grads = { [w.name]: tf.tensor1d([30, 40]) };
    const info = opt.apply([w], grads, 5);
    assert.ok(Math.abs(info.gradNorm - 50) < 1e-4);
    assert.ok(Math.abs(info.clipScale - 0.1) < 1e-6);
    // the first Adam step moves every coordinate by about lr·sign(g), whatever the scale
    w.dataSync().forEach((v) => assert.ok(Math.abs(v + 0.1) < 1e-4));
    tf.dispose([w, ...Object.values(grads)]);
  });

  it('validates its hyper-parameters by name', () => {
    assert.throws(() => new Adam({ learningRate: 0 }), /learningRate/);
    assert.throws(() => new Adam({ learningRate: 1e-3, beta2: 1 }), /beta2/);
  });
});
