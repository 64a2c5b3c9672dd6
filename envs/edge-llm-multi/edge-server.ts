/**
 * `EdgeServer`: one edge server of the multi-edge system — the single-server model (`EdgeLLMCore`, the
 * code `EdgeLLMEnv` runs) with its own generator, stepped without the allocations of an `Env`.
 * @module
 */
import type { Info } from '../../src/core/env.ts';
import { ResetNeeded } from '../../src/core/errors.ts';
import { Generator, npRandom } from '../../src/random/generator.ts';
import type { Box } from '../../src/spaces/box.ts';
import type { Space } from '../../src/spaces/space.ts';
import { type EdgeLLMConfig, type ResolvedConfig, resolveConfig } from '../edge-llm/config.ts';
import { type EdgeLLMAction, type EdgeLLMStepInfo, EdgeLLMCore, loadAction } from '../edge-llm/edge-llm-core.ts';
import { edgeLlmSpaces } from '../edge-llm/edge-llm-env.ts';
import { renderAnsi } from '../edge-llm/render.ts';

/**
 * One edge server: an `EdgeLLMCore` of one environment, its spaces (those of an `EdgeLLMEnv` of the same
 * configuration) and its generator. Reset with a seed and fed the same actions, it follows exactly the
 * trajectory of `new EdgeLLMEnv(config)` reset with that seed.
 *
 * @example
 * ```ts
 * const server = new EdgeServer({ agents: 3, gpus: 8 });
 * server.reset(7, undefined);
 * server.load(server.actionSpace.sample(), 'action');
 * const reward = server.step();
 * ```
 */
export class EdgeServer {
  /** The resolved configuration. */
  readonly config: Readonly<ResolvedConfig>;
  /** The single-server spaces. */
  readonly observationSpace: Box<Float32Array>;
  readonly actionSpace: Space<EdgeLLMAction | Float32Array>;
  /** The model's state. */
  readonly core: EdgeLLMCore;
  private rng: Generator | null = null;
  private lastSeed: number | undefined;
  private lastInfo: EdgeLLMStepInfo | null = null;

  /** @throws {InvalidConfig} naming each bad field. */
  constructor(config: Partial<EdgeLLMConfig>) {
    this.config = Object.freeze(resolveConfig(config));
    const spaces = edgeLlmSpaces(this.config);
    this.observationSpace = spaces.observationSpace;
    this.actionSpace = spaces.actionSpace;
    this.core = new EdgeLLMCore(this.config, 1);
  }

  /** Entries of the single-server observation (4·P + 1). */
  get obsSize(): number {
    return this.core.obsSize;
  }

  /** Requests served at the edge per pair in the last slot (0 for pairs not cached); valid until the next step. */
  get lastSlotServed(): Readonly<Float64Array> {
    return this.core.servedLast;
  }

  /** The κ each pair's accuracy cost used in the last slot; valid until the next step. */
  get lastSlotKappa(): Readonly<Float64Array> {
    return this.core.kappaLast;
  }

  /**
   * Starts an episode, reseeding the generator when `seed` is given (as `Env.reset`); `split` is the trace
   * split option ('train' or 'eval', trace workloads only).
   * @returns the reset info (`system`, `requests`, the trace window).
   */
  reset(seed: number | undefined, split: unknown): Info {
    if (split !== undefined) this.core.checkResetOptions({ split });
    if (seed !== undefined) {
      this.rng = new Generator(seed);
      this.lastSeed = seed;
    }
    this.rng ??= npRandom()[0];
    this.core.reset(0, this.rng, this.lastSeed, split);
    this.lastInfo = null;
    return this.core.resetInfo(0);
  }

  /**
   * Checks `action` and loads it for the next {@link EdgeServer.step} (nothing else changes).
   * @throws {InvalidAction} naming `path` and the offending entry.
   */
  load(action: unknown, path: string): void {
    loadAction(this.actionSpace, this.config.actionFormat, action, this.core.score, this.core.local, path);
  }

  /** Serves one slot with the loaded action; returns minus the slot's cost. */
  step(): number {
    if (this.rng === null) throw new ResetNeeded('EdgeServer.step() called before reset(); reset it first.');
    this.core.step(0, this.rng);
    return this.core.last.reward[0]!;
  }

  /** The step info of the last slot (a fresh object). */
  stepInfo(): EdgeLLMStepInfo {
    this.lastInfo = this.core.stepInfo(0);
    return this.lastInfo;
  }

  /** Writes the single-server observation into `out` at `offset`. */
  writeObservation(out: Float32Array, offset: number): void {
    this.core.writeObservation(0, out, offset);
  }

  /** The single-server text rendering. */
  render(): string {
    const core = this.core;
    return renderAnsi(this.config as ResolvedConfig, { slot: core.t[0]!, cached: core.cached, K: core.K, kappa: core.kappa, requests: core.requests, last: this.lastInfo });
  }
}
