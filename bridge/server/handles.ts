/**
 * Server-side handles: what a `make` returns a number for. An {@link EnvHandle} owns one environment, a
 * {@link VectorHandle} a vector of them; both turn wire requests into env calls and env results into reply
 * fields. Actions are checked against the action space first, so an invalid one is rejected before the
 * env sees it and the env's state is unchanged.
 * @module
 */
import type { Env, Info } from '../../src/core/env.ts';
import { collectWarnings } from '../../src/core/logger.ts';
import type { Space } from '../../src/spaces/space.ts';
import { make } from '../../src/registry/registry.ts';
import type { EnvSpec } from '../../src/registry/env-spec.ts';
import { SyncVectorEnv } from '../../src/vector/sync-vector-env.ts';
import type { VectorEnv } from '../../src/vector/vector-env.ts';
import type { AutoresetMode } from '../../src/vector/autoreset-mode.ts';
import { InvalidAction } from '../../src/core/errors.ts';
import { Box } from '../../src/spaces/box.ts';
import { Dict } from '../../src/spaces/dict.ts';
import { BridgeError } from '../protocol/error-codes.ts';
import { coerceArrays, explainNonMember, isMember, withShapes } from '../protocol/space-values.ts';
import { Shaped, WireBools, wireShapeOf } from '../protocol/array-codec.ts';
import type { TypedArray } from '../../src/spaces/dtype.ts';

/** What every handle has. */
export interface Handle {
  /** `env`, `vector`, `evaluation` or `parallel`. */
  readonly kind: 'env' | 'vector' | 'evaluation' | 'parallel';
  /** Environments the handle holds (sub-envs of a vector). */
  readonly envCount: number;
  /** Cost units the handle holds (reserved before its environments were made). */
  readonly cost: number;
  /** Releases the environments; calling it again does nothing. */
  close(): void;
}

/** Runs `fn`, returning its result and the warnings it emitted (instead of printing them). */
export function withWarnings<T>(fn: () => T): [T, string[]] {
  return collectWarnings(fn);
}

/** Adds `warnings` to a reply when there are any. */
export function attachWarnings(reply: Record<string, unknown>, warnings: string[]): Record<string, unknown> {
  if (warnings.length > 0) reply.warnings = warnings;
  return reply;
}

/**
 * Rejects `action` unless its values make it an element of `space` (see `isMember`).
 * @throws {BridgeError} `invalid_action` naming the offending part.
 */
export function checkAction(space: Space<unknown>, action: unknown): void {
  if (!isMember(space, action)) throw new BridgeError('invalid_action', `Invalid action: ${explainNonMember(space, action)}.`, { field: 'request.action' });
}

function checkSingleSeed(seed: unknown): number | undefined {
  if (seed === undefined) return undefined;
  if (typeof seed !== 'number') {
    throw new BridgeError('bad_request', 'request.seed must be one integer for a single-env handle (seed lists are for vector handles).', { field: 'request.seed' });
  }
  return seed;
}

/** Options of {@link EnvHandle}. */
export interface EnvHandleOptions {
  config: Record<string, unknown>;
  /** Cost units reserved for the handle. */
  cost: number;
  maxEpisodeSteps?: number | null;
  infos: boolean;
}

/** A handle on one environment made with the registry's `make`. */
export class EnvHandle implements Handle {
  readonly kind = 'env' as const;
  readonly envCount = 1;
  readonly cost: number;
  /** The environment (with the wrappers `make` adds). */
  readonly env: Env<unknown, unknown>;
  private readonly infos: boolean;
  private closed = false;
  /** How the last episode ended (`null` while one runs or before the first reset). */
  private ended: 'terminated' | 'truncated' | null = null;

  constructor(spec: EnvSpec, options: EnvHandleOptions) {
    const makeOptions = options.maxEpisodeSteps !== undefined ? { maxEpisodeSteps: options.maxEpisodeSteps } : {};
    this.env = make(spec, options.config, makeOptions);
    this.infos = options.infos;
    this.cost = options.cost;
  }

  /** Fields of the `make` reply. */
  describe(): Record<string, unknown> {
    return {
      observationSpace: this.env.observationSpace.toJSON(),
      actionSpace: this.env.actionSpace.toJSON(),
      metadata: this.env.metadata,
      spec: this.env.spec?.toJSON() ?? null,
      renderMode: this.env.renderMode,
    };
  }

  private info(info: Info): Info {
    return this.infos ? info : {};
  }

  /** `reset`. */
  reset(seed: unknown, options: Record<string, unknown> | undefined): Record<string, unknown> {
    const s = checkSingleSeed(seed);
    const args = s === undefined ? (options === undefined ? {} : { options }) : options === undefined ? { seed: s } : { seed: s, options };
    const [[obs, info], warnings] = withWarnings(() => this.env.reset(args));
    this.ended = null;
    return attachWarnings({ obs: withShapes(this.env.observationSpace, obs), info: this.info(info) }, warnings);
  }

  /** `step`: the action is checked first; an invalid one leaves the env untouched. */
  step(action: unknown): Record<string, unknown> {
    if (this.ended !== null) {
      throw new BridgeError('reset_needed', `The episode ended (${this.ended}${this.ended === 'truncated' ? ', e.g. by the time limit' : ''}); reset the handle before stepping again.`, {
        field: 'request.handle',
      });
    }
    checkAction(this.env.actionSpace, action);
    const [[obs, reward, terminated, truncated, info], warnings] = withWarnings(() => this.env.step(action));
    if (terminated || truncated) this.ended = terminated ? 'terminated' : 'truncated';
    return attachWarnings(
      { obs: withShapes(this.env.observationSpace, obs), reward, terminated, truncated, info: this.info(info) },
      warnings,
    );
  }

  /** `render`: the env's render output (text frames travel as strings; `null` when rendering is off). */
  render(): Record<string, unknown> {
    const [frame, warnings] = withWarnings(() => this.env.render());
    return attachWarnings({ frame: frame ?? null }, warnings);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.env.close();
  }
}

/**
 * Gives the stacked typed arrays of a vector info their batch shape: an entry holding `numEnvs × L`
 * values (L > 1, one array of L per sub-env) travels as a (numEnvs, L) array, as Gymnasium stacks NumPy
 * infos; per-env numbers stay (numEnvs,). With `bools`, lists of `numEnvs` booleans (the `_key` masks,
 * boolean entries) travel as `bool` arrays ({@link WireBools}); otherwise masks, lists and nested maps
 * keep their form. `final_obs` is left as it is.
 */
export function batchShapes(infos: Record<string, unknown>, numEnvs: number, bools = false): Record<string, unknown> {
  for (const k in infos) {
    if (k === 'final_obs') continue;
    const v = infos[k];
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const n = (v as unknown as { length: number }).length;
      if (n !== numEnvs && numEnvs > 0 && n % numEnvs === 0) infos[k] = new Shaped(v as unknown as TypedArray, [numEnvs, n / numEnvs]);
    } else if (Array.isArray(v)) {
      if (bools && v.length === numEnvs) infos[k] = WireBools.of(v) ?? v;
    } else if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      batchShapes(v as Record<string, unknown>, numEnvs, bools);
    }
  }
  return infos;
}

/** `flags` as a `bool` wire array when `bools` (clients of protocol 1.2 or later), else as they are. */
function flagsToWire(flags: readonly boolean[], bools: boolean): unknown {
  return bools ? (WireBools.of(flags) ?? flags) : flags;
}

/** Options of {@link VectorHandle}. */
export interface VectorHandleOptions extends EnvHandleOptions {
  numEnvs: number;
  autoreset: AutoresetMode;
  /**
   * Send the replies' lists of `numEnvs` booleans (terminations, truncations, info masks and boolean
   * entries) as `bool` arrays, which decode to the same values (for clients of protocol 1.2 or later;
   * default `false`).
   */
  boolArrays?: boolean;
}

/**
 * Whether the arrays of a batched action `x` of `space` (a Box or a Dict of Boxes) came with a shape the
 * space accepts: none, the space's shape, or flat. Membership by value is the vector env's own check.
 */
function wireShapesFit(space: Space<unknown>, x: unknown): boolean {
  if (space instanceof Dict) {
    if (x === null || typeof x !== 'object') return true;
    for (const k of space.keys) if (!wireShapesFit(space.spaces[k]!, (x as Record<string, unknown>)[k])) return false;
    return true;
  }
  const shape = wireShapeOf(x);
  if (shape === undefined || !(space instanceof Box)) return true;
  const want = space.shape;
  if (shape.length === 1 && shape[0] === space.size) return true;
  return shape.length === want.length && shape.every((d, i) => d === want[i]);
}

/** A vector env that checks a whole batched action itself (`EdgeLLMVectorEnv`). */
interface SelfCheckingVectorEnv extends VectorEnv<unknown, unknown> {
  /** Steps when every row of `actions` is valid typed arrays, else returns `null` with nothing stepped. */
  stepIfValid(actions: unknown): ReturnType<VectorEnv<unknown, unknown>['step']> | null;
  render(): unknown[];
}

function selfChecking(venv: VectorEnv<unknown, unknown>): venv is SelfCheckingVectorEnv {
  return typeof (venv as Partial<SelfCheckingVectorEnv>).stepIfValid === 'function';
}

/**
 * A handle on a vector of `numEnvs` copies, built as `makeVec` builds it: the spec's batch-native vector
 * env when it has a `vectorEntryPoint` (EdgeLLM: `EdgeLLMVectorEnv`, whose typed arrays the reply sends
 * as they are), else a `SyncVectorEnv` of envs made by `make`.
 */
export class VectorHandle implements Handle {
  readonly kind = 'vector' as const;
  readonly envCount: number;
  readonly cost: number;
  /** The vector environment. */
  readonly venv: VectorEnv<unknown, unknown>;
  /** The spec of one sub-env as `make` would have given it (merged kwargs, time limit, checker off). */
  private readonly subSpec: EnvSpec | null;
  private readonly infos: boolean;
  private readonly boolArrays: boolean;
  private closed = false;

  constructor(spec: EnvSpec, options: VectorHandleOptions) {
    const maxEpisodeSteps = options.maxEpisodeSteps !== undefined ? options.maxEpisodeSteps : spec.maxEpisodeSteps;
    if (spec.vectorEntryPoint !== null) {
      const kwargs = { ...spec.kwargs, ...options.config };
      this.venv = spec.vectorEntryPoint(kwargs, options.numEnvs, { autoresetMode: options.autoreset, maxEpisodeSteps, infos: options.infos });
      this.subSpec = spec.with({ kwargs, maxEpisodeSteps, disableEnvChecker: true });
    } else {
      const makeOptions = options.maxEpisodeSteps !== undefined ? { maxEpisodeSteps: options.maxEpisodeSteps, disableEnvChecker: true } : { disableEnvChecker: true };
      const fns = Array.from({ length: options.numEnvs }, () => () => make(spec, options.config, makeOptions));
      const sync = new SyncVectorEnv(fns, { autoresetMode: options.autoreset });
      this.venv = sync;
      this.subSpec = sync.envs[0]?.spec ?? null;
    }
    this.venv.spec = spec;
    this.envCount = options.numEnvs;
    this.infos = options.infos;
    this.boolArrays = options.boolArrays ?? false;
    this.cost = options.cost;
  }

  /** Fields of the `make` reply. */
  describe(): Record<string, unknown> {
    const v = this.venv;
    return {
      numEnvs: v.numEnvs,
      observationSpace: v.observationSpace.toJSON(),
      actionSpace: v.actionSpace.toJSON(),
      singleObservationSpace: v.singleObservationSpace.toJSON(),
      singleActionSpace: v.singleActionSpace.toJSON(),
      metadata: v.metadata,
      spec: this.subSpec?.toJSON() ?? v.spec?.toJSON() ?? null,
      renderMode: v.renderMode,
    };
  }

  private shapeInfos(infos: Record<string, unknown>): Record<string, unknown> {
    if (!this.infos) return {};
    const finals = infos.final_obs;
    if (Array.isArray(finals)) infos.final_obs = finals.map((o) => (o === null ? null : withShapes(this.venv.singleObservationSpace, o)));
    return batchShapes(infos, this.venv.numEnvs, this.boolArrays);
  }

  /** `render`: each sub-env's render output, in order (`null` entries when rendering is off). */
  render(): Record<string, unknown> {
    const v = this.venv;
    const [frames, warnings] = withWarnings(() =>
      v instanceof SyncVectorEnv ? v.envs.map((e) => e.render() ?? null) : selfChecking(v) ? v.render().map((f) => f ?? null) : [],
    );
    return attachWarnings({ frames }, warnings);
  }

  /** `reset`: one seed (sub-env i gets seed + i) or one per sub-env (`null` = not reseeded). */
  reset(seed: unknown, options: Record<string, unknown> | undefined): Record<string, unknown> {
    let s: number | (number | undefined)[] | undefined;
    if (Array.isArray(seed)) {
      if (seed.length !== this.venv.numEnvs) {
        throw new BridgeError('bad_request', `request.seed lists ${seed.length} seeds but the handle has ${this.venv.numEnvs} sub-envs.`, { field: 'request.seed' });
      }
      s = seed.map((x) => (x === null ? undefined : (x as number)));
    } else s = seed as number | undefined;
    const args = { ...(s === undefined ? {} : { seed: s }), ...(options === undefined ? {} : { options }) };
    const [[obs, infos], warnings] = withWarnings(() => this.venv.reset(args));
    return attachWarnings({ obs: withShapes(this.venv.observationSpace, obs), info: this.shapeInfos(infos) }, warnings);
  }

  /**
   * `step` with a batched action, checked as a whole before any sub-env steps (a batch-native env checks
   * the values itself; the wire check then only explains a refusal). Plain lists become typed arrays.
   */
  step(action: unknown): Record<string, unknown> {
    const v = this.venv;
    let result: ReturnType<VectorEnv<unknown, unknown>['step']> | null = null;
    let warnings: string[] = [];
    // The batch-native env checks a batch of typed arrays once, while staging it (every row, as the
    // action space's membership would); anything else takes the wire check and the conversion first.
    if (selfChecking(v) && wireShapesFit(v.actionSpace, action)) [result, warnings] = withWarnings(() => v.stepIfValid(action));
    if (result === null) {
      checkAction(v.actionSpace, action);
      const batch = coerceArrays(v.actionSpace, action);
      try {
        [result, warnings] = withWarnings(() => v.step(batch));
      } catch (e) {
        if (e instanceof InvalidAction) checkAction(v.actionSpace, action);
        throw e;
      }
    }
    const [obs, rewards, terminations, truncations, infos] = result;
    return attachWarnings(
      {
        obs: withShapes(v.observationSpace, obs),
        rewards,
        terminations: flagsToWire(terminations, this.boolArrays),
        truncations: flagsToWire(truncations, this.boolArrays),
        info: this.shapeInfos(infos),
      },
      warnings,
    );
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.venv.close();
  }
}
