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
 * Base class of every environment: a partially observed Markov decision process that an agent drives one
 * step at a time, with Gymnasium's semantics.
 *
 * The life of an environment: construct it (or `make(id)` it), call {@link Env.reset} to start an episode,
 * call {@link Env.step} with one action at a time until it reports `terminated` or `truncated`, call `reset`
 * again for the next episode, and call {@link Env.close} when done. {@link Env.render} may be called at any
 * point after a reset.
 *
 * Subclasses set `observationSpace` and `actionSpace`, implement `step`, and override `reset`, calling
 * `super.reset(args)` first so that a given seed reseeds {@link Env.npRandom}. The generator is reseeded
 * only when `reset` receives a seed, exactly as in Gymnasium. Everything random in an environment must be
 * drawn from `npRandom`, so that the seed alone determines the episode.
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
   * Starts a new episode and returns its first observation and an info object.
   *
   * Seeding: with `args.seed` the environment's generator ({@link Env.npRandom}) is rebuilt from that seed,
   * so the same seed and the same actions always give the same episode. Without a seed the generator
   * carries on from where it was, so consecutive resets give different episodes; an environment that has
   * never been seeded draws its generator from OS entropy. Seed once, on the first reset after construction,
   * and leave the seed out afterwards, unless an exact episode should be replayed.
   *
   * `args.options` carries environment-specific choices for this episode (each environment documents the
   * keys it reads; an unknown key is refused by environments that validate them).
   *
   * The returned info holds auxiliary data of the episode's start (for example the static description of
   * the system); it is for diagnosis and for rule-based agents, and is never required to act.
   *
   * Reset must be called before the first {@link Env.step}, and again after a step has returned
   * `terminated` or `truncated` (the `OrderEnforcing` wrapper of `make` refuses a step before a reset).
   *
   * The base implementation only reseeds the generator; subclasses call it first and then build and
   * return the initial observation and info.
   *
   * @returns `[observation, info]`: an element of {@link Env.observationSpace} and a plain object.
   */
  reset(args: ResetArgs = {}): [Obs, Info] {
    if (args.seed !== undefined) [this._rng, this._rngSeed] = npRandom(args.seed);
    return [undefined as unknown as Obs, {}];
  }

  /**
   * Applies one action and advances the environment by one step.
   *
   * Returns `[observation, reward, terminated, truncated, info]`:
   * - `observation` — an element of {@link Env.observationSpace}: what the agent sees after the action;
   * - `reward` — a finite number, the reward of taking `action` in the previous state (environments that
   *   minimize a cost return its negative);
   * - `terminated` — `true` when the episode reached a terminal state of the task itself (the auction
   *   cleared, the goal was reached): no reward follows, so a learner must not bootstrap a value from
   *   `observation`;
   * - `truncated` — `true` when the episode was cut by a condition outside the task, most often a time limit
   *   (`TimeLimit`, `maxEpisodeSteps`); the state is not terminal, so a learner should bootstrap from
   *   `observation`. Both flags may be `true` at once (terminated takes precedence for bootstrapping);
   * - `info` — auxiliary, environment-specific data of the step (cost breakdowns, metrics, the applied
   *   action); useful for logging and evaluation, not part of the Markov state the agent must use.
   *
   * After a step that returned `terminated` or `truncated`, the episode is over: the next call must be
   * {@link Env.reset}; stepping on is undefined behaviour (a vector environment resets its sub-environments
   * itself, see its autoreset mode).
   *
   * An action outside {@link Env.actionSpace} is an error: environments throw a message naming the field
   * and the expected values (or, where the model says so, project it onto the feasible set and report the
   * applied action in `info`).
   */
  abstract step(action: Act): StepResult<Obs>;

  /**
   * Renders the current state in the {@link Env.renderMode} chosen at construction (Gymnasium's
   * convention: the mode is fixed when the environment is made, not per call). `ansi` returns a string;
   * other modes are environment-specific and listed in `metadata.renderModes`. Returns `null` when the
   * environment was made without a render mode. Call it after `reset`; it does not change the state or
   * draw randomness (implementations must keep it so).
   */
  render(): unknown {
    return null;
  }

  /**
   * Releases what the environment holds (worker threads, sockets, files). After `close` the environment
   * must not be stepped or reset. Calling it again is allowed and does nothing; wrappers close the
   * environment they wrap.
   */
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
