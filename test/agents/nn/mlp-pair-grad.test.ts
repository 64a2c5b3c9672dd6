import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../agents/tfjs/backend.ts';
import { MLP } from '../../../agents/nn/mlp.ts';
import { MlpPairGrad } from '../../../agents/nn/mlp-pair-grad.ts';
import { backendMatMul, jsMatMul, wasmMatMul } from '../../../agents/nn/matmul-kernel.ts';
import type { MatMulKernel } from '../../../agents/nn/matmul-kernel.ts';
import { Generator } from '../../../src/random/generator.ts';

function randomArray(rng: Generator, n: number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => scale * rng.normal());
}

/** Largest |a − b| / (1 + |b|) over the entries. */
function maxRelErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / (1 + Math.abs(b[i]!)));
  return worst;
}

/**
 * The hand-derived gradients against tfjs's autodiff of the same loss, Σ G⊙actor(X) + Σ g⊙critic(X),
 * for random weights (biases too, so that no term vanishes), inputs and upstream gradients.
 */
function compareWithAutodiff(kernel: MatMulKernel, backend: string): void {
  const rng = new Generator(17);
  // different hidden widths for actor and critic, so the fused first layer's offsets matter
  const actorWidths = [11, 16, 12, 9];
  const criticWidths = [11, 10, 1];
  const actor = new MLP({ inputDim: 11, outputDim: 9, hidden: [16, 12], headGain: 1, seed: 3 });
  const critic = new MLP({ inputDim: 11, outputDim: 1, hidden: [10], seed: 4 });
  try {
    const rows = 13;
    for (const net of [actor, critic]) {
      const w: Record<string, Float32Array> = {};
      for (const name of net.params.names()) w[name] = randomArray(rng, net.params.get(name).size, 0.5);
      net.params.write(w);
    }
    const x = randomArray(rng, rows * 11);
    const gA = randomArray(rng, rows * 9);
    const gC = randomArray(rng, rows);
    const { value, grads } = tf.variableGrads(() => {
      const xt = tf.tensor2d(x, [rows, 11]);
      const a = tf.sum(tf.mul(actor.apply(xt), tf.tensor2d(gA, [rows, 9])));
      const c = tf.sum(tf.mul(critic.apply(xt), tf.tensor2d(gC, [rows, 1])));
      return tf.add(a, c) as tf.Scalar;
    }, [...actor.variables(), ...critic.variables()]);
    const aW = actor.variables().map((v) => v.dataSync().slice() as Float32Array);
    const cW = critic.variables().map((v) => v.dataSync().slice() as Float32Array);
    const pair = new MlpPairGrad(actorWidths, criticWidths, 16, kernel);
    const out = pair.forward(x, rows, aW, cW);
    const refA = tf.tidy(() => actor.apply(tf.tensor2d(x, [rows, 11])).dataSync());
    const refC = tf.tidy(() => critic.apply(tf.tensor2d(x, [rows, 11])).dataSync());
    assert.ok(maxRelErr(out.params, refA) < 1e-5, `${backend}: actor outputs`);
    assert.ok(maxRelErr(out.values, refC) < 1e-5, `${backend}: critic outputs`);
    const aG = aW.map((w) => new Float32Array(w.length).fill(NaN));
    const cG = cW.map((w) => new Float32Array(w.length).fill(NaN));
    pair.backward(gA, gC, aG, cG);
    const check = (net: MLP, mine: Float32Array[], who: string) => {
      net.variables().forEach((v, i) => {
        const ref = grads[v.name]!.dataSync();
        let scale = 0;
        for (const r of ref) scale = Math.max(scale, Math.abs(r));
        assert.ok(scale > 1e-3, `${who} ${net.params.names()[i]}: the reference gradient must not vanish`);
        const err = maxRelErr(mine[i]!, ref);
        assert.ok(err < 2e-5, `${backend}: ${who} gradient of ${net.params.names()[i]} differs by ${err}`);
      });
    };
    check(actor, aG, 'actor');
    check(critic, cG, 'critic');
    tf.dispose([value, ...Object.values(grads)]);
  } finally {
    actor.dispose();
    critic.dispose();
  }
}

describe('MlpPairGrad', () => {
  it('gives every parameter the gradient of tfjs autodiff (cpu backend, JS products)', async () => {
    await initBackend('cpu');
    compareWithAutodiff({ matMul: jsMatMul }, 'cpu/js');
  });

  it('gives every parameter the gradient of tfjs autodiff (wasm backend products)', async () => {
    await initBackend('wasm');
    compareWithAutodiff(backendMatMul, 'wasm');
  });

  it('gives every parameter the gradient of tfjs autodiff (direct wasm products)', async () => {
    await initBackend('wasm');
    const kernel = wasmMatMul();
    assert.ok(kernel !== null, 'the direct kernel is available on the wasm backend');
    compareWithAutodiff(kernel, 'wasm direct');
  });

  it('handles a smaller batch after a larger one with the same buffers', async () => {
    await initBackend('cpu');
    const rng = new Generator(5);
    const pair = new MlpPairGrad([4, 8, 3], [4, 8, 1], 6, { matMul: jsMatMul });
    const actor = new MLP({ inputDim: 4, outputDim: 3, hidden: [8], headGain: 1, seed: 1 });
    const critic = new MLP({ inputDim: 4, outputDim: 1, hidden: [8], seed: 2 });
    try {
      const aW = actor.variables().map((v) => v.dataSync().slice() as Float32Array);
      const cW = critic.variables().map((v) => v.dataSync().slice() as Float32Array);
      const x = randomArray(rng, 6 * 4);
      pair.forward(x, 6, aW, cW);
      const out = pair.forward(x.subarray(0, 2 * 4), 2, aW, cW);
      const ref = tf.tidy(() => actor.apply(tf.tensor2d(x.subarray(0, 8), [2, 4])).dataSync());
      assert.equal(out.params.length, 6);
      assert.ok(maxRelErr(out.params, ref) < 1e-5);
    } finally {
      actor.dispose();
      critic.dispose();
    }
  });

  it('rejects mismatched shapes by name', () => {
    assert.throws(() => new MlpPairGrad([4, 3], [4, 8, 1], 6), /actor widths/);
    assert.throws(() => new MlpPairGrad([4, 8, 3], [5, 8, 1], 6), /same input/);
    const pair = new MlpPairGrad([4, 8, 3], [4, 8, 1], 6, { matMul: jsMatMul });
    const w = (n: number) => new Float32Array(n);
    assert.throws(() => pair.forward(w(28), 7, [w(32), w(8), w(24), w(3)], [w(32), w(8), w(8), w(1)]), /rows/);
    assert.throws(() => pair.forward(w(24), 6, [w(32), w(8), w(24)], [w(32), w(8), w(8), w(1)]), /actor needs 4 arrays/);
    assert.throws(() => pair.backward(w(18), w(6), [], []), /call forward first/);
  });
});
