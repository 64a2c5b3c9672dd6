/**
 * The `VectorEnv` base class: several environments stepped as one batch.
 * @module
 */
import type { Space } from '../spaces/space.ts';
import type { EnvSpec } from '../registry/env-spec.ts';
import type { EnvMetadata } from '../core/env.ts';
import type { AutoresetMode } from './autoreset-mode.ts';
import type { VectorInfo } from './vector-info.ts';

/** Arguments of {@link VectorEnv.reset}. */
export interface VectorResetArgs {
  /** One seed (sub-environment `i` gets `seed + i`) or one per sub-environment (`undefined` = not reseeded). */
  seed?: number | readonly (number | undefined)[];
  /**
   * Options given to every (reset) sub-environment; `reset_mask` (one boolean per sub-environment, at least
   * one true) resets only the flagged ones and is not passed on.
   */
  options?: Record<string, unknown>;
}

/** What {@link VectorEnv.step} returns. */
export type VectorStepResult<Obs> = [
  obs: Obs,
  rewards: Float64Array,
  terminations: boolean[],
  truncations: boolean[],
  infos: VectorInfo,
];

/** Metadata of a vector environment, including its autoreset mode. */
export interface VectorEnvMetadata extends EnvMetadata {
  autoresetMode: AutoresetMode;
}

/**
 * Base class of vector environments. `observationSpace`/`actionSpace` are the batched spaces;
 * `singleObservationSpace`/`singleActionSpace` those of one sub-environment.
 *
 * @typeParam Obs batched observation type.
 * @typeParam Act batched action type.
 */
export abstract class VectorEnv<Obs = unknown, Act = unknown> {
  /** Number of sub-environments. */
  abstract readonly numEnvs: number;
  /** Batched observation space. */
  abstract readonly observationSpace: Space<Obs>;
  /** Batched action space. */
  abstract readonly actionSpace: Space<Act>;
  /** Observation space of one sub-environment. */
  abstract readonly singleObservationSpace: Space<unknown>;
  /** Action space of one sub-environment. */
  abstract readonly singleActionSpace: Space<unknown>;
  /** Render modes and the autoreset mode. */
  abstract readonly metadata: VectorEnvMetadata;
  /** The registry entry of the sub-environments, when made with `makeVec`. */
  spec: EnvSpec | null = null;

  /** Resets all (or the masked) sub-environments. */
  abstract reset(args?: VectorResetArgs): [Obs, VectorInfo];
  /** Steps every sub-environment with its slice of `actions`. */
  abstract step(actions: Act): VectorStepResult<Obs>;
  /** Closes every sub-environment; calling it again does nothing. */
  abstract close(): void;

  /** The inner environment objects' `renderMode`. */
  get renderMode(): string | null {
    return null;
  }

  /** `<ClassName(id, n)>`. */
  toString(): string {
    return `<${this.constructor.name}(${this.spec?.id ?? 'unregistered'}, ${this.numEnvs})>`;
  }
}

/** Expands a vector reset seed into one seed per sub-environment. */
export function expandSeeds(seed: VectorResetArgs['seed'], n: number): (number | undefined)[] {
  if (seed === undefined) return new Array<undefined>(n).fill(undefined);
  if (typeof seed === 'number') return Array.from({ length: n }, (_, i) => seed + i);
  if (seed.length !== n) throw new RangeError(`reset seed array must have numEnvs=${n} entries; got ${seed.length}.`);
  return [...seed];
}

/**
 * Reads `reset_mask` (or `resetMask`) from reset options: one boolean (or 0/1) per sub-environment, at least
 * one set. Returns the mask and the options without it.
 * @throws {RangeError} naming the problem when the mask is malformed.
 */
export function readResetMask(options: Record<string, unknown> | undefined, n: number): [boolean[] | null, Record<string, unknown> | undefined] {
  if (options === undefined) return [null, undefined];
  const raw = options.reset_mask ?? options.resetMask;
  if (raw === undefined) return [null, options];
  const rest = { ...options };
  delete rest.reset_mask;
  delete rest.resetMask;
  const entries = typeof raw === 'object' && raw !== null ? Array.from(raw as ArrayLike<unknown>) : null;
  if (entries === null || entries.length !== n) {
    throw new RangeError(`options.reset_mask must be an array of ${n} booleans; got ${JSON.stringify(raw)}.`);
  }
  const bad = entries.findIndex((v) => typeof v !== 'boolean' && v !== 0 && v !== 1);
  if (bad !== -1) {
    throw new RangeError(`options.reset_mask entries must be booleans (or 0/1); entry ${bad} is ${JSON.stringify(entries[bad])}.`);
  }
  const mask = entries.map(Boolean);
  if (!mask.some(Boolean)) throw new RangeError('options.reset_mask must flag at least one sub-environment.');
  return [mask, rest];
}
