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

  it('applyArrays takes the same steps as apply, with the same exportable state', () => {
    const init = [[0.5, -1.5, 2], [0.25, 4]];
    const viaTensors = init.map((v) => tf.variable(tf.tensor1d(v)));
    const viaArrays = init.map((v) => tf.variable(tf.tensor1d(v)));
    const params = init.map((v) => Float32Array.from(v));
    const a = new Adam({ learningRate: 0.05 });
    const b = new Adam({ learningRate: 0.05 });
    for (let step = 0; step < 5; step++) {
      const g = [Float32Array.of(3 - step, -2, 0.5 * step), Float32Array.of(-1, 10 + step)];
      const grads = { [viaTensors[0]!.name]: tf.tensor1d(g[0]!), [viaTensors[1]!.name]: tf.tensor1d(g[1]!) };
      const ia = a.apply(viaTensors, grads, 4);
      const ib = b.applyArrays(viaArrays, params, g, 4);
      assert.ok(Math.abs(ia.gradNorm - ib.gradNorm) < 1e-9 && Math.abs(ia.clipScale - ib.clipScale) < 1e-12);
      assert.ok(ib.clipScale < 1, 'clipping is exercised');
      tf.dispose(Object.values(grads));
    }
    viaTensors.forEach((v, i) => assert.deepEqual([...v.dataSync()], [...params[i]!]));
    viaArrays.forEach((v, i) => assert.deepEqual([...v.dataSync()], init[i]), 'the variables themselves are not written');
    const sa = a.exportState(viaTensors);
    const sb = b.exportState(viaArrays);
    assert.equal(sb.step, 5);
    sa.moments.forEach((m, i) => {
      assert.deepEqual([...m!.m], [...sb.moments[i]!.m]);
      assert.deepEqual([...m!.v], [...sb.moments[i]!.v]);
    });
    assert.throws(() => b.applyArrays(viaArrays, params, [Float32Array.of(1)], 4), /2 variables need as many/);
    tf.dispose([...viaTensors, ...viaArrays]);
  });

  it('validates its hyper-parameters by name', () => {
    assert.throws(() => new Adam({ learningRate: 0 }), /learningRate/);
    assert.throws(() => new Adam({ learningRate: 1e-3, beta2: 1 }), /beta2/);
  });
});
