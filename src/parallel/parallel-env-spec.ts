/**
 * `ParallelEnvSpec`: a registry entry of a multi-agent environment, the recipe `makeParallel` follows.
 * @module
 */
import type { ParallelEnv } from './parallel-env.ts';
import { parseEnvId } from '../registry/env-id.ts';
import type { VectorEnv } from '../vector/vector-env.ts';

/** Builds a parallel environment from keyword arguments. */
export type ParallelEnvCreator = (kwargs: Record<string, unknown>) => ParallelEnv<any, any>;

/**
 * Builds `numCopies` copies of a parallel environment as one batch-native vector environment with the
 * contract of `AgentVectorEnv` (sub-environment k·N + n is agent n of copy k, in `AgentPadding`'s padded
 * spaces; same-step autoreset with `final_obs`/`final_info`; copy k seeded with `seed + k`, or with
 * `seeds[k·N]` of an array) and, for the same seeds and actions, its observations, rewards, flags and infos.
 */
export type ParallelVectorEnvCreator = (kwargs: Record<string, unknown>, numCopies: number, options: ParallelVectorEnvOptions) => VectorEnv<unknown, unknown>;

/** Options of a {@link ParallelVectorEnvCreator}. */
export interface ParallelVectorEnvOptions {
  /** Only `same-step` (the default). */
  autoresetMode?: 'same-step';
  /** `false` returns `{}` as the infos of every reset and step, which skips building them (default `true`). */
  infos?: boolean;
}

/** Fields of a parallel registry entry, as given to `registerParallel`. */
export interface ParallelEnvSpecInit {
  /** `[namespace/]Name[-vN]`. */
  id: string;
  /** Creates the environment from the merged keyword arguments. */
  entryPoint: ParallelEnvCreator;
  /** `true` when seeded resets are not reproducible. */
  nondeterministic?: boolean;
  /** Default keyword arguments, overridden by those given to `makeParallel`. */
  kwargs?: Record<string, unknown>;
  /** One-line description shown by listings. */
  description?: string;
  /** URL of a module whose import registers this id (for worker threads, which cannot receive a function). */
  module?: string | null;
  /** JSON Schema of the accepted keyword arguments. */
  configSchema?: object | null;
  /**
   * Relative cost (memory and step time) of one environment made with the merged kwargs, 1 for a typical
   * single-agent environment; servers account `make` requests by it. Default: 1 whatever the kwargs.
   */
  cost?: ((kwargs: Record<string, unknown>) => number) | null;
  /**
   * Builds the copies of the environment as one batch-native vector environment (see
   * {@link ParallelVectorEnvCreator}); `makeAgentVec` uses it instead of an `AgentVectorEnv` over
   * `makeParallel` copies when present.
   */
  vectorEntryPoint?: ParallelVectorEnvCreator | null;
}

/** The cost of a parallel environment when its spec gives no cost function. */
export const DEFAULT_PARALLEL_ENV_COST = 1;

/**
 * A registered multi-agent environment. Parallel environments have their own registry (`registerParallel`,
 * `makeParallel`), so `make` keeps returning single-agent `Env`s only.
 *
 * @example
 * ```ts
 * const s = new ParallelEnvSpec({ id: 'lab/Pair-v0', entryPoint: () => { throw new Error('not made here'); } });
 * s.name; // 'Pair'
 * ```
 */
export class ParallelEnvSpec {
  readonly id: string;
  readonly namespace: string | null;
  readonly name: string;
  readonly version: number | null;
  readonly entryPoint: ParallelEnvCreator;
  readonly nondeterministic: boolean;
  readonly kwargs: Readonly<Record<string, unknown>>;
  readonly description: string;
  readonly module: string | null;
  readonly configSchema: object | null;
  /** Relative cost of one environment made with the merged kwargs (see {@link ParallelEnvSpecInit.cost}). */
  readonly cost: (kwargs: Record<string, unknown>) => number;
  /** The batch-native vector environment of the copies, or `null` (see {@link ParallelEnvSpecInit.vectorEntryPoint}). */
  readonly vectorEntryPoint: ParallelVectorEnvCreator | null;
  private readonly costFn: ((kwargs: Record<string, unknown>) => number) | null;
  /** Set by the parallel registry so that `spec.make()` builds through it. */
  static maker: ((spec: ParallelEnvSpec, kwargs: Record<string, unknown>) => ParallelEnv<any, any>) | null = null;

  constructor(init: ParallelEnvSpecInit) {
    const parts = parseEnvId(init.id);
    if (typeof init.entryPoint !== 'function') {
      throw new TypeError(`ParallelEnvSpec ${init.id}: entryPoint must be a function (kwargs) => ParallelEnv.`);
    }
    this.id = init.id;
    this.namespace = parts.namespace;
    this.name = parts.name;
    this.version = parts.version;
    this.entryPoint = init.entryPoint;
    this.nondeterministic = init.nondeterministic ?? false;
    this.kwargs = Object.freeze({ ...(init.kwargs ?? {}) });
    this.description = init.description ?? '';
    this.module = init.module ?? null;
    this.configSchema = init.configSchema ?? null;
    this.costFn = init.cost ?? null;
    if (init.vectorEntryPoint !== undefined && init.vectorEntryPoint !== null && typeof init.vectorEntryPoint !== 'function') {
      throw new TypeError(`ParallelEnvSpec ${init.id}: vectorEntryPoint must be a function (kwargs, numCopies, options) => VectorEnv, or null.`);
    }
    this.vectorEntryPoint = init.vectorEntryPoint ?? null;
    const costFn = this.costFn;
    this.cost = (kwargs) => {
      const c = costFn === null ? DEFAULT_PARALLEL_ENV_COST : costFn({ ...this.kwargs, ...kwargs });
      return Number.isFinite(c) && c > 0 ? c : DEFAULT_PARALLEL_ENV_COST;
    };
  }

  /** A copy with some fields replaced (e.g. the kwargs an environment was actually made with). */
  with(changes: Partial<ParallelEnvSpecInit>): ParallelEnvSpec {
    return new ParallelEnvSpec({ ...this.toInit(), ...changes });
  }

  /** Makes the environment of this spec, as `makeParallel(spec, kwargs)`. */
  make(kwargs: Record<string, unknown> = {}): ParallelEnv<any, any> {
    if (ParallelEnvSpec.maker === null) {
      throw new Error('The parallel registry module is not loaded; import makeParallel from the package.');
    }
    return ParallelEnvSpec.maker(this, kwargs);
  }

  /** The fields of the spec. */
  toInit(): ParallelEnvSpecInit {
    return {
      id: this.id,
      entryPoint: this.entryPoint,
      nondeterministic: this.nondeterministic,
      kwargs: { ...this.kwargs },
      description: this.description,
      module: this.module,
      configSchema: this.configSchema,
      cost: this.costFn,
      vectorEntryPoint: this.vectorEntryPoint,
    };
  }

  /** JSON view (without the entry point), as sent over the bridge; `parallel: true` tells it from an `EnvSpec`. */
  toJSON(): Record<string, unknown> {
    return {
      id: this.id,
      namespace: this.namespace,
      name: this.name,
      version: this.version,
      parallel: true,
      nondeterministic: this.nondeterministic,
      kwargs: this.kwargs,
      description: this.description,
    };
  }
}
