/**
 * The environment registry: `register`, `make`, `makeVec`, `spec`.
 * @module
 */
import { Env } from '../core/env.ts';
import {
  DeprecatedEnv,
  InvalidArgument,
  NameNotFound,
  NamespaceNotFound,
  RegistrationError,
  UnregisteredEnv,
  VersionNotFound,
} from '../core/errors.ts';
import { warn } from '../core/logger.ts';
import { closest } from '../utils/closest.ts';
import { EnvSpec, type EnvSpecInit } from './env-spec.ts';
import { envId, parseEnvId } from './env-id.ts';
import { PassiveEnvChecker } from '../wrappers/passive-env-checker.ts';
import { OrderEnforcing } from '../wrappers/order-enforcing.ts';
import { TimeLimit } from '../wrappers/time-limit.ts';
import { SyncVectorEnv } from '../vector/sync-vector-env.ts';
import type { VectorEnv } from '../vector/vector-env.ts';
import type { AutoresetMode } from '../vector/autoreset-mode.ts';

/** All registered specs by id. */
export const registry: Map<string, EnvSpec> = new Map();

/**
 * Registers an environment so that `make(id)` can build it. Registering an id again replaces the entry
 * (with a warning).
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
 *     return [this.npRandom.integers(0, 2), guess, true, false, {}];
 *   }
 * }
 * register({ id: 'lab/Coin-v0', entryPoint: () => new Coin(), maxEpisodeSteps: 10 });
 * const env = make('lab/Coin-v0');
 * ```
 * @throws {RegistrationError} when the id would sit next to an unversioned (or versioned) id of the same name.
 */
export function register(init: EnvSpecInit): EnvSpec {
  const spec = new EnvSpec(init);
  checkSpecRegister(spec);
  if (registry.has(spec.id)) warn(`Overriding environment ${spec.id} already in registry.`);
  registry.set(spec.id, spec);
  return spec;
}

/** Removes an environment from the registry (mainly for tests). */
export function unregister(id: string): boolean {
  return registry.delete(id);
}

function specsNamed(namespace: string | null, name: string): EnvSpec[] {
  return [...registry.values()].filter((s) => s.namespace === namespace && s.name === name);
}

/** The highest registered version of `[namespace/]name`, or `null` when it has none. */
function highestVersion(namespace: string | null, name: string): number | null {
  let best: number | null = null;
  for (const s of specsNamed(namespace, name)) if (s.version !== null && (best === null || s.version > best)) best = s.version;
  return best;
}

function checkSpecRegister(spec: EnvSpec): void {
  const same = specsNamed(spec.namespace, spec.name);
  const unversioned = same.find((s) => s.version === null);
  const latest = highestVersion(spec.namespace, spec.name);
  if (unversioned !== undefined && spec.version !== null) {
    throw new RegistrationError(
      `Can't register the versioned environment \`${spec.id}\` when the unversioned environment \`${unversioned.id}\` of the same name already exists; unregister it or register this one without a version.`,
    );
  }
  if (latest !== null && spec.version === null) {
    throw new RegistrationError(
      `Can't register the unversioned environment \`${spec.id}\` when the versioned environment \`${envId(spec.namespace, spec.name, latest)}\` of the same name already exists; give it a version (make('${spec.id}') already returns the latest versioned environment).`,
    );
  }
}

function checkNamespaceExists(namespace: string | null): void {
  if (namespace === null) return;
  const namespaces = new Set([...registry.values()].map((s) => s.namespace).filter((n): n is string => n !== null));
  if (namespaces.has(namespace)) return;
  const guess = closest(namespace, namespaces);
  throw new NamespaceNotFound(
    `Namespace ${namespace} not found. ` +
      (guess !== undefined ? `Did you mean: \`${guess}\`?` : `Register an environment in it first (ids look like "${namespace}/Name-v0").`),
  );
}

function checkNameExists(namespace: string | null, name: string): void {
  checkNamespaceExists(namespace);
  const names = new Set([...registry.values()].filter((s) => s.namespace === namespace).map((s) => s.name));
  if (names.has(name)) return;
  const guess = closest(name, names);
  const where = namespace === null ? '' : ` in namespace ${namespace}`;
  throw new NameNotFound(
    `Environment \`${name}\` doesn't exist${where}.` +
      (guess !== undefined ? ` Did you mean: \`${guess}\`?` : ' Run `edgellm-gym list` to see the registered environments.'),
  );
}

/**
 * Explains why `[namespace/]name[-vN]` is not registered, most specific reason first: unknown namespace,
 * unknown name, only a default (unversioned) entry, a version newer than the latest (VersionNotFound) or an
 * older, deprecated one (DeprecatedEnv). Returns quietly when the id exists or its version is omitted.
 */
function checkVersionExists(namespace: string | null, name: string, version: number | null): void {
  if (registry.has(envId(namespace, name, version))) return;
  checkNameExists(namespace, name);
  if (version === null) return;
  let message = `Environment version \`v${version}\` for environment \`${envId(namespace, name, null)}\` doesn't exist.`;
  const specs = specsNamed(namespace, name).sort((a, b) => (a.version ?? -1) - (b.version ?? -1));
  const unversioned = specs.find((s) => s.version === null);
  if (unversioned !== undefined) {
    message += ` It provides the default version \`${unversioned.id}\`.`;
    if (specs.length === 1) throw new DeprecatedEnv(message);
  }
  const versioned = specs.filter((s) => s.version !== null);
  const latest = versioned[versioned.length - 1];
  if (latest !== undefined && version > latest.version!) {
    message += ` It provides versioned environments: [ ${versioned.map((s) => `\`v${s.version}\``).join(', ')} ].`;
    throw new VersionNotFound(message);
  }
  if (latest !== undefined && version < latest.version!) {
    throw new DeprecatedEnv(
      `Environment version v${version} for \`${envId(namespace, name, null)}\` is deprecated. Please use \`${latest.id}\` instead.`,
    );
  }
}

function notRegistered(id: string): UnregisteredEnv {
  return new UnregisteredEnv(
    `No registered env with id: ${id}. Did you register it, or import the package that registers it? Run \`edgellm-gym list\` to see the registered environments.`,
  );
}

/**
 * The spec registered under exactly `id` (no version fallback, as Gymnasium's `spec`).
 * @throws {UnregisteredEnv} (or its subclasses NamespaceNotFound, NameNotFound, VersionNotFound,
 *   DeprecatedEnv) with a suggestion when the id, name, namespace or version is unknown.
 */
export function spec(id: string): EnvSpec {
  const found = registry.get(id);
  if (found !== undefined) return found;
  const { namespace, name, version } = parseEnvId(id);
  checkVersionExists(namespace, name, version);
  const latest = version === null ? highestVersion(namespace, name) : null;
  if (latest !== null) {
    throw new UnregisteredEnv(
      `No registered env with id: ${id}. \`${name}\` is only registered with versions; use \`${envId(namespace, name, latest)}\` (the latest).`,
    );
  }
  throw notRegistered(id);
}

/**
 * The spec `make` uses for `id`, as Gymnasium's lookup: an id without version resolves to the latest
 * version (with a warning), and an id older than the latest version warns that it is out of date.
 */
function findSpec(id: string): EnvSpec {
  const { namespace, name, version } = parseEnvId(id);
  let found = registry.get(id);
  const latest = highestVersion(namespace, name);
  if (version === null && latest !== null) {
    const newId = envId(namespace, name, latest);
    found = registry.get(newId);
    warn(`Using the latest versioned environment \`${newId}\` instead of the unversioned environment \`${id}\`.`);
  }
  if (found === undefined) {
    checkVersionExists(namespace, name, version);
    throw notRegistered(id);
  }
  // (Gymnasium also warns before failing on an unregistered old version; the error alone says it here)
  if (version !== null && latest !== null && latest > version) {
    warn(`The environment ${id} is out of date. You should consider upgrading to version \`v${latest}\`.`);
  }
  return found;
}

/** A copy of keyword arguments deep enough that an environment mutating its config cannot change the spec. */
function cloneKwargs<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneKwargs) as T;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return (value as unknown as { slice(): T }).slice();
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = cloneKwargs(v);
    return out as T;
  }
  return value;
}

/** Options of {@link make} that are not passed to the environment. */
export interface MakeOptions {
  /** Overrides the spec's `maxEpisodeSteps` (adds a `TimeLimit`). */
  maxEpisodeSteps?: number | null;
  /** Skips the `PassiveEnvChecker` wrapper. */
  disableEnvChecker?: boolean;
}

/**
 * Makes a registered environment, as Gymnasium's `make`: the entry point is called with (a copy of) the
 * spec's kwargs overridden by `kwargs`, then `PassiveEnvChecker`, `OrderEnforcing` and `TimeLimit` are
 * applied as the spec says. An id without version makes the latest version (with a warning); an id older
 * than the latest version works but warns that it is out of date.
 *
 * @example
 * ```ts
 * const env = make('EdgeLLM-v0', { agents: 12 });
 * const [obs, info] = env.reset({ seed: 42 });
 * ```
 */
export function make<O = any, A = any>(
  id: string | EnvSpec,
  kwargs: Record<string, unknown> = {},
  options: MakeOptions = {},
): Env<O, A> {
  if (typeof id !== 'string' && !(id instanceof EnvSpec)) {
    throw new InvalidArgument(`make(id): id must be an environment id string or an EnvSpec; got ${String(id)}.`);
  }
  const base = typeof id === 'string' ? findSpec(id) : id;
  if (kwargs === null || typeof kwargs !== 'object' || Array.isArray(kwargs)) {
    throw new InvalidArgument(`make(${base.id}, kwargs): kwargs must be an object of keyword arguments.`);
  }
  const merged = { ...cloneKwargs(base.kwargs), ...kwargs };
  let env: Env<any, any> = base.entryPoint(merged);
  if (!(env instanceof Env)) {
    throw new TypeError(`The entry point of ${base.id} must return an Env (a subclass of Env); it returned ${String(env)}.`);
  }
  const renderMode = merged.renderMode;
  const renderModes = env.metadata.renderModes as unknown;
  if (renderMode !== undefined && renderMode !== null && Array.isArray(renderModes) && !renderModes.includes(renderMode)) {
    warn(
      `The environment is being initialised with renderMode=${JSON.stringify(renderMode)} that is not in the possible render modes (${renderModes.join(', ')}).`,
    );
  }
  const maxEpisodeSteps = options.maxEpisodeSteps !== undefined ? options.maxEpisodeSteps : base.maxEpisodeSteps;
  const disableEnvChecker = options.disableEnvChecker ?? base.disableEnvChecker;
  env.unwrapped.spec = base.with({ kwargs: merged, maxEpisodeSteps, disableEnvChecker });
  if (!disableEnvChecker) env = new PassiveEnvChecker(env);
  if (base.orderEnforce) env = new OrderEnforcing(env);
  if (maxEpisodeSteps !== null && maxEpisodeSteps !== undefined) env = new TimeLimit(env, maxEpisodeSteps);
  return env as Env<O, A>;
}

EnvSpec.maker = (s, kwargs) => make(s, kwargs);

/** Options of {@link makeVec}. */
export interface MakeVecOptions {
  /**
   * `vector-entry-point` makes the spec's batch-native vector environment (`EnvSpec.vectorEntryPoint`);
   * `sync` a `SyncVectorEnv` stepping environments made by `make` in this thread (`async` is
   * `makeVecAsync`'s). Default: `vector-entry-point` when the spec has one and no `wrappers` are given,
   * else `sync`.
   */
  vectorizationMode?: 'sync' | 'async' | 'vector-entry-point';
  /**
   * Options of the vector environment (`infos: false` is read by vector entry points only; so are
   * `workers`, the threads a batch-native vector env steps on, and `workerTimeoutMs`, e.g.
   * `EdgeLLMVectorEnv`'s).
   */
  vectorKwargs?: { autoresetMode?: AutoresetMode; infos?: boolean; workers?: number; workerTimeoutMs?: number };
  /** Wrappers applied to every sub-environment, innermost first (`sync` mode only). */
  wrappers?: ((env: Env<any, any>) => Env<any, any>)[];
  /** Keyword arguments of every sub-environment. */
  kwargs?: Record<string, unknown>;
}

/**
 * Makes a vector environment of `numEnvs` copies of a registered environment. With a vector entry point
 * (the EdgeLLM ids have one) that is the spec's batch-native vector environment, built from the spec's
 * kwargs overridden by `options.kwargs` and the spec's `maxEpisodeSteps`; otherwise (or with
 * `vectorizationMode: 'sync'`, or `wrappers`) a `SyncVectorEnv` of environments each made by {@link make}
 * with `options.kwargs` (so with the spec's wrappers, including the passive checker unless the spec
 * disables it), then wrapped by `options.wrappers` in order. Both give the same trajectories.
 *
 * @example
 * ```ts
 * const envs = makeVec('EdgeLLM-v0', 8);
 * const [obs, infos] = envs.reset({ seed: 1 }); // sub-env i seeded with 1 + i
 * const generic = makeVec('EdgeLLM-v0', 8, { vectorizationMode: 'sync' }); // a SyncVectorEnv
 * ```
 */
export function makeVec(id: string | EnvSpec, numEnvs = 1, options: MakeVecOptions = {}): VectorEnv<any, any> {
  if (!Number.isInteger(numEnvs) || numEnvs < 1) {
    throw new InvalidArgument(`makeVec numEnvs must be a positive integer; got ${numEnvs}.`);
  }
  const requested = options.vectorizationMode;
  if (requested === 'async') {
    throw new InvalidArgument("makeVec cannot start worker threads synchronously; use `await makeVecAsync(id, numEnvs)` for vectorizationMode 'async'.");
  }
  if (requested !== undefined && requested !== 'sync' && requested !== 'vector-entry-point') {
    throw new InvalidArgument(`makeVec vectorizationMode must be 'sync', 'vector-entry-point' (or 'async' through makeVecAsync); got ${JSON.stringify(requested)}.`);
  }
  const s = typeof id === 'string' ? findSpec(id) : id;
  const wrappers = options.wrappers ?? [];
  const mode = requested ?? (s.vectorEntryPoint !== null && wrappers.length === 0 ? 'vector-entry-point' : 'sync');
  if (mode === 'vector-entry-point') {
    if (s.vectorEntryPoint === null) {
      throw new InvalidArgument(`makeVec: ${s.id} has no vectorEntryPoint; use vectorizationMode 'sync' (or leave it out).`);
    }
    if (wrappers.length > 0) {
      throw new InvalidArgument("makeVec: wrappers apply to single environments, which a vector entry point does not make; use vectorizationMode 'sync' with wrappers.");
    }
    const kwargs = options.kwargs ?? {};
    if (kwargs === null || typeof kwargs !== 'object' || Array.isArray(kwargs)) {
      throw new InvalidArgument(`makeVec(${s.id}): options.kwargs must be an object of keyword arguments.`);
    }
    const venv = s.vectorEntryPoint({ ...cloneKwargs(s.kwargs), ...kwargs }, numEnvs, { ...(options.vectorKwargs ?? {}), maxEpisodeSteps: s.maxEpisodeSteps });
    venv.spec = s;
    return venv;
  }
  const fns = Array.from({ length: numEnvs }, () => () => {
    let env = make(s, options.kwargs ?? {});
    for (const w of wrappers) env = w(env);
    return env;
  });
  const venv = new SyncVectorEnv(fns, options.vectorKwargs ?? {});
  venv.spec = s;
  return venv;
}

/** Registered specs, sorted by id. */
export function listSpecs(): EnvSpec[] {
  return [...registry.values()].sort((a, b) => a.id.localeCompare(b.id));
}
