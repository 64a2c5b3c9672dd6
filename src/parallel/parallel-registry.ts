/**
 * The registry of multi-agent environments: `registerParallel`, `makeParallel`, `parallelSpec`. It sits
 * beside the single-agent registry so that `make` keeps returning `Env`s only.
 * @module
 */
import { InvalidArgument, RegistrationError, UnregisteredEnv } from '../core/errors.ts';
import { warn } from '../core/logger.ts';
import { closest } from '../utils/closest.ts';
import { registry as singleAgentRegistry } from '../registry/registry.ts';
import type { ParallelEnv } from './parallel-env.ts';
import { AgentVectorEnv } from './agent-vector-env.ts';
import type { VectorEnv } from '../vector/vector-env.ts';
import { ParallelEnvSpec, type ParallelEnvSpecInit } from './parallel-env-spec.ts';

/** All registered parallel specs by id. */
export const parallelRegistry: Map<string, ParallelEnvSpec> = new Map();

/**
 * Registers a multi-agent environment so that `makeParallel(id)` can build it. Registering an id again
 * replaces the entry (with a warning). An id may not also be a single-agent id.
 *
 * @example
 * ```ts
 * registerParallel({ id: 'lab/Nothing-v0', entryPoint: () => { throw new Error('never made'); } });
 * parallelSpec('lab/Nothing-v0').name; // 'Nothing'
 * unregisterParallel('lab/Nothing-v0');
 * ```
 * @throws {RegistrationError} when the id is registered as a single-agent environment.
 */
export function registerParallel(init: ParallelEnvSpecInit): ParallelEnvSpec {
  const s = new ParallelEnvSpec(init);
  if (singleAgentRegistry.has(s.id)) {
    throw new RegistrationError(
      `Can't register the parallel environment \`${s.id}\`: the id is a single-agent environment (made by make); choose another id.`,
    );
  }
  if (parallelRegistry.has(s.id)) warn(`Overriding parallel environment ${s.id} already in registry.`);
  parallelRegistry.set(s.id, s);
  return s;
}

/** Removes a parallel environment from the registry (mainly for tests). */
export function unregisterParallel(id: string): boolean {
  return parallelRegistry.delete(id);
}

/** `true` when `id` is a registered parallel environment. */
export function isParallelEnvId(id: string): boolean {
  return parallelRegistry.has(id);
}

/**
 * The parallel spec registered under exactly `id`.
 * @throws {UnregisteredEnv} naming the closest registered parallel id, or saying that the id is a
 *   single-agent environment (made by `make`).
 */
export function parallelSpec(id: string): ParallelEnvSpec {
  if (typeof id !== 'string') throw new InvalidArgument(`parallelSpec(id): id must be a string; got ${String(id)}.`);
  const found = parallelRegistry.get(id);
  if (found !== undefined) return found;
  if (singleAgentRegistry.has(id)) {
    throw new UnregisteredEnv(`\`${id}\` is a single-agent environment: make it with make('${id}'), not makeParallel.`);
  }
  const guess = closest(id, parallelRegistry.keys());
  const known = [...parallelRegistry.keys()].sort();
  throw new UnregisteredEnv(
    `No registered parallel env with id: ${id}.` +
      (guess !== undefined
        ? ` Did you mean: \`${guess}\`?`
        : known.length > 0
          ? ` Registered parallel environments: ${known.join(', ')}.`
          : ' No parallel environment is registered; import the package that registers them (edgellm-gym/envs).'),
  );
}

/**
 * Makes a registered multi-agent environment: the entry point is called with (a copy of) the spec's kwargs
 * overridden by `kwargs`, and the environment's `spec` is set to the spec with the merged kwargs.
 *
 * @example
 * ```ts
 * const env = makeParallel('EdgeLLMMulti-v0', { market: false });
 * const [observations, infos] = env.reset({ seed: 42 });
 * ```
 * @throws {UnregisteredEnv} for an unknown id; whatever the entry point throws for bad kwargs.
 */
export function makeParallel<O = any, A = any>(
  id: string | ParallelEnvSpec,
  kwargs: Record<string, unknown> = {},
): ParallelEnv<O, A> {
  const base = id instanceof ParallelEnvSpec ? id : parallelSpec(id);
  if (kwargs === null || typeof kwargs !== 'object' || Array.isArray(kwargs)) {
    throw new InvalidArgument(`makeParallel(${base.id}, kwargs): kwargs must be an object of keyword arguments.`);
  }
  const merged = { ...cloneKwargs({ ...base.kwargs }), ...kwargs };
  const env = base.entryPoint(merged);
  if (env === null || typeof env !== 'object' || typeof env.step !== 'function' || typeof env.reset !== 'function' || !Array.isArray(env.possibleAgents)) {
    throw new TypeError(`The entry point of ${base.id} must return a ParallelEnv (possibleAgents, reset, step); it returned ${String(env)}.`);
  }
  try {
    (env as { spec?: unknown }).spec = base.with({ kwargs: merged });
  } catch {
    // an environment whose spec is a getter keeps its own
  }
  return env as ParallelEnv<O, A>;
}

/** Options of {@link makeAgentVec}. */
export interface MakeAgentVecOptions {
  /** Keyword arguments of every copy (over the spec's). */
  kwargs?: Record<string, unknown>;
  /**
   * `vector-entry-point`: the spec's batch-native vector environment; `agent-vector`: an `AgentVectorEnv`
   * over `makeParallel` copies. Default: the first when the spec has one.
   */
  vectorizationMode?: 'vector-entry-point' | 'agent-vector';
}

/**
 * `numCopies` copies of a registered multi-agent environment as one vector environment of one
 * sub-environment per (copy, agent) in the padded spaces (parameter sharing, same-step autoreset): the
 * spec's `vectorEntryPoint` when it has one (for `EdgeLLMMulti-*`, the batch-native `EdgeLLMMultiVectorEnv`),
 * else an `AgentVectorEnv`. Both give the same trajectories for the same seeds and actions.
 *
 * @example
 * ```ts
 * const envs = makeAgentVec('EdgeLLMMulti-v0', 4); // 4 systems × 4 servers
 * envs.numEnvs; // 16
 * ```
 * @throws {UnregisteredEnv} for an unknown id; {@link InvalidArgument} for `vector-entry-point` on a spec without one.
 */
export function makeAgentVec(id: string | ParallelEnvSpec, numCopies: number, options: MakeAgentVecOptions = {}): VectorEnv<unknown, unknown> {
  const base = id instanceof ParallelEnvSpec ? id : parallelSpec(id);
  if (!Number.isInteger(numCopies) || numCopies < 1) throw new InvalidArgument(`makeAgentVec(${base.id}): numCopies must be a positive integer; got ${numCopies}.`);
  const kwargs = options.kwargs ?? {};
  const mode = options.vectorizationMode ?? (base.vectorEntryPoint !== null ? 'vector-entry-point' : 'agent-vector');
  if (mode === 'vector-entry-point') {
    if (base.vectorEntryPoint === null) throw new InvalidArgument(`makeAgentVec: ${base.id} has no vectorEntryPoint; use vectorizationMode 'agent-vector' (or leave it out).`);
    return base.vectorEntryPoint({ ...cloneKwargs({ ...base.kwargs }), ...cloneKwargs(kwargs) }, numCopies, { autoresetMode: 'same-step' });
  }
  if (mode !== 'agent-vector') throw new InvalidArgument(`makeAgentVec: vectorizationMode must be 'vector-entry-point' or 'agent-vector'; got ${JSON.stringify(mode)}.`);
  return new AgentVectorEnv(Array.from({ length: numCopies }, () => () => makeParallel(base, cloneKwargs(kwargs))));
}

ParallelEnvSpec.maker = (s, kwargs) => makeParallel(s, kwargs);

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

/** Registered parallel specs, sorted by id. */
export function listParallelSpecs(): ParallelEnvSpec[] {
  return [...parallelRegistry.values()].sort((a, b) => a.id.localeCompare(b.id));
}
