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
 * const env = new RescaleAction(inner, -1, 1); // agent acts in [-1, 1]
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
