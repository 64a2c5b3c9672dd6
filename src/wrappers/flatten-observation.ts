/**
 * `FlattenObservation`: observations as one flat Box vector.
 * @module
 */
import { ObservationWrapper } from '../core/wrapper.ts';
import type { Env } from '../core/env.ts';
import { flatten, flattenSpace } from '../spaces/flatten.ts';
import type { Space } from '../spaces/space.ts';
import type { TypedArray } from '../spaces/dtype.ts';

/** Flattens every observation with `flatten`; the observation space becomes `flattenSpace(inner)`. */
export class FlattenObservation<O, A> extends ObservationWrapper<TypedArray, O, A> {
  private readonly inner: Space<O>;

  constructor(env: Env<O, A>) {
    super(env);
    this.inner = env.observationSpace;
    this.observationSpace = flattenSpace(env.observationSpace);
  }

  observation(obs: O): TypedArray {
    return flatten(this.inner, obs);
  }
}
