import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../agents/tfjs/backend.ts';
import { MLP, resolveMLPConfig } from '../../../agents/nn/mlp.ts';
import { orthogonalInit } from '../../../agents/nn/init.ts';
import { Generator } from '../../../src/random/generator.ts';

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`MLP (${backend})`, () => {
    before(async () => {
      await initBackend(backend);
    });

    it('plain-JS batch-1 forward equals the tfjs forward', () => {
      const net = new MLP({ inputDim: 9, outputDim: 5, seed: 3 });
      const rng = new Generator(1);
      const xs = Array.from({ length: 4 }, () => Array.from({ length: 9 }, () => rng.normal()));
      const y = tf.tidy(() => net.apply(tf.tensor2d(xs)).arraySync());
      const inf = net.inference();
      xs.forEach((x, i) => inf.forward(x).forEach((v, j) => assert.ok(Math.abs(v - y[i]![j]!) < 1e-5)));
      net.dispose();
    });

    it('trains without leaking tensors', () => {
      const net = new MLP({ inputDim: 4, outputDim: 2, hidden: [16, 16] });
      const opt = tf.train.adam(1e-2);
      const x = tf.randomNormal([32, 4]) as tf.Tensor2D;
      const loss = () => tf.mean(tf.square(tf.sub(net.apply(x), 1))) as tf.Scalar;
      const l0 = tf.tidy(() => loss().dataSync()[0]!);
      opt.minimize(loss, false, net.variables());
      const count = tf.memory().numTensors;
      for (let i = 0; i < 20; i++) opt.minimize(loss, false, net.variables());
      assert.equal(tf.memory().numTensors, count);
      assert.ok(tf.tidy(() => loss().dataSync()[0]!) < l0);
      opt.dispose();
      x.dispose();
      net.dispose();
    });
  });
}

describe('MLP config and init', () => {
  it('defaults to 2 × 128 and validates fields', () => {
    assert.deepEqual(resolveMLPConfig({ inputDim: 3, outputDim: 1 }).hidden, [128, 128]);
    assert.throws(() => resolveMLPConfig({ inputDim: 3, outputDim: 0 }), /MLPConfig\.outputDim/);
    assert.throws(() => resolveMLPConfig({ inputDim: 3, outputDim: 1, hidden: [128, -1] }), /hidden\[1\]/);
  });

  it('orthogonal init has orthonormal rows (or columns) times the gain', () => {
    for (const [r, c] of [
      [4, 7],
      [7, 4],
    ] as const) {
      const w = orthogonalInit(new Generator(2), r, c, 2);
      const k = Math.min(r, c);
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) {
          let dot = 0;
          for (let i = 0; i < Math.max(r, c); i++) {
            dot += r <= c ? w[a * c + i]! * w[b * c + i]! : w[i * c + a]! * w[i * c + b]!;
          }
          assert.ok(Math.abs(dot - (a === b ? 4 : 0)) < 1e-5);
        }
      }
    }
  });
});
