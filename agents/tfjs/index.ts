/**
 * tfjs runtime for the learning agents: backend selection and the wasm kernel fixes.
 * @module
 */
export { activeBackendName, initBackend } from './backend.ts';
export type { BackendInfo, BackendName, BackendPreference, InitBackendOptions } from './backend.ts';
export { ensureGradients, gradientsRegistered } from './gradients.ts';
export { isWasmBatchMatMulPatched, MIN_TRANSPOSE_ELEMENTS, patchWasmBatchMatMul, unpatchWasmBatchMatMul } from './matmul-patch.ts';
export { isWasmSlicingPatched, patchWasmSlicing, unpatchWasmSlicing } from './slice-patch.ts';
