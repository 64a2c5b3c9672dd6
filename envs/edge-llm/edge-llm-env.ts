/**
 * `EdgeLLMEnv`: joint model caching and inference offloading at one edge server (docs/model.md#1-the-system).
 * @module
 */
import { Env, type Info, type ResetArgs, type StepResult } from '../../src/core/env.ts';
import { ResetNeeded } from '../../src/core/errors.ts';
import { Box } from '../../src/spaces/box.ts';
import { Dict } from '../../src/spaces/dict.ts';
import { MultiBinary } from '../../src/spaces/multi-binary.ts';
import type { Space } from '../../src/spaces/space.ts';
import { type EdgeLLMConfig, type ResolvedConfig, resolveConfig } from './config.ts';
import { type EdgeLLMAction, type EdgeLLMStepInfo, EdgeLLMCore, loadAction } from './edge-llm-core.ts';
import type { SystemDescription } from './system.ts';
import { renderAnsi } from './render.ts';

export type { EdgeLLMAction, EdgeLLMStepInfo, SlotCosts } from './edge-llm-core.ts';

/** The observation and action spaces of an EdgeLLM environment of `P` pairs. */
export function edgeLlmSpaces(c: Readonly<ResolvedConfig>): { observationSpace: Box<Float32Array>; actionSpace: Space<EdgeLLMAction | Float32Array> } {
  const P = c.numPairs;
  return {
    observationSpace: new Box(0, Infinity, [4 * P + 1], 'float32') as Box<Float32Array>,
    actionSpace: (c.actionFormat === 'box'
      ? new Box(-1, 1, [2 * P], 'float32')
      : new Dict({ cache: new MultiBinary(P), local: new Box(0, 1, [P], 'float32') })) as unknown as Space<EdgeLLMAction | Float32Array>,
  };
}

/**
 * The joint model-caching and inference-offloading MDP of one edge server.
 *
 * Each slot the agent chooses which (agent, model) pairs to keep in GPU memory and what share of each
 * pair's requests to serve locally; the environment projects the choice onto memory, executability and
 * energy constraints, serves the slot's Poisson requests, and returns minus the slot's total cost.
 *
 * Observation (float32): per pair `[cached, requests/λ̄, κ/κ_scale, K/window]` for the requests of the next
 * slot, then `t/T`. Episodes are truncated after `horizon` slots; `terminated` is always false.
 *
 * @example
 * ```ts
 * const env = new EdgeLLMEnv({ agents: 10 });
 * let [obs, info] = env.reset({ seed: 42 });
 * for (let t = 0; t < 100; t++) {
 *   const [next, reward, terminated, truncated, stepInfo] = env.step(env.actionSpace.sample());
 *   if (terminated || truncated) break;
 *   obs = next;
 * }
 * ```
 */
export class EdgeLLMEnv extends Env<Float32Array, EdgeLLMAction | Float32Array> {
  readonly observationSpace: Box<Float32Array>;
  readonly actionSpace: Space<EdgeLLMAction | Float32Array>;
  /** The resolved configuration. */
  readonly config: Readonly<ResolvedConfig>;
  /** The model's state (a core of one environment, shared with `EdgeLLMVectorEnv`). */
  private readonly core: EdgeLLMCore;
  private lastSeed: number | undefined;
  private started = false;
  private lastInfo: EdgeLLMStepInfo | null = null;

  /**
   * @param config any subset of the fields of docs/model.md#parameters-config-fields-and-defaults (see `EDGE_LLM_CONFIG_SCHEMA`).
   * @throws {InvalidConfig} naming each unknown or out-of-range field.
   */
  constructor(config: Partial<EdgeLLMConfig> = {}) {
    super();
    this.config = Object.freeze(resolveConfig(config));
    this.metadata = { renderModes: ['ansi'], renderFps: 4 };
    this.renderMode = this.config.renderMode;
    const spaces = edgeLlmSpaces(this.config);
    this.observationSpace = spaces.observationSpace;
    this.actionSpace = spaces.actionSpace;
    this.core = new EdgeLLMCore(this.config, 1);
  }

  /** Static description of the system (sizes, budgets, scales), also returned in the reset `info.system`. */
  get system(): SystemDescription {
    return this.core.system;
  }

  /**
   * Per (agent, model) pair, the requests served at the edge in the slot just stepped (0 for pairs not
   * cached); valid until the next step. The multi-edge system's market reads it.
   */
  get lastSlotServed(): Readonly<Float64Array> {
    return this.core.servedLast;
  }

  /** Per pair, the age of thoughts κ the last slot's accuracy cost used (0 for pairs not cached); valid until the next step. */
  get lastSlotKappa(): Readonly<Float64Array> {
    return this.core.kappaLast;
  }

  /** Slots served in the current episode. */
  get slot(): number {
    return this.core.t[0]!;
  }

  /**
   * Starts an episode: empty cache and contexts, the first slot's requests drawn.
   * `info.system` describes the server (see {@link SystemDescription}); baselines read it.
   */
  override reset(args: ResetArgs = {}): [Float32Array, Info] {
    super.reset(args);
    const options = (args.options ?? {}) as Record<string, unknown>;
    this.core.checkResetOptions(options);
    if (args.seed !== undefined) this.lastSeed = args.seed;
    this.core.reset(0, this.npRandom, this.lastSeed, options.split);
    this.started = true;
    this.lastInfo = null;
    return [this.observation(), this.core.resetInfo(0)];
  }

  /**
   * Serves one slot with `action` (projected to a feasible one, reported in `info.applied`).
   * @throws {InvalidAction} for a malformed action (wrong shape, NaN, out of range); state is unchanged.
   * @throws {ResetNeeded} before `reset` or after the episode was truncated.
   */
  step(action: EdgeLLMAction | Float32Array): StepResult<Float32Array> {
    if (!this.started) throw new ResetNeeded('EdgeLLMEnv.step() called before reset(); call env.reset() first.');
    const horizon = this.config.horizon;
    if (this.core.t[0]! >= horizon) {
      throw new ResetNeeded(`The episode ended after ${horizon} slots (truncated); call env.reset() to start a new one.`);
    }
    loadAction(this.actionSpace, this.config.actionFormat, action, this.core.score, this.core.local);
    this.core.step(0, this.npRandom);
    const reward = this.core.last.reward[0]!;
    const info = this.core.stepInfo(0);
    this.lastInfo = info;
    return [this.observation(), reward, false, this.core.t[0]! >= horizon, info];
  }

  /** Text rendering (mode `ansi`): cache, contexts, requests and the last slot's costs. */
  override render(): string | null {
    if (this.renderMode !== 'ansi') return null;
    const core = this.core;
    return renderAnsi(this.config, { slot: core.t[0]!, cached: core.cached, K: core.K, kappa: core.kappa, requests: core.requests, last: this.lastInfo });
  }

  private observation(): Float32Array {
    const obs = new Float32Array(this.core.obsSize);
    this.core.writeObservation(0, obs, 0);
    return obs;
  }
}
