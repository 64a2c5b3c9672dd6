/**
 * `ClipAction`: Box actions clipped into the action space's bounds.
 * @module
 */
import { ActionWrapper } from '../core/wrapper.ts';
import type { Env } from '../core/env.ts';
import { Box } from '../spaces/box.ts';
import { InvalidArgument } from '../core/errors.ts';
import type { TypedArray } from '../spaces/dtype.ts';
import { allocate, dtypeRange } from '../spaces/dtype.ts';

/**
 * Clips every action entry into `[low, high]` of the wrapped Box action space; the wrapper's action space
 * is the unbounded Box of the same shape and dtype (for integer dtypes, the dtype's whole range), so any
 * finite action is accepted.
 */
export class ClipAction<O> extends ActionWrapper<O, TypedArray, TypedArray> {
  private readonly inner: Box;

  constructor(env: Env<O, TypedArray>) {
    super(env);
    const space = env.actionSpace;
    if (!(space instanceof Box)) throw new InvalidArgument(`ClipAction needs a Box action space; got ${String(space)}.`);
    this.inner = space;
    // integer Boxes cannot be unbounded: their widest range is the dtype's
    const [lo, hi] = dtypeRange(space.dtype);
    this.actionSpace = new Box(lo, hi, space.shape, space.dtype);
  }

  action(action: TypedArray): TypedArray {
    const out = allocate(this.inner.dtype, this.inner.size);
    for (let i = 0; i < out.length; i++) out[i] = Math.min(Math.max(action[i]!, this.inner.low[i]!), this.inner.high[i]!);
    return out;
  }
}
