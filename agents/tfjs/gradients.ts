/**
 * Gradient registration for tfjs-core.
 *
 * tfjs-core on its own registers no gradient functions, so differentiating any op fails with
 * "gradient function not found". The Node bundle of `@tensorflow/tfjs-layers` registers every gradient
 * config of core into the shared global registry when it is loaded; importing core's own
 * `register_all_gradients` file does not work under Node ESM (extensionless internal imports).
 * @module
 */
import { getGradient } from '@tensorflow/tfjs-core';

let loading: Promise<void> | null = null;

/**
 * Makes sure the gradient functions of tfjs-core are registered (idempotent).
 *
 * @throws Error when, after loading tfjs-layers, a basic gradient is still missing (two different copies
 *   of tfjs-core are installed; run `npm ls @tensorflow/tfjs-core` and dedupe).
 */
export function ensureGradients(): Promise<void> {
  if (gradientsRegistered()) return Promise.resolve();
  loading ??= import('@tensorflow/tfjs-layers').then(() => {
    if (!gradientsRegistered()) {
      loading = null;
      throw new Error(
        'Loading @tensorflow/tfjs-layers did not register the tfjs-core gradients: it resolved a different copy ' +
          'of @tensorflow/tfjs-core. Run `npm ls @tensorflow/tfjs-core` and make sure a single 4.22.0 copy is installed.',
      );
    }
  });
  return loading;
}

/** Whether gradient functions are registered (checks a few ops every training step needs). */
export function gradientsRegistered(): boolean {
  return ['Mean', 'BatchMatMul', 'Sigmoid', 'Softplus'].every((op) => getGradient(op) !== undefined);
}
