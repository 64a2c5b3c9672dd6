/**
 * Linear-time `Slice`, `Unpack` and `SplitV` on the wasm backend of tfjs 4.22.
 *
 * The wasm slice reads its input with `backend.readSync`, which copies the whole input tensor out of
 * the wasm heap on every call; `Unpack` (`tf.unstack`) and `SplitV` (`tf.split`) call that slice once per
 * output, so cutting a tensor into n pieces copies it n times. The batched TTT forward unstacks its
 * per-mini-batch operators (25 pieces of a 128k-element tensor per network), which made those few calls
 * the most expensive kernels of a training step.
 *
 * The replacements handle every slice that is one contiguous range of the input (always the case for
 * axis 0, the layout the TTT code uses) by copying just that range between views of the heap, and fall
 * back to the original kernels for anything else (strided slices, strings). Process-global and
 * reversible, like {@link patchWasmBatchMatMul}.
 * @module
 */
import { getKernel, registerKernel, slice_util, unregisterKernel, util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

const BACKEND = 'wasm';
const KERNELS = ['Slice', 'Unpack', 'SplitV'] as const;

/** The parts of the wasm backend used here. */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

let originals: Map<string, KernelConfig> | null = null;

/** Copies `size` elements of `x` starting at flat `offset` into a new tensor of `shape`. */
function copyRange(backend: WasmHeapBackend, x: TensorInfo, offset: number, size: number, shape: number[]): TensorInfo {
  const out = backend.makeOutput(shape, x.dtype); // may grow the heap: take the views afterwards
  if (size > 0) {
    const src = backend.typedArrayFromHeap(x);
    backend.typedArrayFromHeap(out).set(src.subarray(offset, offset + size));
  }
  return out;
}

function contiguousPiece(x: TensorInfo, begin: number[], size: number[]): number | null {
  if (x.dtype === 'string' || !slice_util.isSliceContinous(x.shape, begin, size)) return null;
  return slice_util.computeFlatOffset(begin, util.computeStrides(x.shape));
}

function fastSlice(base: KernelConfig): KernelFunc {
  return (args) => {
    const x = (args.inputs as { x: TensorInfo }).x;
    const attrs = args.attrs as { begin: number | number[]; size?: number | number[] };
    const [begin, size] = slice_util.parseSliceParams(x, attrs.begin, attrs.size);
    const offset = contiguousPiece(x, begin!, size!);
    if (offset === null) return base.kernelFunc(args);
    return copyRange(args.backend as unknown as WasmHeapBackend, x, offset, util.sizeFromShape(size!), size!);
  };
}

/** Cuts `x` along `axis` into consecutive pieces of the given sizes, or returns null if not contiguous. */
function cutAlong(backend: WasmHeapBackend, x: TensorInfo, axis: number, sizes: number[], squeeze: boolean): TensorInfo[] | null {
  const begin = new Array<number>(x.shape.length).fill(0);
  const plan: { offset: number; size: number[] }[] = [];
  for (const s of sizes) {
    const size = [...x.shape];
    size[axis] = s;
    const offset = contiguousPiece(x, begin, size);
    if (offset === null) return null;
    plan.push({ offset, size });
    begin[axis]! += s;
  }
  return plan.map(({ offset, size }) => {
    const shape = squeeze ? size.filter((_, i) => i !== axis) : size;
    return copyRange(backend, x, offset, util.sizeFromShape(size), shape);
  });
}

function fastUnpack(base: KernelConfig): KernelFunc {
  return (args) => {
    const x = (args.inputs as { value: TensorInfo }).value;
    let axis = (args.attrs as { axis: number }).axis;
    if (axis < 0) axis += x.shape.length;
    const pieces = cutAlong(args.backend as unknown as WasmHeapBackend, x, axis, new Array<number>(x.shape[axis]!).fill(1), true);
    return pieces ?? base.kernelFunc(args);
  };
}

function fastSplitV(base: KernelConfig): KernelFunc {
  return (args) => {
    const x = (args.inputs as { x: TensorInfo }).x;
    const attrs = args.attrs as { numOrSizeSplits: number | number[]; axis: number };
    const axis = util.parseAxisParam(attrs.axis, x.shape)[0]!;
    const n = x.shape[axis]!;
    let sizes: number[];
    if (typeof attrs.numOrSizeSplits === 'number') {
      sizes = new Array<number>(attrs.numOrSizeSplits).fill(n / attrs.numOrSizeSplits);
    } else {
      sizes = [...attrs.numOrSizeSplits];
      const free = sizes.indexOf(-1);
      if (free !== -1) sizes[free] = n - sizes.reduce((a, b) => a + (b === -1 ? 0 : b), 0);
    }
    if (sizes.some((s) => !Number.isInteger(s))) return base.kernelFunc(args);
    const pieces = cutAlong(args.backend as unknown as WasmHeapBackend, x, axis, sizes, false);
    return pieces ?? base.kernelFunc(args);
  };
}

const FACTORIES: Record<(typeof KERNELS)[number], (base: KernelConfig) => KernelFunc> = {
  Slice: fastSlice,
  Unpack: fastUnpack,
  SplitV: fastSplitV,
};

/**
 * Installs the linear-time slicing kernels on the wasm backend (idempotent).
 * @returns true when installed, false when the wasm kernels are not registered.
 */
export function patchWasmSlicing(): boolean {
  if (originals !== null) return true;
  const found = new Map<string, KernelConfig>();
  for (const name of KERNELS) {
    const k = getKernel(name, BACKEND);
    if (k === undefined) return false;
    found.set(name, k);
  }
  for (const name of KERNELS) {
    const base = found.get(name)!;
    const patched: KernelConfig = { kernelName: name, backendName: BACKEND, kernelFunc: FACTORIES[name](base) };
    if (base.setupFunc !== undefined) patched.setupFunc = base.setupFunc;
    if (base.disposeFunc !== undefined) patched.disposeFunc = base.disposeFunc;
    unregisterKernel(name, BACKEND);
    registerKernel(patched);
  }
  originals = found;
  return true;
}

/** Restores the original wasm slicing kernels; no-op if not patched. */
export function unpatchWasmSlicing(): void {
  if (originals === null) return;
  for (const [name, base] of originals) {
    unregisterKernel(name, BACKEND);
    registerKernel(base);
  }
  originals = null;
}

/** Whether the wasm slicing kernels are currently the patched ones. */
export function isWasmSlicingPatched(): boolean {
  return originals !== null;
}
