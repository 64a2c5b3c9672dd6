/**
 * Choosing and initializing the tfjs backend for the learning agents.
 *
 * Order of preference: `tensorflow` (native libtensorflow through the optional `@tensorflow/tfjs-node`),
 * then `wasm` (single-threaded SIMD under Node, with two kernel fixes: the transposed matmul of
 * {@link patchWasmBatchMatMul} and the linear-time slicing of {@link patchWasmSlicing}), then the
 * pure-JS `cpu` backend. Gradient functions are registered on the
 * way (see {@link ensureGradients}). The chosen name is returned so callers can print it and record it
 * in result files.
 *
 * @example
 * ```ts
 * const info = await initBackend();        // best available
 * console.log(`tfjs backend: ${info.name}`);
 * await initBackend('cpu');                // switch, e.g. in tests
 * ```
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { ensureGradients } from './gradients.ts';
import { isWasmBatchMatMulPatched, patchWasmBatchMatMul } from './matmul-patch.ts';
import { isWasmSlicingPatched, patchWasmSlicing } from './slice-patch.ts';

/** A backend this project can run on. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** What {@link initBackend} accepts: a backend to try first, or `'auto'` for the default order. */
export type BackendPreference = BackendName | 'auto';

/** The outcome of {@link initBackend}. */
export interface BackendInfo {
  /** The active backend. */
  readonly name: BackendName;
  /** What was asked for. */
  readonly preference: BackendPreference;
  /** Whether the wasm transposed-matmul fix is installed (always false for other backends). */
  readonly matMulPatched: boolean;
  /** Whether the wasm linear-time slicing fix is installed (always false for other backends). */
  readonly slicingPatched: boolean;
  /** tfjs-core version string. */
  readonly tfjsVersion: string;
  /** Backends tried before the chosen one, each with the reason it was not used. */
  readonly skipped: readonly { readonly name: BackendName; readonly reason: string }[];
}

/** Options of {@link initBackend}. */
export interface InitBackendOptions {
  /** Install the wasm BatchMatMul fix (default true; false only to measure its effect). */
  readonly patchMatMul?: boolean;
  /** Install the wasm Slice/Unpack/SplitV fix (default true; false only to measure its effect). */
  readonly patchSlicing?: boolean;
}

const ORDER: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];
const NATIVE_PACKAGE = '@tensorflow/tfjs-node';

let current: { key: string; info: Promise<BackendInfo> } | null = null;

function isBackendPreference(value: unknown): value is BackendPreference {
  return value === 'auto' || (typeof value === 'string' && (ORDER as readonly string[]).includes(value));
}

function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const firstLine = text.split('\n')[0] ?? text;
  return firstLine.length > 300 ? `${firstLine.slice(0, 300)}…` : firstLine;
}

/**
 * Runs `load` and removes any `uncaughtException` / `unhandledRejection` listener it installed.
 *
 * The Emscripten loader of the wasm backend installs listeners that re-throw every uncaught error from
 * inside the listener, which turns any later crash into a dump of the minified loader source; removing
 * them restores Node's normal behaviour (which also ends the process on such errors).
 */
async function withoutProcessListeners<T>(load: () => Promise<T>): Promise<T> {
  const emitter = process as unknown as NodeJS.EventEmitter;
  const events = ['uncaughtException', 'unhandledRejection'];
  const before = new Map(events.map((e) => [e, new Set(emitter.listeners(e))]));
  try {
    return await load();
  } finally {
    for (const e of events) {
      for (const listener of emitter.listeners(e)) {
        if (!before.get(e)!.has(listener)) emitter.removeListener(e, listener as (...args: unknown[]) => void);
      }
    }
  }
}

async function tryTensorflow(): Promise<void> {
  if (tf.findBackend('tensorflow') === null) {
    // A non-literal specifier keeps the optional native package out of type checking and bundling.
    const specifier: string = NATIVE_PACKAGE;
    await import(specifier);
  }
  if (tf.findBackendFactory('tensorflow') === null) {
    throw new Error(
      `${NATIVE_PACKAGE} loaded but registered no 'tensorflow' backend in this copy of @tensorflow/tfjs-core ` +
        '(version mismatch?); run `npm ls @tensorflow/tfjs-core`.',
    );
  }
  if (!(await tf.setBackend('tensorflow'))) throw new Error("tf.setBackend('tensorflow') failed to initialize.");
}

async function tryWasm(options: InitBackendOptions): Promise<{ matMul: boolean; slicing: boolean }> {
  await withoutProcessListeners(async () => {
    await import('@tensorflow/tfjs-backend-wasm');
    if (!(await tf.setBackend('wasm'))) {
      throw new Error("tf.setBackend('wasm') failed to initialize (the .wasm binary could not be loaded).");
    }
    await tf.ready();
  });
  return {
    matMul: options.patchMatMul !== false ? patchWasmBatchMatMul() : isWasmBatchMatMulPatched(),
    slicing: options.patchSlicing !== false ? patchWasmSlicing() : isWasmSlicingPatched(),
  };
}

async function tryCpu(): Promise<void> {
  await import('@tensorflow/tfjs-backend-cpu');
  if (!(await tf.setBackend('cpu'))) throw new Error("tf.setBackend('cpu') failed to initialize.");
  // The cpu backend prints an install hint for tfjs-node on its first tensor; the choice was deliberate.
  const cpu = tf.backend() as unknown as { firstUse?: boolean };
  if (typeof cpu.firstUse === 'boolean') cpu.firstUse = false;
}

async function initialize(preference: BackendPreference, options: InitBackendOptions): Promise<BackendInfo> {
  await ensureGradients();
  const order = preference === 'auto' ? ORDER : [preference, ...ORDER.filter((n) => n !== preference)];
  const skipped: { name: BackendName; reason: string }[] = [];
  for (const name of order) {
    try {
      let patched = { matMul: false, slicing: false };
      if (name === 'tensorflow') await tryTensorflow();
      else if (name === 'wasm') patched = await tryWasm(options);
      else await tryCpu();
      return {
        name,
        preference,
        matMulPatched: patched.matMul,
        slicingPatched: patched.slicing,
        tfjsVersion: tf.version_core,
        skipped,
      };
    } catch (err) {
      skipped.push({ name, reason: errorText(err) });
    }
  }
  throw new Error(
    'No tfjs backend could be initialized: ' +
      skipped.map((s) => `${s.name}: ${s.reason}`).join('; ') +
      '. Reinstall dependencies with `npm ci` (the cpu backend needs only @tensorflow/tfjs-backend-cpu).',
  );
}

/**
 * Initializes the tfjs backend (idempotent) and returns which one is active.
 *
 * With `'auto'` (the default) the order is tensorflow → wasm → cpu; with a backend name that one is
 * tried first and the rest of that order is the fallback. Any error while loading a backend (a missing
 * optional package, a native binding that fails to load, a wasm binary that cannot be read) moves on
 * to the next one and is recorded in {@link BackendInfo.skipped}. Calling again with the same arguments
 * returns the same result; calling with a different preference switches backend (existing variables
 * move to the new backend on first use).
 *
 * @param preference `'auto'`, `'tensorflow'`, `'wasm'` or `'cpu'`.
 * @param options see {@link InitBackendOptions}.
 * @throws TypeError for an unknown preference; Error when no backend at all can be initialized.
 */
export function initBackend(
  preference: BackendPreference = 'auto',
  options: InitBackendOptions = {},
): Promise<BackendInfo> {
  if (!isBackendPreference(preference)) {
    throw new TypeError(
      `initBackend: preference must be one of 'auto', ${ORDER.map((n) => `'${n}'`).join(', ')}; ` +
        `got ${JSON.stringify(preference)}.`,
    );
  }
  const key = `${preference}|${options.patchMatMul !== false}|${options.patchSlicing !== false}`;
  if (current !== null && current.key === key) return current.info;
  const info = initialize(preference, options);
  current = { key, info };
  info.catch(() => {
    if (current?.info === info) current = null;
  });
  return info;
}

/** The active backend's name as reported by tfjs (for logging), e.g. `'wasm'`. */
export function activeBackendName(): string {
  return tf.getBackend();
}
