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

  it('gives the same products for every transpose combination and size, without leaking', () => {
    // small operands keep the original kernel, large ones (≥ MIN_TRANSPOSE_ELEMENTS per matrix) are rerouted
    for (const [rows, inner, cols] of [
      [3, 5, 4],
      [40, 30, 20],
      [6, 100, 7],
    ] as const) {
      const a = tf.randomNormal([2, inner, rows]);
      const b = tf.randomNormal([2, cols, inner]);
      const want = tf.tidy(() => tf.matMul(tf.transpose(a, [0, 2, 1]), tf.transpose(b, [0, 2, 1])).dataSync() as Float32Array);
      for (const patched of [true, false]) {
        if (patched) patchWasmBatchMatMul();
        else unpatchWasmBatchMatMul();
        assert.equal(isWasmBatchMatMulPatched(), patched);
        const before = tf.memory().numTensors;
        const dataIds = tf.engine().backend.numDataIds();
        const both = tf.tidy(() => tf.matMul(a, b, true, true).dataSync() as Float32Array);
        const onlyA = tf.tidy(() => tf.matMul(a, tf.transpose(b, [0, 2, 1]), true, false).dataSync() as Float32Array);
        const onlyB = tf.tidy(() => tf.matMul(tf.transpose(a, [0, 2, 1]), b, false, true).dataSync() as Float32Array);
        for (const got of [both, onlyA, onlyB]) got.forEach((v, i) => assert.ok(Math.abs(v - want[i]!) < 1e-4));
        assert.equal(tf.memory().numTensors, before);
        assert.equal(tf.engine().backend.numDataIds(), dataIds, 'temporary transposes must be freed');
      }
      tf.dispose([a, b]);
    }
    patchWasmBatchMatMul();
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
