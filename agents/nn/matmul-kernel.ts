/**
 * Matrix products on plain Float32Arrays for the hand-derived MLP gradient ({@link MlpPairGrad}): the
 * products go to the tfjs backend (on wasm, XNNPACK's SIMD kernels), everything else of a training step
 * stays in plain JavaScript. Only the plain case `A·B` is offered (no transposed operands): the wasm
 * backend's transposed products take a slower path, and the callers can lay their operands out
 * transposed for free while they write them.
 *
 * Products with a thin side (fewer than {@link THIN} rows of the inner or the output dimension, such as
 * the critic's one output) are computed in JavaScript: the backend's fixed per-call cost is larger than
 * their arithmetic.
 *
 * On the wasm backend, {@link wasmMatMul} calls the backend's `BatchMatMul` function directly on three
 * buffers of the wasm heap it owns (no tensors, no engine bookkeeping, no fresh output buffer per
 * call): through tfjs ops, a 128×128 product spent about as long in tensor creation, the kernel
 * dispatch and reading the result out (a new ArrayBuffer per read) as in the arithmetic.
 * {@link defaultMatMul} picks it when the wasm backend is active and falls back to {@link backendMatMul}.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/** Inner or output dimensions below this run in plain JavaScript (see the module description). */
export const THIN = 8;

/**
 * Where a product runs: `'auto'` by its shape (thin ones in JavaScript, see {@link THIN}), `'js'` in
 * JavaScript, `'backend'` on the backend whatever its shape. A caller that computes a product in another
 * orientation (`bᵀ·aᵀ` for `a·b`) routes it by the shape it stands for, so that it rounds alike: both
 * JavaScript and the backends sum each output over the inner dimension in order, so `(bᵀ·aᵀ)ᵀ` is `a·b`
 * bit for bit on the same route.
 */
export type MatMulRoute = 'auto' | 'js' | 'backend';

/** Whether a product with inner dimension `k` and `n` output columns is thin (computed in JavaScript by `'auto'`). */
export function isThin(k: number, n: number): boolean {
  return k < THIN || n < THIN;
}

/** `out[m×n] = a[m×k] · b[k×n]`, all row-major. */
export interface MatMulKernel {
  /** Multiplies; `out` must not alias `a` or `b`. `route` (default `'auto'`) is a request a kernel may ignore. */
  matMul(a: Float32Array, m: number, k: number, b: Float32Array, n: number, out: Float32Array, route?: MatMulRoute): void;
  /**
   * Keeps a copy of `b` ready for many products with it (see {@link PreparedOperand}); kernels without it
   * get {@link prepareOperand}'s plain fallback.
   */
  prepare?(b: Float32Array, k: number, n: number): PreparedOperand;
}

/**
 * A right operand `b[k×n]` copied once for many products `a·b` (a policy's weights during a rollout). On
 * the wasm backend the copy stays registered with the backend, so XNNPACK packs it once instead of on
 * every product (packing a 128×128 operand costs about as much as a 64-row product with it). The products
 * are the same, bit for bit, as {@link MatMulKernel.matMul}'s with the same operands.
 */
export interface PreparedOperand {
  /** Inner dimension. */
  readonly k: number;
  /** Output columns. */
  readonly n: number;
  /** `out[m×n] = a[m×k] · b`; `out` must not alias `a`. */
  multiply(a: Float32Array, m: number, out: Float32Array): void;
  /** Releases the copy (the backend's memory on wasm); the operand must not be used afterwards. */
  dispose(): void;
}

/**
 * `kernel.prepare(b, k, n)` when the kernel has it, else a copy of `b` multiplied with `kernel.matMul`.
 *
 * @example
 * ```ts
 * const w = prepareOperand({ matMul: jsMatMul }, new Float32Array([1, 2, 3, 4]), 2, 2);
 * const out = new Float32Array(2);
 * w.multiply(new Float32Array([1, 1]), 1, out);
 * console.log(Array.from(out));   // [ 4, 6 ]
 * w.dispose();
 * ```
 * @throws RangeError when `b` is shorter than `k·n`.
 */
export function prepareOperand(kernel: MatMulKernel, b: Float32Array, k: number, n: number): PreparedOperand {
  if (b.length < k * n) throw new RangeError(`prepareOperand: b needs ${k}×${n} values, got ${b.length}.`);
  if (kernel.prepare !== undefined) return kernel.prepare(b, k, n);
  const copy = b.slice(0, k * n);
  return {
    k,
    n,
    multiply: (a, m, out) => kernel.matMul(a, m, k, copy, n, out),
    dispose: () => {},
  };
}

/**
 * `out = a·b` in plain JavaScript (float32 products summed in float64 per output row of four), for
 * thin products and as the reference in tests.
 */
export function jsMatMul(a: Float32Array, m: number, k: number, b: Float32Array, n: number, out: Float32Array): void {
  if (n === 1) {
    for (let i = 0; i < m; i++) {
      let s = 0;
      const ai = i * k;
      for (let p = 0; p < k; p++) s += a[ai + p]! * b[p]!;
      out[i] = s;
    }
    return;
  }
  if (k === 1) {
    for (let i = 0; i < m; i++) {
      const av = a[i]!;
      const oi = i * n;
      for (let j = 0; j < n; j++) out[oi + j] = av * b[j]!;
    }
    return;
  }
  const acc = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    acc.fill(0);
    const ai = i * k;
    for (let p = 0; p < k; p++) {
      const av = a[ai + p]!;
      if (av === 0) continue;
      const bp = p * n;
      for (let j = 0; j < n; j++) acc[j]! += av * b[bp + j]!;
    }
    const oi = i * n;
    for (let j = 0; j < n; j++) out[oi + j] = acc[j]!;
  }
}

function checkSizes(a: Float32Array, m: number, k: number, b: Float32Array, n: number, out: Float32Array): void {
  if (a.length < m * k || b.length < k * n || out.length < m * n) {
    throw new RangeError(
      `matMul: operands too short for [${m}×${k}]·[${k}×${n}] (a ${a.length}, b ${b.length}, out ${out.length} values).`,
    );
  }
}

/** The products on the active tfjs backend, thin ones in JavaScript (see the module description). */
export const backendMatMul: MatMulKernel = {
  matMul(a, m, k, b, n, out, route = 'auto') {
    checkSizes(a, m, k, b, n, out);
    if (route === 'js' || (route === 'auto' && isThin(k, n))) {
      jsMatMul(a, m, k, b, n, out);
      return;
    }
    const ta = tf.tensor2d(a.length === m * k ? a : a.subarray(0, m * k), [m, k], 'float32');
    const tb = tf.tensor2d(b.length === k * n ? b : b.subarray(0, k * n), [k, n], 'float32');
    const prod = tf.matMul(ta, tb);
    try {
      out.set(prod.dataSync() as Float32Array);
    } finally {
      tf.dispose([ta, tb, prod]);
    }
  },
};

/** The parts of tfjs-backend-wasm 4.22's backend object that {@link wasmMatMul} uses. */
interface WasmBackendView {
  dataIdNextNumber: number;
  wasm: {
    HEAPF32: Float32Array;
    _malloc(bytes: number): number;
    _free(ptr: number): void;
    cwrap(name: string, ret: null, args: string[]): (...args: unknown[]) => void;
    tfjs: { registerTensor(id: number, size: number, offset: number): void; disposeData(id: number): void };
  };
}

function asWasmBackend(backend: unknown): WasmBackendView | null {
  const b = backend as Partial<WasmBackendView> | null;
  const w = b?.wasm;
  if (b === null || typeof b.dataIdNextNumber !== 'number' || w === undefined) return null;
  const ok = typeof w.cwrap === 'function' && typeof w._malloc === 'function' && typeof w._free === 'function' && typeof w.tfjs?.registerTensor === 'function' && typeof w.tfjs.disposeData === 'function';
  return ok ? (b as WasmBackendView) : null;
}

const shapeCache = new Map<number, Uint8Array>();

/** The bytes of the int32 shape `[1, rows, cols]` the wasm function reads (cached per shape). */
function shapeBytes(rows: number, cols: number): Uint8Array {
  const key = rows * 65536 + cols;
  let bytes = shapeCache.get(key);
  if (bytes === undefined) {
    bytes = new Uint8Array(new Int32Array([1, rows, cols]).buffer);
    if (rows < 65536 && cols < 65536) shapeCache.set(key, bytes);
  }
  return bytes;
}

const wasmKernels = new WeakMap<object, MatMulKernel>();

/**
 * The direct wasm product (see the module description) for the active backend, or null when the
 * active backend is not tfjs's wasm backend (or not the version whose internals it knows).
 *
 * One kernel per backend instance, kept for the life of the process: three heap buffers (grown as
 * needed, about 0.4 MB for the `ppo` agent's layers) and three tensor ids reserved from the backend's
 * counter. Each call registers the buffers under those ids, runs `BatchMatMul`, copies the result out
 * and unregisters them — which also drops XNNPACK's packed copy of the right operand, so a changed
 * operand is never served from a stale cache.
 */
export function wasmMatMul(): MatMulKernel | null {
  if (tf.getBackend() !== 'wasm') return null;
  const backend = tf.backend();
  const cached = wasmKernels.get(backend);
  if (cached !== undefined) return cached;
  const be = asWasmBackend(backend);
  if (be === null) return null;
  const { wasm } = be;
  const run = wasm.cwrap('BatchMatMul', null, ['number', 'array', 'number', 'number', 'array', 'number', 'number', 'number', 'number']);
  const ids = [be.dataIdNextNumber++, be.dataIdNextNumber++, be.dataIdNextNumber++] as const;
  const offsets = [0, 0, 0];
  const capacity = [0, 0, 0];
  const reserve = (slot: number, floats: number): number => {
    if (capacity[slot]! < floats) {
      if (capacity[slot]! > 0) wasm._free(offsets[slot]!);
      offsets[slot] = wasm._malloc(floats * 4) >>> 0;
      capacity[slot] = floats;
    }
    return offsets[slot]!;
  };
  const product = (aId: number, m: number, k: number, bId: number, n: number, out: Float32Array, a: Float32Array): void => {
    const aOff = reserve(0, m * k);
    const oOff = reserve(2, m * n);
    wasm.HEAPF32.set(a.length === m * k ? a : a.subarray(0, m * k), aOff >>> 2);
    wasm.tfjs.registerTensor(aId, m * k, aOff);
    wasm.tfjs.registerTensor(ids[2], m * n, oOff);
    try {
      run(aId, shapeBytes(m, k), 3, bId, shapeBytes(k, n), 3, 0, 0, ids[2]);
      out.set(wasm.HEAPF32.subarray(oOff >>> 2, (oOff >>> 2) + m * n));
    } finally {
      wasm.tfjs.disposeData(aId);
      wasm.tfjs.disposeData(ids[2]);
    }
  };
  const kernel: MatMulKernel = {
    prepare(b, k, n) {
      if (b.length < k * n) throw new RangeError(`prepare: b needs ${k}×${n} values, got ${b.length}.`);
      if (isThin(k, n)) return prepareOperand({ matMul: jsMatMul }, b, k, n);
      const id = be.dataIdNextNumber++;
      const off = wasm._malloc(k * n * 4) >>> 0;
      wasm.HEAPF32.set(b.subarray(0, k * n), off >>> 2);
      wasm.tfjs.registerTensor(id, k * n, off);
      let live = true;
      return {
        k,
        n,
        multiply(a, m, out) {
          if (!live) throw new Error('PreparedOperand.multiply: the operand was disposed.');
          if (a.length < m * k || out.length < m * n) {
            throw new RangeError(`PreparedOperand.multiply: operands too short for [${m}×${k}]·[${k}×${n}] (a ${a.length}, out ${out.length} values).`);
          }
          product(ids[0], m, k, id, n, out, a);
        },
        dispose() {
          if (!live) return;
          live = false;
          wasm.tfjs.disposeData(id);
          wasm._free(off);
        },
      };
    },
    matMul(a, m, k, b, n, out, route = 'auto') {
      checkSizes(a, m, k, b, n, out);
      if (route === 'js' || (route === 'auto' && isThin(k, n))) {
        jsMatMul(a, m, k, b, n, out);
        return;
      }
      const bOff = reserve(1, k * n);
      wasm.HEAPF32.set(b.length === k * n ? b : b.subarray(0, k * n), bOff >>> 2);
      wasm.tfjs.registerTensor(ids[1], k * n, bOff);
      try {
        product(ids[0], m, k, ids[1], n, out, a);
      } finally {
        wasm.tfjs.disposeData(ids[1]);
      }
    },
  };
  wasmKernels.set(backend, kernel);
  return kernel;
}

/** {@link wasmMatMul} when the wasm backend is active, else {@link backendMatMul}. */
export function defaultMatMul(): MatMulKernel {
  return wasmMatMul() ?? backendMatMul;
}
