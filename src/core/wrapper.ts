/**
 * Wrapper base classes: an environment that forwards to another one and changes part of its behaviour.
 * @module
 */
import { Env, type EnvMetadata, type Info, type ResetArgs, type StepResult } from './env.ts';
import type { Space } from '../spaces/space.ts';
import type { Generator } from '../random/generator.ts';
import type { EnvSpec } from '../registry/env-spec.ts';

/**
 * Forwards everything to the wrapped environment `env`; subclasses override what they change.
 * Spaces and metadata default to the wrapped environment's and can be replaced by assignment.
 *
 * @typeParam WO observation type seen by the user of the wrapper.
 * @typeParam WA action type given by the user of the wrapper.
 * @typeParam O observation type of the wrapped environment.
 * @typeParam A action type of the wrapped environment.
 */
export class Wrapper<WO = unknown, WA = unknown, O = WO, A = WA> extends Env<WO, WA> {
  /** The wrapped environment. */
  readonly env: Env<O, A>;
  private _obsSpace: Space<WO> | null = null;
  private _actSpace: Space<WA> | null = null;
  private _wrapperMetadata: EnvMetadata | null = null;

  constructor(env: Env<O, A>) {
    super();
    if (!(env instanceof Env)) throw new TypeError(`${new.target.name} expects an Env to wrap; got ${String(env)}.`);
    this.env = env;
  }

  get observationSpace(): Space<WO> {
    return this._obsSpace ?? (this.env.observationSpace as unknown as Space<WO>);
  }
  set observationSpace(space: Space<WO>) {
    this._obsSpace = space;
  }

  get actionSpace(): Space<WA> {
    return this._actSpace ?? (this.env.actionSpace as unknown as Space<WA>);
  }
  set actionSpace(space: Space<WA>) {
    this._actSpace = space;
  }

  override get metadata(): EnvMetadata {
    return this._wrapperMetadata ?? this.env.metadata;
  }
  override set metadata(value: EnvMetadata) {
    this._wrapperMetadata = value;
  }

  override get renderMode(): string | null {
    return this.env.renderMode;
  }
  override set renderMode(_value: string | null) {
    throw new TypeError('renderMode is fixed when the wrapped environment is made; pass it to make().');
  }

  override get spec(): EnvSpec | null {
    return this.env.spec;
  }
  override set spec(_value: EnvSpec | null) {
    // The spec belongs to the wrapped environment; assignments made by Env's constructor are ignored.
  }

  override get npRandom(): Generator {
    return this.env.npRandom;
  }
  override set npRandom(value: Generator) {
    this.env.npRandom = value;
  }

  override get npRandomSeed(): number {
    return this.env.npRandomSeed;
  }

  override get closed(): boolean {
    return this.env.closed;
  }

  override reset(args: ResetArgs = {}): [WO, Info] {
    return this.env.reset(args) as unknown as [WO, Info];
  }

  step(action: WA): StepResult<WO> {
    return this.env.step(action as unknown as A) as unknown as StepResult<WO>;
  }

  override render(): unknown {
    return this.env.render();
  }

  override close(): void {
    this.env.close();
  }

  override get unwrapped(): Env<unknown, unknown> {
    return this.env.unwrapped;
  }

  override toString(): string {
    return `<${this.constructor.name}${this.env.toString()}>`;
  }
}

/** A wrapper that transforms observations with {@link ObservationWrapper.observation}. */
export abstract class ObservationWrapper<WO, O, A> extends Wrapper<WO, A, O, A> {
  /** Maps an observation of the wrapped environment to the wrapper's. */
  abstract observation(obs: O): WO;

  override reset(args: ResetArgs = {}): [WO, Info] {
    const [obs, info] = this.env.reset(args);
    return [this.observation(obs), info];
  }

  override step(action: A): StepResult<WO> {
    const [obs, reward, terminated, truncated, info] = this.env.step(action);
    return [this.observation(obs), reward, terminated, truncated, info];
  }
}

/** A wrapper that transforms rewards with {@link RewardWrapper.reward}. */
export abstract class RewardWrapper<O, A> extends Wrapper<O, A, O, A> {
  /** Maps a reward of the wrapped environment to the wrapper's. */
  abstract reward(reward: number): number;

  override step(action: A): StepResult<O> {
    const [obs, reward, terminated, truncated, info] = this.env.step(action);
    return [obs, this.reward(reward), terminated, truncated, info];
  }
}

/** A wrapper that transforms actions with {@link ActionWrapper.action} before passing them on. */
export abstract class ActionWrapper<O, WA, A> extends Wrapper<O, WA, O, A> {
  /** Maps an action given to the wrapper to one for the wrapped environment. */
  abstract action(action: WA): A;

  override step(action: WA): StepResult<O> {
    return this.env.step(this.action(action));
  }
}
