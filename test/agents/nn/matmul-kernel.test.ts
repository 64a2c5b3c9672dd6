import assert from 'node:assert/strict';
import { initBackend } from '../../../agents/tfjs/backend.ts';
import { backendMatMul, defaultMatMul, jsMatMul, prepareOperand, wasmMatMul } from '../../../agents/nn/matmul-kernel.ts';
import { Generator } from '../../../src/random/generator.ts';

function reference(a: Float32Array, m: number, k: number, b: Float32Array, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) out[i * n + j]! += a[i * k + p]! * b[p * n + j]!;
  return out;
}

const SHAPES: [number, number, number][] = [
  [13, 11, 16], // backend product
  [9, 20, 1], // one output column: JS
  [9, 1, 12], // inner dimension 1 (outer product): JS
  [3, 40, 33],
];

describe('matmul kernels', () => {
  it('jsMatMul multiplies (hand-checked 2×3·3×2)', () => {
    const out = new Float32Array(4);
    jsMatMul(Float32Array.of(1, 2, 3, 4, 5, 6), 2, 3, Float32Array.of(1, 0, 0, 1, 2, -1), 2, out);
    assert.deepEqual([...out], [7, -1, 16, -1]);
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`products agree with a float64 reference on ${backend}`, async () => {
      await initBackend(backend);
      const rng = new Generator(3);
      const kernels = [backendMatMul, defaultMatMul(), ...(backend === 'wasm' ? [wasmMatMul()!] : [])];
      if (backend === 'cpu') assert.equal(wasmMatMul(), null, 'no direct kernel off wasm');
      for (const [m, k, n] of SHAPES) {
        const a = Float32Array.from({ length: m * k }, () => rng.normal());
        const b = Float32Array.from({ length: k * n }, () => rng.normal());
        for (const kernel of kernels) {
          // twice with a changed right operand: nothing may be served from a cache
          for (let round = 0; round < 2; round++) {
            if (round === 1) b[0] = b[0]! + 1;
            const want = reference(a, m, k, b, n);
            const out = new Float32Array(m * n).fill(NaN);
            kernel.matMul(a, m, k, b, n, out);
            out.forEach((v, i) => assert.ok(Math.abs(v - want[i]!) < 1e-4 * (1 + Math.abs(want[i]!)), `[${m}×${k}]·[${k}×${n}] entry ${i}: ${v} vs ${want[i]}`));
          }
        }
      }
    });
  }

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`a prepared operand gives matMul's products bit for bit and ignores later changes to the array it copied (${backend})`, async () => {
      await initBackend(backend);
      const rng = new Generator(4);
      const kernel = defaultMatMul();
      assert.equal(kernel.prepare !== undefined, backend === 'wasm', 'only the direct wasm kernel prepares natively');
      for (const [m, k, n] of SHAPES) {
        const b = Float32Array.from({ length: k * n }, () => rng.normal());
        const frozen = b.slice();
        const prepared = prepareOperand(kernel, b, k, n);
        b.fill(0); // the prepared copy must not see this
        for (const rows of [1, m]) {
          const a = Float32Array.from({ length: rows * k }, () => rng.normal());
          const want = new Float32Array(rows * n);
          kernel.matMul(a, rows, k, frozen, n, want);
          // interleaved with plain products that use the kernel's scratch buffers
          const other = new Float32Array(rows * n);
          kernel.matMul(a, rows, k, b, n, other);
          const got = new Float32Array(rows * n).fill(NaN);
          prepared.multiply(a, rows, got);
          assert.deepEqual(got, want, `[${rows}×${k}]·[${k}×${n}]`);
        }
        prepared.dispose();
        prepared.dispose(); // twice is harmless
        if (backend === 'wasm' && k >= 8 && n >= 8) assert.throws(() => prepared.multiply(new Float32Array(k), 1, new Float32Array(n)), /disposed/);
      }
    });
  }

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`(bᵀ·aᵀ)ᵀ is a·b bit for bit on the same route, thin shapes included (${backend})`, async () => {
      await initBackend(backend);
      const rng = new Generator(5);
      const kernel = defaultMatMul();
      const t = (x: Float32Array, rows: number, cols: number) => {
        const out = new Float32Array(rows * cols);
        for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = x[r * cols + c]!;
        return out;
      };
      for (const [m, k, n] of [[64, 81, 256], [64, 128, 60], [5, 128, 128], [64, 128, 1], [64, 1, 128], [3, 4, 6]] as const) {
        const a = Float32Array.from({ length: m * k }, () => rng.normal());
        const b = Float32Array.from({ length: k * n }, () => rng.normal());
        for (const route of ['js', 'backend'] as const) {
          const c = new Float32Array(m * n);
          const cT = new Float32Array(n * m);
          kernel.matMul(a, m, k, b, n, c, route);
          kernel.matMul(t(b, k, n), n, k, t(a, m, k), m, cT, route);
          assert.deepEqual(t(cT, n, m), c, `[${m}×${k}]·[${k}×${n}] on route ${route}`);
        }
        const js = new Float32Array(m * n);
        const backendOut = new Float32Array(m * n);
        kernel.matMul(a, m, k, b, n, js, 'js');
        kernel.matMul(a, m, k, b, n, backendOut, 'backend');
        if (k >= 64) assert.notDeepEqual(backendOut, js, `[${m}×${k}]·[${k}×${n}]: the routes round differently, so the route was taken`);
      }
    });
  }

  it('prepareOperand names the sizes when the operand is too short', () => {
    assert.throws(() => prepareOperand({ matMul: jsMatMul }, new Float32Array(3), 2, 2), /b needs 2×2 values, got 3/);
  });

  it('names the sizes when an operand is too short', () => {
    assert.throws(() => backendMatMul.matMul(new Float32Array(3), 2, 2, new Float32Array(4), 2, new Float32Array(4)), /\[2×2\]·\[2×2\] \(a 3/);
  });
});
