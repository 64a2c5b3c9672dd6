/**
 * `EnvSpec`: a registry entry, the recipe for making an environment.
 * @module
 */
import type { Env } from '../core/env.ts';
import type { VectorEnv } from '../vector/vector-env.ts';
import type { AutoresetMode } from '../vector/autoreset-mode.ts';
import { parseEnvId } from './env-id.ts';

/** Builds an environment from keyword arguments. */
export type EnvCreator = (kwargs: Record<string, unknown>) => Env<any, any>;

/** Options a {@link VectorEnvCreator} receives: the vector's and those of the wrappers `make` would add. */
export interface VectorEntryPointOptions {
  /** Autoreset mode of the vector environment. */
  autoresetMode?: AutoresetMode;
  /** Truncate episodes after this many steps, as the `TimeLimit` wrapper of `make` (null: no limit). */
  maxEpisodeSteps?: number | null;
  /** `false` lets the vector environment skip building infos (it returns `{}`); default `true`. */
  infos?: boolean;
}

/**
 * Builds a batch-native vector environment of `numEnvs` sub-environments from the merged keyword arguments.
 * It must behave as a `SyncVectorEnv` over `numEnvs` environments made by `make` with those kwargs: same
 * spaces, trajectories and infos for the same seeds and actions, the time limit, and no step before reset.
 */
export type VectorEnvCreator = (kwargs: Record<string, unknown>, numEnvs: number, options: VectorEntryPointOptions) => VectorEnv<any, any>;

/** Fields of a registry entry, as given to `register`. */
export interface EnvSpecInit {
  /** `[namespace/]Name[-vN]`. */
  id: string;
  /** Creates the environment from the merged keyword arguments. */
  entryPoint: EnvCreator;
  /** Return at which the task counts as solved, if any. */
  rewardThreshold?: number | null;
  /** `true` when seeded resets are not reproducible. */
  nondeterministic?: boolean;
  /** Steps after which `make` adds a `TimeLimit` wrapper. */
  maxEpisodeSteps?: number | null;
  /** Whether `make` adds `OrderEnforcing` (default `true`). */
  orderEnforce?: boolean;
  /** Whether `make` skips `PassiveEnvChecker` (default `false`). */
  disableEnvChecker?: boolean;
  /** Default keyword arguments, overridden by those given to `make`. */
  kwargs?: Record<string, unknown>;
  /** One-line description shown by `list`. */
  description?: string;
  /**
   * URL of a module whose import registers this id. Worker threads (`makeVecAsync`) import it before making
   * the environment, since they cannot receive the entry point function itself.
   */
  module?: string | null;
  /** JSON Schema of the accepted keyword arguments (printed by `edgellm-gym schema ID`). */
  configSchema?: object | null;
  /**
   * Relative cost (memory and step time) of one environment made with the merged kwargs, 1 for a typical
   * configuration; servers account `make` requests by it. Default: 1 whatever the kwargs.
   */
  cost?: ((kwargs: Record<string, unknown>) => number) | null;
  /**
   * Builds a batch-native vector environment of the id (see {@link VectorEnvCreator}); `makeVec` uses it
   * instead of a `SyncVectorEnv` when present (Gymnasium's `vector_entry_point`).
   */
  vectorEntryPoint?: VectorEnvCreator | null;
}

/** The cost of an environment when its spec gives no cost function. */
export const DEFAULT_ENV_COST = 1;

/** A registry entry. `make` on the spec builds the environment exactly as the registry's `make` does. */
export class EnvSpec {
  readonly id: string;
  readonly namespace: string | null;
  readonly name: string;
  readonly version: number | null;
  readonly entryPoint: EnvCreator;
  readonly rewardThreshold: number | null;
  readonly nondeterministic: boolean;
  readonly maxEpisodeSteps: number | null;
  readonly orderEnforce: boolean;
  readonly disableEnvChecker: boolean;
  readonly kwargs: Readonly<Record<string, unknown>>;
  readonly description: string;
  readonly configSchema: object | null;
  readonly module: string | null;
  /** The batch-native vector environment of the id, or `null` (see {@link EnvSpecInit.vectorEntryPoint}). */
  readonly vectorEntryPoint: VectorEnvCreator | null;
  /** Relative cost of one environment made with the merged kwargs (see {@link EnvSpecInit.cost}). */
  readonly cost: (kwargs: Record<string, unknown>) => number;
  private readonly costFn: ((kwargs: Record<string, unknown>) => number) | null;
  /** Set by the registry so that `spec.make()` can build through it. */
  static maker: ((spec: EnvSpec, kwargs: Record<string, unknown>) => Env<any, any>) | null = null;

  constructor(init: EnvSpecInit) {
    const parts = parseEnvId(init.id);
    if (typeof init.entryPoint !== 'function') {
      throw new TypeError(`EnvSpec ${init.id}: entryPoint must be a function (kwargs) => Env.`);
    }
    this.id = init.id;
    this.namespace = parts.namespace;
    this.name = parts.name;
    this.version = parts.version;
    this.entryPoint = init.entryPoint;
    this.rewardThreshold = init.rewardThreshold ?? null;
    this.nondeterministic = init.nondeterministic ?? false;
    this.maxEpisodeSteps = init.maxEpisodeSteps ?? null;
    this.orderEnforce = init.orderEnforce ?? true;
    this.disableEnvChecker = init.disableEnvChecker ?? false;
    this.kwargs = Object.freeze({ ...(init.kwargs ?? {}) });
    this.description = init.description ?? '';
    this.module = init.module ?? null;
    this.configSchema = init.configSchema ?? null;
    if (init.vectorEntryPoint !== undefined && init.vectorEntryPoint !== null && typeof init.vectorEntryPoint !== 'function') {
      throw new TypeError(`EnvSpec ${init.id}: vectorEntryPoint must be a function (kwargs, numEnvs, options) => VectorEnv, or null.`);
    }
    this.vectorEntryPoint = init.vectorEntryPoint ?? null;
    this.costFn = init.cost ?? null;
    const costFn = this.costFn;
    this.cost = (kwargs) => {
      const c = costFn === null ? DEFAULT_ENV_COST : costFn({ ...this.kwargs, ...kwargs });
      return Number.isFinite(c) && c > 0 ? c : DEFAULT_ENV_COST;
    };
  }

  /** A copy with some fields replaced (e.g. the kwargs an environment was actually made with). */
  with(changes: Partial<EnvSpecInit>): EnvSpec {
    return new EnvSpec({ ...this.toInit(), ...changes });
  }

  /** Makes the environment of this spec, as `make(spec, kwargs)`. */
  make(kwargs: Record<string, unknown> = {}): Env<any, any> {
    if (EnvSpec.maker === null) throw new Error('The registry module is not loaded; import make from the package.');
    return EnvSpec.maker(this, kwargs);
  }

  /** The fields of the spec. */
  toInit(): EnvSpecInit {
    return {
      id: this.id,
      entryPoint: this.entryPoint,
      rewardThreshold: this.rewardThreshold,
      nondeterministic: this.nondeterministic,
      maxEpisodeSteps: this.maxEpisodeSteps,
      orderEnforce: this.orderEnforce,
      disableEnvChecker: this.disableEnvChecker,
      kwargs: { ...this.kwargs },
      description: this.description,
      configSchema: this.configSchema,
      module: this.module,
      cost: this.costFn,
      vectorEntryPoint: this.vectorEntryPoint,
    };
  }

  /** JSON view (without the entry point), as sent over the bridge. */
  toJSON(): Record<string, unknown> {
    return {
      id: this.id,
      namespace: this.namespace,
      name: this.name,
      version: this.version,
      rewardThreshold: this.rewardThreshold,
      nondeterministic: this.nondeterministic,
      maxEpisodeSteps: this.maxEpisodeSteps,
      orderEnforce: this.orderEnforce,
      disableEnvChecker: this.disableEnvChecker,
      kwargs: this.kwargs,
      description: this.description,
    };
  }
}
