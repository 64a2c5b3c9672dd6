/**
 * `RescaleAction`: a Box action space mapped affinely onto a new range.
 * @module
 */
import { ActionWrapper } from '../core/wrapper.ts';
import type { Env } from '../core/env.ts';
import { Box } from '../spaces/box.ts';
import { InvalidArgument } from '../core/errors.ts';
import type { TypedArray } from '../spaces/dtype.ts';
import { allocate } from '../spaces/dtype.ts';

/**
 * Accepts actions in `[minAction, maxAction]` and maps them linearly onto the wrapped environment's Box
 * bounds (which must be finite).
 *
 * @example
 * ```ts
 * class Dial extends Env<Float32Array, Float32Array> {
 *   observationSpace = new Box(0, 10, [1], 'float32') as Box<Float32Array>;
 *   actionSpace = new Box(0, 10, [1], 'float32') as Box<Float32Array>;
 *   override reset(args: ResetArgs = {}): [Float32Array, Info] {
 *     super.reset(args);
 *     return [Float32Array.of(0), {}];
 *   }
 *   step(a: Float32Array): StepResult<Float32Array> {
 *     return [a, 0, true, false, {}];
 *   }
 * }
 * const env = new RescaleAction(new Dial(), -1, 1); // the agent acts in [-1, 1], Dial receives [0, 10]
 * env.reset({ seed: 0 });
 * env.step(Float32Array.of(0)); // Dial receives 5
 * ```
 */
export class RescaleAction<O> extends ActionWrapper<O, TypedArray, TypedArray> {
  private readonly inner: Box;
  private readonly outer: Box;

  constructor(env: Env<O, TypedArray>, minAction: number | ArrayLike<number>, maxAction: number | ArrayLike<number>) {
    super(env);
    const space = env.actionSpace;
    if (!(space instanceof Box) || !space.isBounded()) {
      throw new InvalidArgument(`RescaleAction needs a bounded Box action space; got ${String(space)}.`);
    }
    this.inner = space;
    this.outer = new Box(minAction, maxAction, space.shape, space.dtype);
    for (let i = 0; i < this.outer.size; i++) {
      const lo = this.outer.low[i]!;
      const hi = this.outer.high[i]!;
      if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) {
        throw new InvalidArgument(
          `RescaleAction needs finite minAction < maxAction at every entry; entry ${i} has minAction=${lo}, maxAction=${hi}.`,
        );
      }
    }
    this.actionSpace = this.outer;
  }

  action(action: TypedArray): TypedArray {
    const out = allocate(this.inner.dtype, this.inner.size);
    for (let i = 0; i < out.length; i++) {
      const lo = this.outer.low[i]!;
      const hi = this.outer.high[i]!;
      const frac = (action[i]! - lo) / (hi - lo);
      out[i] = this.inner.low[i]! + frac * (this.inner.high[i]! - this.inner.low[i]!);
    }
    return out;
  }
}
