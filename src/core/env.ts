/**
 * The `Env` base class: Gymnasium's environment API in TypeScript.
 * @module
 */
import type { Space } from '../spaces/space.ts';
import { Generator, npRandom } from '../random/generator.ts';
import type { EnvSpec } from '../registry/env-spec.ts';

/** Auxiliary diagnostic information returned by `reset` and `step`. */
export type Info = Record<string, unknown>;

/** Arguments of {@link Env.reset}. */
export interface ResetArgs {
  /** Reseeds the environment's generator when given; omitted, the generator continues its stream. */
  seed?: number;
  /** Environment-specific reset options. */
  options?: Record<string, unknown>;
}

/** What {@link Env.step} returns: `[observation, reward, terminated, truncated, info]`. */
export type StepResult<Obs> = [obs: Obs, reward: number, terminated: boolean, truncated: boolean, info: Info];

/** Static facts about an environment, as Gymnasium's `metadata`. */
export interface EnvMetadata {
  /** Render modes the environment supports, e.g. `['ansi']`. */
  renderModes: string[];
  /** Frames per second of rendering, when rendering is supported. */
  renderFps?: number;
  [key: string]: unknown;
}

/**
 * Base class of every environment.
 *
 * Subclasses set `observationSpace` and `actionSpace`, implement `step`, and override `reset`, calling
 * `super.reset(args)` first so that a given seed reseeds {@link Env.npRandom}. The generator is reseeded
 * only when `reset` receives a seed, exactly as in Gymnasium.
 *
 * @example
 * ```ts
 * class Coin extends Env<number, number> {
 *   observationSpace = new Discrete(2);
 *   actionSpace = new Discrete(2);
 *   override reset(args: ResetArgs = {}): [number, Info] {
 *     super.reset(args);
 *     return [this.npRandom.integers(0, 2), {}];
 *   }
 *   step(guess: number): StepResult<number> {
 *     const flip = this.npRandom.integers(0, 2);
 *     return [flip, guess === flip ? 1 : 0, true, false, {}];
 *   }
 * }
 * ```
 */
export abstract class Env<Obs = unknown, Act = unknown> {
  /** The space of observations. */
  abstract readonly observationSpace: Space<Obs>;
  /** The space of actions. */
  abstract readonly actionSpace: Space<Act>;

  private _metadata: EnvMetadata = { renderModes: [] };
  private _renderMode: string | null = null;
  private _spec: EnvSpec | null = null;
  private _rng: Generator | null = null;
  private _rngSeed: number | null = null;
  private _closed = false;

  /** Render modes and fps. */
  get metadata(): EnvMetadata {
    return this._metadata;
  }
  set metadata(value: EnvMetadata) {
    this._metadata = value;
  }

  /** The render mode chosen at construction, or `null`. */
  get renderMode(): string | null {
    return this._renderMode;
  }
  set renderMode(value: string | null) {
    this._renderMode = value;
  }

  /** The registry entry the environment was made from, or `null` when constructed directly. */
  get spec(): EnvSpec | null {
    return this._spec;
  }
  set spec(value: EnvSpec | null) {
    this._spec = value;
  }

  /** The environment's generator; created from OS entropy on first use when never seeded. */
  get npRandom(): Generator {
    if (this._rng === null) [this._rng, this._rngSeed] = npRandom();
    return this._rng;
  }
  set npRandom(value: Generator) {
    this._rng = value;
    this._rngSeed = -1;
  }

  /** The seed the generator was last built from (-1 when it was assigned directly). */
  get npRandomSeed(): number {
    if (this._rngSeed === null) void this.npRandom;
    return this._rngSeed!;
  }

  /** `true` once {@link Env.close} was called. */
  get closed(): boolean {
    return this._closed;
  }

  /**
   * Starts a new episode. The base implementation only reseeds the generator when `args.seed` is given;
   * subclasses call it first and then build and return the initial observation and info.
   */
  reset(args: ResetArgs = {}): [Obs, Info] {
    if (args.seed !== undefined) [this._rng, this._rngSeed] = npRandom(args.seed);
    return [undefined as unknown as Obs, {}];
  }

  /** Advances the environment by one step. */
  abstract step(action: Act): StepResult<Obs>;

  /** Renders the current state in {@link Env.renderMode}; `null` when rendering is off. */
  render(): unknown {
    return null;
  }

  /** Releases resources. Calling it again is allowed and does nothing. */
  close(): void {
    this._closed = true;
  }

  /** The innermost environment (this one, for an environment that is not a wrapper). */
  get unwrapped(): Env<unknown, unknown> {
    return this as Env<unknown, unknown>;
  }

  /** `<ClassName<id>>`, as Gymnasium prints environments. */
  toString(): string {
    return this.spec === null ? `<${this.constructor.name} instance>` : `<${this.constructor.name}<${this.spec.id}>>`;
  }
}
