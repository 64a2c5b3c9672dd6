import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../agents/tfjs/backend.ts';
import { isWasmBatchMatMulPatched, patchWasmBatchMatMul, unpatchWasmBatchMatMul } from '../../../agents/tfjs/matmul-patch.ts';
import { gradientsRegistered } from '../../../agents/tfjs/gradients.ts';
import { isWasmSlicingPatched, patchWasmSlicing, unpatchWasmSlicing } from '../../../agents/tfjs/slice-patch.ts';

describe('initBackend', () => {
  it('chooses a backend, registers gradients and is idempotent', async () => {
    const info = await initBackend();
    assert.ok(['tensorflow', 'wasm', 'cpu'].includes(info.name));
    assert.equal(tf.getBackend(), info.name);
    assert.ok(gradientsRegistered());
    assert.equal(await initBackend(), info);
    // the optional native package is absent here: it must be skipped with a reason, not crash
    if (info.name !== 'tensorflow') assert.equal(info.skipped[0]?.name, 'tensorflow');
  });

  it('switches to an explicitly requested backend', async () => {
    const cpu = await initBackend('cpu');
    assert.equal(cpu.name, 'cpu');
    assert.equal(tf.getBackend(), 'cpu');
    const wasm = await initBackend('wasm');
    assert.equal(wasm.name, 'wasm');
    assert.ok(wasm.matMulPatched);
  });

  it('leaves no process-wide error listeners from the wasm loader behind', async () => {
    await initBackend('wasm');
    // mocha installs its own; the wasm loader's re-throwing listeners must be gone
    for (const l of process.listeners('uncaughtException')) assert.ok(!String(l).includes('ExitStatus'));
  });

  it('rejects an unknown preference', () => {
    assert.throws(() => initBackend('gpu' as never), /preference must be one of/);
  });
});

describe('wasm BatchMatMul patch', () => {
  before(async () => {
    await initBackend('wasm');
  });

  it('gives the same products for every transpose combination, without leaking', () => {
    const a = tf.randomNormal([3, 5, 4]);
    const b = tf.randomNormal([3, 5, 4]);
    const reference = (ta: boolean, tb: boolean): Float32Array =>
      tf.tidy(() => {
        const x = ta ? tf.transpose(a, [0, 2, 1]) : a;
        const y = tb ? tf.transpose(b, [0, 2, 1]) : b;
        return tf.matMul(x, y).dataSync() as Float32Array;
      });
    const combos: [boolean, boolean, tf.Tensor, tf.Tensor][] = [
      [true, false, a, b],
      [false, true, a, b],
    ];
    for (const patched of [true, false]) {
      if (patched) patchWasmBatchMatMul();
      else unpatchWasmBatchMatMul();
      assert.equal(isWasmBatchMatMulPatched(), patched);
      const before = tf.memory().numTensors;
      const dataIds = tf.engine().backend.numDataIds();
      for (const [ta, tb, x, y] of combos) {
        const got = tf.tidy(() => tf.matMul(x, y, ta, tb).dataSync() as Float32Array);
        const want = reference(ta, tb);
        got.forEach((v, i) => assert.ok(Math.abs(v - want[i]!) < 1e-5));
      }
      // both flags on a square case
      const sq = tf.randomNormal([4, 4]);
      const both = tf.tidy(() => tf.matMul(sq, sq, true, true).dataSync() as Float32Array);
      const want = tf.tidy(() => tf.matMul(tf.transpose(sq), tf.transpose(sq)).dataSync() as Float32Array);
      both.forEach((v, i) => assert.ok(Math.abs(v - want[i]!) < 1e-5));
      sq.dispose();
      assert.equal(tf.memory().numTensors, before);
      assert.equal(tf.engine().backend.numDataIds(), dataIds, 'temporary transposes must be freed');
    }
    patchWasmBatchMatMul();
    tf.dispose([a, b]);
  });
});

describe('wasm slicing patch', () => {
  before(async () => {
    await initBackend('wasm');
  });

  it('slices, unstacks and splits like the original kernels, contiguous or strided, without leaking', () => {
    const x = tf.tensor(Float32Array.from({ length: 2 * 3 * 4 }, (_, i) => i), [2, 3, 4]);
    const run = (): number[][] =>
      tf.tidy(() => {
        const outs: tf.Tensor[] = [
          tf.slice(x, [1, 0, 0], [1, 3, 4]), // contiguous
          tf.slice(x, [0, 1, 0], [2, 2, 4]), // strided
          tf.slice(x, [0, 0, 1], [2, 3, 2]), // strided, inner axis
          ...tf.unstack(x), // axis 0: contiguous
          ...tf.unstack(x, 2), // strided
          ...tf.split(x, 2, 0),
          ...tf.split(x, [1, -1], 1),
          ...tf.unstack(tf.tensor([[1, 2]], [1, 2], 'int32')),
        ];
        return outs.map((t) => Array.from(t.dataSync()));
      });
    unpatchWasmSlicing();
    assert.equal(isWasmSlicingPatched(), false);
    const want = run();
    patchWasmSlicing();
    assert.equal(isWasmSlicingPatched(), true);
    const before = tf.memory().numTensors;
    const dataIds = tf.engine().backend.numDataIds();
    const got = run();
    assert.deepEqual(got, want);
    assert.equal(tf.memory().numTensors, before);
    assert.equal(tf.engine().backend.numDataIds(), dataIds);
    // gradients through unstack/slice still work
    const v = tf.variable(tf.ones([3, 2]));
    const { value, grads } = tf.variableGrads(() => {
      const [a, b] = tf.unstack(v);
      return tf.sum(tf.add(tf.mul(a!, 2), tf.slice(b!, [1], [1]))) as tf.Scalar;
    }, [v]);
    // b[1] is broadcast over both entries of 2a, so it collects a gradient of 2
    assert.deepEqual(Array.from(grads[v.name]!.dataSync()), [2, 2, 0, 2, 0, 0]);
    tf.dispose([x, v, value, ...Object.values(grads)]);
  });
});
