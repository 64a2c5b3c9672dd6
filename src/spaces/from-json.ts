/**
 * Rebuilds spaces from their JSON form.
 * @module
 */
import type { Space } from './space.ts';
import { Box } from './box.ts';
import { Discrete } from './discrete.ts';
import { MultiDiscrete } from './multi-discrete.ts';
import { MultiBinary } from './multi-binary.ts';
import { Dict } from './dict.ts';
import { Tuple } from './tuple.ts';
import { checkDType } from './dtype.ts';
import { boundsFromJSON } from './space-json.ts';
import type { SpaceJSON } from './space-json.ts';

/**
 * The inverse of `space.toJSON()`: `spaceFromJSON(s.toJSON()).equals(s)` holds for every space.
 *
 * @example
 * ```ts
 * const box = spaceFromJSON({ type: 'Box', shape: [2], dtype: 'float32', low: [0, 0], high: ['inf', 1] });
 * ```
 * @throws {TypeError | RangeError} naming the part of the description that is wrong (e.g. `space.spaces.a.n`).
 */
export function spaceFromJSON(json: SpaceJSON | unknown, path = 'space'): Space<unknown> {
  if (json === null || typeof json !== 'object') throw new TypeError(`${path} must be an object with a "type" field.`);
  const j = json as Record<string, unknown>;
  try {
    return build(j, path);
  } catch (e) {
    // constructors only know their own field names; prefix where in the description the problem is
    if (!(e instanceof Error) || e.message.startsWith(path)) throw e;
    const message = `${path}: ${e.message}`;
    throw e instanceof RangeError ? new RangeError(message) : new TypeError(message);
  }
}

function build(j: Record<string, unknown>, path: string): Space<unknown> {
  switch (j.type) {
    case 'Box':
      return new Box(
        boundsFromJSON(j.low, `${path}.low`),
        boundsFromJSON(j.high, `${path}.high`),
        j.shape as number[],
        checkDType(j.dtype, `${path}.dtype`),
      );
    case 'Discrete':
      return new Discrete(j.n as number, (j.start as number | undefined) ?? 0);
    case 'MultiDiscrete':
      return new MultiDiscrete(j.nvec as number[], j.start as number[] | undefined);
    case 'MultiBinary':
      // a one-dimensional shape comes back as the count, as `new MultiBinary(n)` was most likely written
      return new MultiBinary(Array.isArray(j.shape) && j.shape.length === 1 ? (j.shape[0] as number) : (j.shape as number[]));
    case 'Dict': {
      if (j.spaces === null || typeof j.spaces !== 'object') throw new TypeError(`${path}.spaces must be an object.`);
      const spaces: Record<string, Space<unknown>> = {};
      for (const [k, v] of Object.entries(j.spaces as Record<string, unknown>)) spaces[k] = spaceFromJSON(v, `${path}.spaces.${k}`);
      return new Dict(spaces);
    }
    case 'Tuple': {
      if (!Array.isArray(j.spaces)) throw new TypeError(`${path}.spaces must be an array.`);
      return new Tuple(j.spaces.map((v, i) => spaceFromJSON(v, `${path}.spaces[${i}]`)));
    }
    default:
      throw new TypeError(
        `${path}.type must be one of Box, Discrete, MultiDiscrete, MultiBinary, Dict, Tuple; got ${JSON.stringify(j.type)}.`,
      );
  }
}
