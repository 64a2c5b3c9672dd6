/**
 * A faster `BatchMatMul` for the wasm backend of tfjs 4.22.
 *
 * The wasm kernel is slow whenever `transposeA` or `transposeB` is set (about 10× on a 2000×81 by
 * 2000×128 product), and tfjs's own gradient of `matMul` issues exactly those transposed products, so
 * every backward pass pays for it. The replacement below keeps the original kernel for the plain case
 * and, when a flag is set, first materializes the transposed operand with the wasm `Transpose` kernel,
 * calls the original kernel with both flags cleared, and frees the temporary buffer.
 *
 * Tiny operands (a per-batch matrix of fewer than {@link MIN_TRANSPOSE_ELEMENTS} elements, such as the
 * 4 × 8 blocks of the TTT scan) keep the original transposed kernel: for them it is as fast, and the
 * extra Transpose kernel would only add its fixed per-call cost.
 *
 * The patch is process-global (kernels live in a global registry) and reversible.
 * @module
 */
import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

const KERNEL = 'BatchMatMul';

/** Smallest per-batch matrix (rows × cols) whose transposed product is rerouted (measured crossover). */
export const MIN_TRANSPOSE_ELEMENTS = 512;
const BACKEND = 'wasm';

/** The original wasm kernel while the patch is installed. */
let original: KernelConfig | null = null;

/** Minimal view of the wasm backend used to free temporary buffers. */
interface DisposingBackend {
  disposeData(dataId: object, force?: boolean): boolean;
}

function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

function isLarge(t: TensorInfo): boolean {
  const r = t.shape.length;
  return t.shape[r - 1]! * t.shape[r - 2]! >= MIN_TRANSPOSE_ELEMENTS;
}

function makePatchedKernel(base: KernelConfig, transposeKernel: KernelConfig): KernelFunc {
  return (args) => {
    const attrs = args.attrs as { transposeA?: boolean; transposeB?: boolean } | undefined;
    const inputs = args.inputs as { a: TensorInfo; b: TensorInfo };
    const wantA = attrs?.transposeA === true;
    const wantB = attrs?.transposeB === true;
    const rerouteA = wantA && isLarge(inputs.a);
    const rerouteB = wantB && isLarge(inputs.b);
    if (!rerouteA && !rerouteB) return base.kernelFunc(args);
    const backend = args.backend as unknown as DisposingBackend;
    const temporaries: TensorInfo[] = [];
    const materialize = (t: TensorInfo): TensorInfo => {
      const out = transposeKernel.kernelFunc({
        inputs: { x: t },
        backend: args.backend,
        attrs: { perm: swapLastTwo(t.shape.length) },
      }) as TensorInfo;
      temporaries.push(out);
      return out;
    };
    try {
      const a = rerouteA ? materialize(inputs.a) : inputs.a;
      const b = rerouteB ? materialize(inputs.b) : inputs.b;
      return base.kernelFunc({
        inputs: { a, b },
        backend: args.backend,
        attrs: { ...args.attrs, transposeA: wantA && !rerouteA, transposeB: wantB && !rerouteB },
      });
    } finally {
      for (const t of temporaries) backend.disposeData(t.dataId);
    }
  };
}

/**
 * Installs the transposed-matmul fix on the wasm backend.
 *
 * Safe to call repeatedly (a second call is a no-op). Must run after the wasm backend package has been
 * imported, since that import registers the kernels being replaced.
 *
 * @returns true when the patch is installed after the call, false when the wasm kernels are not
 *   registered (the wasm backend package was never imported).
 */
export function patchWasmBatchMatMul(): boolean {
  if (original !== null) return true;
  const base = getKernel(KERNEL, BACKEND);
  const transposeKernel = getKernel('Transpose', BACKEND);
  if (base === undefined || transposeKernel === undefined) return false;
  const patched: KernelConfig = {
    kernelName: KERNEL,
    backendName: BACKEND,
    kernelFunc: makePatchedKernel(base, transposeKernel),
  };
  if (base.setupFunc !== undefined) patched.setupFunc = base.setupFunc;
  if (base.disposeFunc !== undefined) patched.disposeFunc = base.disposeFunc;
  unregisterKernel(KERNEL, BACKEND);
  registerKernel(patched);
  original = base;
  return true;
}

/** Restores the original wasm `BatchMatMul` kernel (used to measure the patch); no-op if not patched. */
export function unpatchWasmBatchMatMul(): void {
  if (original === null) return;
  unregisterKernel(KERNEL, BACKEND);
  registerKernel(original);
  original = null;
}

/** Whether the wasm `BatchMatMul` kernel is currently the patched one. */
export function isWasmBatchMatMulPatched(): boolean {
  return original !== null;
}
