/**
 * Values of spaces on the wire: giving typed arrays their space's shape before sending, and explaining why
 * a received value is not an element of a space (membership by value, and the message of an
 * `invalid_action` reply).
 * @module
 */
import type { Space } from '../../src/spaces/space.ts';
import { Dict } from '../../src/spaces/dict.ts';
import { Tuple } from '../../src/spaces/tuple.ts';
import { type TypedArray, dtypeOf } from '../../src/spaces/dtype.ts';
import { Shaped, wireShapeOf } from './array-codec.ts';

/**
 * Wraps the typed arrays of `value` (an element, or a batch, of `space`) in {@link Shaped} when the
 * space's shape has other than one dimension, so that they travel with their shape. Other values pass.
 */
export function withShapes(space: Space<unknown>, value: unknown): unknown {
  if (space instanceof Dict) {
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const sub = space.spaces[k];
      out[k] = sub === undefined ? v : withShapes(sub, v);
    }
    return out;
  }
  if (space instanceof Tuple) {
    if (!Array.isArray(value)) return value;
    return value.map((v, i) => (space.spaces[i] === undefined ? v : withShapes(space.spaces[i]!, v)));
  }
  const shape = space.shape;
  if (shape === null || shape.length === 1 || dtypeOf(value) === null) return value;
  const a = value as TypedArray;
  let n = 1;
  for (const d of shape) n *= d;
  return n === a.length ? new Shaped(a, shape) : value;
}

function fmt(v: unknown): string {
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (v === null || v === undefined) return String(v);
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(v as unknown as ArrayLike<number>).length})`;
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') return `a map with keys ${Object.keys(v).join(', ') || '(none)'}`;
  return `${typeof v} ${JSON.stringify(v)}`;
}

/**
 * Why `x` (as decoded from the wire) is not an element of `space`, naming the first offending part, e.g.
 * `action.local[3] must be within [0, 1]; got 1.5`: the space's own membership rule (`Space.explain`),
 * told the shapes arrays had on the wire. Call it only when {@link isMember} is false.
 */
export function explainNonMember(space: Space<unknown>, x: unknown, path = 'action'): string {
  const why = space.explain(x, path, WIRE) ?? `${path} is not an element of ${space.toString()}`;
  return / must be within \[/.test(why) ? `${why} (actions are rejected, never clipped)` : why;
}

const WIRE = { shapeOf: wireShapeOf };

/**
 * Membership by value (`Space.explain`, see `src/spaces/membership.ts`): `true` when `x` has the space's
 * structure, size and shape (arrays as they were on the wire) and every entry is within the bounds
 * (integers where the space is integral, never NaN). The element type of a typed array does not matter,
 * because the server passes actions to the env exactly as a local caller would.
 */
export function isMember(space: Space<unknown>, x: unknown): boolean {
  return space.explain(x, 'action', WIRE) === null;
}

/**
 * Turns plain (nested) number lists inside `value` into typed arrays of the space's element type
 * (`Space.fromLists`). Vector envs slice batched actions as typed arrays, so the server applies this to
 * batched actions (after checking them with {@link isMember}).
 */
export function coerceArrays(space: Space<unknown>, value: unknown): unknown {
  return space.fromLists(value);
}
