/**
 * The environment registry: `register`, `make`, `makeVec`, `spec`.
 * @module
 */
import type { Env } from '../core/env.ts';
import { DeprecatedEnv, InvalidArgument, UnregisteredEnv, VersionNotFound } from '../core/errors.ts';
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
 * Registers an environment so that `make(id)` can build it.
 *
 * @example
 * ```ts
 * register({ id: 'lab/Coin-v0', entryPoint: () => new Coin(), maxEpisodeSteps: 10 });
 * const env = make('lab/Coin-v0');
 * ```
 */
export function register(init: EnvSpecInit): EnvSpec {
  const spec = new EnvSpec(init);
  if (registry.has(spec.id)) warn(`Overriding environment ${spec.id} already in registry.`);
  registry.set(spec.id, spec);
  return spec;
}

/** Removes an environment from the registry (mainly for tests). */
export function unregister(id: string): boolean {
  return registry.delete(id);
}

function checkNameExists(namespace: string | null, name: string): void {
  const inNamespace = [...registry.values()].filter((s) => s.namespace === namespace);
  if (inNamespace.some((s) => s.name === name)) return;
  if (namespace !== null && inNamespace.length === 0) {
    const namespaces = new Set([...registry.values()].map((s) => s.namespace).filter((n): n is string => n !== null));
    const guess = closest(namespace, namespaces);
    throw new UnregisteredEnv(
      `Namespace ${namespace} not found.` + (guess ? ` Did you mean: \`${guess}\`?` : ' Register an environment in it first.'),
    );
  }
  const guess = closest(name, new Set(inNamespace.map((s) => s.name)));
  const where = namespace === null ? '' : ` in namespace ${namespace}`;
  throw new UnregisteredEnv(
    `Environment \`${name}\` doesn't exist${where}.` +
      (guess ? ` Did you mean: \`${guess}\`?` : ' Run `edgellm-gym list` to see the registered environments.'),
  );
}

function checkVersionExists(namespace: string | null, name: string, version: number | null): void {
  const id = envId(namespace, name, version);
  if (registry.has(id)) return;
  checkNameExists(namespace, name);
  const versions = [...registry.values()].filter((s) => s.namespace === namespace && s.name === name);
  const numbered = versions.filter((s) => s.version !== null).sort((a, b) => a.version! - b.version!);
  const latest = numbered[numbered.length - 1];
  if (version === null) {
    throw new VersionNotFound(
      `Environment \`${name}\` has no unversioned entry; use a version, e.g. \`${latest?.id ?? envId(namespace, name, 0)}\`.`,
    );
  }
  let message = `Environment version \`v${version}\` for environment \`${envId(namespace, name, null)}\` doesn't exist.`;
  if (numbered.length > 0) message += ` It provides versioned environments: [ ${numbered.map((s) => `\`v${s.version}\``).join(', ')} ].`;
  if (latest !== undefined && version > latest.version!) {
    throw new DeprecatedEnv(`${message} Please use the latest version, \`${latest.id}\`.`);
  }
  throw new VersionNotFound(message);
}

/**
 * The spec registered under `id`.
 * @throws {UnregisteredEnv} with a suggestion when the id, name, namespace or version is unknown.
 */
export function spec(id: string): EnvSpec {
  const found = registry.get(id);
  if (found !== undefined) return found;
  const { namespace, name, version } = parseEnvId(id);
  checkVersionExists(namespace, name, version);
  throw new UnregisteredEnv(`No registered env with id: ${id}.`);
}

/** Options of {@link make} that are not passed to the environment. */
export interface MakeOptions {
  /** Overrides the spec's `maxEpisodeSteps` (adds a `TimeLimit`). */
  maxEpisodeSteps?: number | null;
  /** Skips the `PassiveEnvChecker` wrapper. */
  disableEnvChecker?: boolean;
}

/**
 * Makes a registered environment, as Gymnasium's `make`: the entry point is called with the spec's
 * kwargs overridden by `kwargs`, then `PassiveEnvChecker`, `OrderEnforcing` and `TimeLimit` are applied as
 * the spec says.
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
  const base = typeof id === 'string' ? spec(id) : id;
  if (kwargs === null || typeof kwargs !== 'object' || Array.isArray(kwargs)) {
    throw new InvalidArgument(`make(${base.id}, kwargs): kwargs must be an object of keyword arguments.`);
  }
  const merged = { ...base.kwargs, ...kwargs };
  let env: Env<any, any> = base.entryPoint(merged);
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
  /** `sync` (default) steps the sub-environments in this thread. */
  vectorizationMode?: 'sync';
  /** Options of the vector environment. */
  vectorKwargs?: { autoresetMode?: AutoresetMode };
  /** Wrappers applied to every sub-environment, innermost first. */
  wrappers?: ((env: Env<any, any>) => Env<any, any>)[];
  /** Keyword arguments of every sub-environment. */
  kwargs?: Record<string, unknown>;
}

/**
 * Makes a vector of `numEnvs` copies of a registered environment.
 *
 * @example
 * ```ts
 * const envs = makeVec('EdgeLLM-v0', 8);
 * const [obs, infos] = envs.reset({ seed: 1 }); // sub-env i seeded with 1 + i
 * ```
 */
export function makeVec(id: string | EnvSpec, numEnvs = 1, options: MakeVecOptions = {}): VectorEnv<any, any> {
  if (!Number.isInteger(numEnvs) || numEnvs < 1) {
    throw new InvalidArgument(`makeVec numEnvs must be a positive integer; got ${numEnvs}.`);
  }
  const mode = options.vectorizationMode ?? 'sync';
  if (mode !== 'sync') throw new InvalidArgument(`makeVec vectorizationMode must be 'sync'; got ${JSON.stringify(mode)}.`);
  const s = typeof id === 'string' ? spec(id) : id;
  const fns = Array.from({ length: numEnvs }, () => () => {
    let env = make(s, options.kwargs ?? {}, { disableEnvChecker: true });
    for (const w of options.wrappers ?? []) env = w(env);
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
