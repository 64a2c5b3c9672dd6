/**
 * The error the environment checkers raise where Gymnasium's raise an `AssertionError`.
 * @module
 */
import { GymError } from '../core/errors.ts';

/** An environment breaks the API in a way that cannot be a mere warning. */
export class EnvCheckError extends GymError {
  constructor(message: string) {
    super(message, 'env_check');
  }
}

/** Throws an {@link EnvCheckError} with `message` unless `condition` holds. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new EnvCheckError(message);
}
