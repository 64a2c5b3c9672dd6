/**
 * Toy environments and small utilities shared by the core-library tests.
 * @module
 */
import { Env, type Info, type ResetArgs, type StepResult } from '../../src/core/env.ts';
import { Box } from '../../src/spaces/box.ts';
import { Discrete } from '../../src/spaces/discrete.ts';
import { Dict } from '../../src/spaces/dict.ts';
import type { Space } from '../../src/spaces/space.ts';

/** Options of {@link CountEnv}. */
export interface CountEnvOptions {
  /** Steps after which the episode terminates. */
  length?: number;
  /** Reuse one observation buffer (to test that callers copy what they keep). */
  reuseObs?: boolean;
  /** Render mode, e.g. `'ansi'`. */
  renderMode?: string | null;
}

/**
 * A counter with a known episode length. The observation is `[t, start]`, where `start` is drawn from the
 * environment's generator at reset (so seeding is observable); the action `a` earns `10·a + t`; the episode
 * terminates after `length` steps. Step info is `{ t, action }`, reset info `{ start }`.
 */
export class CountEnv extends Env<Float32Array, number> {
  readonly observationSpace = new Box(0, 1000, [2], 'float32') as Box<Float32Array>;
  readonly actionSpace = new Discrete(3);
  /** Every action `step` received, in order. */
  readonly actions: number[] = [];
  readonly length: number;
  t = 0;
  start = 0;
  closeCount = 0;
  private readonly buffer = new Float32Array(2);
  private readonly reuse: boolean;

  constructor(options: CountEnvOptions = {}) {
    super();
    this.length = options.length ?? 3;
    this.reuse = options.reuseObs ?? false;
    this.metadata = { renderModes: ['ansi'], renderFps: 4 };
    this.renderMode = options.renderMode ?? null;
  }

  private obs(): Float32Array {
    const out = this.reuse ? this.buffer : new Float32Array(2);
    out[0] = this.t;
    out[1] = this.start;
    return out;
  }

  override reset(args: ResetArgs = {}): [Float32Array, Info] {
    super.reset(args);
    this.t = 0;
    this.start = this.npRandom.integers(0, 100);
    return [this.obs(), { start: this.start }];
  }

  step(action: number): StepResult<Float32Array> {
    this.actions.push(action);
    this.t++;
    return [this.obs(), 10 * action + this.t, this.t >= this.length, false, { t: this.t, action }];
  }

  override render(): unknown {
    return this.renderMode === 'ansi' ? `t=${this.t}` : null;
  }

  override close(): void {
    this.closeCount++;
    super.close();
  }
}

/** A CountEnv whose observations are `{ pos: Float32Array [t], tag: start mod 2 }` (a Dict space). */
export class DictCountEnv extends Env<{ pos: Float32Array; tag: number }, number> {
  readonly observationSpace = new Dict({ pos: new Box(0, 1000, [1], 'float32'), tag: new Discrete(2) }) as unknown as Space<{
    pos: Float32Array;
    tag: number;
  }>;
  readonly actionSpace = new Discrete(2);
  private t = 0;
  private start = 0;
  private readonly length: number;

  constructor(length = 2) {
    super();
    this.length = length;
  }

  private obs(): { pos: Float32Array; tag: number } {
    return { pos: Float32Array.of(this.t), tag: this.start % 2 };
  }

  override reset(args: ResetArgs = {}): [{ pos: Float32Array; tag: number }, Info] {
    super.reset(args);
    this.t = 0;
    this.start = this.npRandom.integers(0, 100);
    return [this.obs(), {}];
  }

  step(_action: number): StepResult<{ pos: Float32Array; tag: number }> {
    this.t++;
    return [this.obs(), 1, this.t >= this.length, false, { t: this.t }];
  }
}

/** Draws `n` samples from `space`. */
export function draws<T>(space: Space<T>, n: number): T[] {
  return Array.from({ length: n }, () => space.sample());
}

/** Plain numbers of a typed array (for deepStrictEqual against number arrays). */
export function arr(x: unknown): number[] {
  return Array.from(x as ArrayLike<number>);
}

/** The thrown error's message, or fails when `fn` does not throw. */
export function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the call to throw');
}

/** One scripted transition of {@link ScriptedEnv}. */
export interface ScriptStep {
  obs?: number[];
  reward?: number;
  terminated?: boolean;
  truncated?: boolean;
  info?: Info;
}

/**
 * Replays a script: reset returns `resetObs`, the k-th step (counted over the whole life of the env, not
 * per episode) returns script[k] (defaults: the reset observation, reward 0, not done, empty info). The
 * actions received are recorded.
 */
export class ScriptedEnv extends Env<Float64Array, Float32Array> {
  readonly observationSpace: Box<Float64Array>;
  readonly actionSpace: Box<Float32Array>;
  readonly actions: Float32Array[] = [];
  private k = 0;

  constructor(
    private readonly script: ScriptStep[],
    private readonly resetObs: number[] = [0],
    actionSpace: Box = new Box(-1, 1, [1], 'float32'),
  ) {
    super();
    this.observationSpace = new Box(-Infinity, Infinity, [resetObs.length], 'float64') as Box<Float64Array>;
    this.actionSpace = actionSpace as Box<Float32Array>;
  }

  override reset(args: ResetArgs = {}): [Float64Array, Info] {
    super.reset(args);
    return [Float64Array.from(this.resetObs), {}];
  }

  step(action: Float32Array): StepResult<Float64Array> {
    this.actions.push(Float32Array.from(action));
    const s = this.script[this.k++] ?? {};
    return [Float64Array.from(s.obs ?? this.resetObs), s.reward ?? 0, s.terminated ?? false, s.truncated ?? false, { ...(s.info ?? {}) }];
  }
}

/**
 * Mean and (population) variance of a running-statistics tracker after seeing `xs`, in closed form: the
 * prior is a pseudo-sample of weight `count0` with mean 0 and variance 1, pooled exactly with the data.
 */
export function pooledMoments(xs: readonly number[], count0 = 1e-4): { mean: number; variance: number } {
  const total = xs.length + count0;
  const mean = xs.reduce((a, b) => a + b, 0) / total;
  let m2 = count0 * (1 + mean * mean);
  for (const x of xs) m2 += (x - mean) ** 2;
  return { mean, variance: m2 / total };
}
