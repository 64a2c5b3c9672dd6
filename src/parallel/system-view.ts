/**
 * Single-agent ids for whole multi-agent systems: `registerSystemView(parallelId)` registers
 * `<name>-View-v<N>` (e.g. `EdgeLLMMulti-View-v0` for `EdgeLLMMulti-v0`) with `make`, as a
 * {@link SingleAgentView} of the parallel environment with the system reward and actions keyed by agent,
 * so that the evaluation harness, the leaderboard and every single-agent tool run on the system.
 * @module
 */
import { InvalidArgument } from '../core/errors.ts';
import type { EnvSpec } from '../registry/env-spec.ts';
import { parseEnvId } from '../registry/env-id.ts';
import { register } from '../registry/registry.ts';
import { makeParallel, parallelSpec } from './parallel-registry.ts';
import { SingleAgentView } from './single-agent-view.ts';

/** Parallel id of every registered system view, by view id. */
const views = new Map<string, string>();

/**
 * The id of the single-agent view of parallel id `parallelId`: `-View` after the name, before the version.
 *
 * @example
 * ```ts
 * systemViewId('EdgeLLMMulti-v0');          // 'EdgeLLMMulti-View-v0'
 * systemViewId('lab/Pair');                 // 'lab/Pair-View'
 * ```
 */
export function systemViewId(parallelId: string): string {
  const { namespace, name, version } = parseEnvId(parallelId);
  return `${namespace === null ? '' : `${namespace}/`}${name}-View${version === null ? '' : `-v${version}`}`;
}

/** The parallel id behind a registered system view, or `null` when `id` is not one. */
export function parallelIdOfView(id: string): string | null {
  return views.get(id) ?? null;
}

/**
 * Registers the single-agent view of the registered parallel environment `parallelId` under
 * {@link systemViewId}: `make(viewId, kwargs)` makes the parallel environment with `kwargs` and wraps it in
 * a `SingleAgentView` whose reward is the system reward (`info.systemReward`, which the parallel
 * environment must provide) and whose action is a Dict keyed by agent. The view keeps the parallel spec's
 * description, schema, module and cost.
 *
 * @example
 * ```ts
 * // not run: EdgeLLMMulti-v0 is registered by the multi-edge family of edgellm-gym/envs
 * registerSystemView('EdgeLLMMulti-v0');
 * const env = make('EdgeLLMMulti-View-v0');   // mean cost per slot = mean system cost per slot
 * ```
 * @throws {UnregisteredEnv} when `parallelId` is not a registered parallel environment.
 */
export function registerSystemView(parallelId: string): EnvSpec {
  const p = parallelSpec(parallelId);
  const id = systemViewId(parallelId);
  if (views.has(id) && views.get(id) !== parallelId) {
    throw new InvalidArgument(`${id} is already the view of ${views.get(id)}; it cannot also be the view of ${parallelId}.`);
  }
  const spec = register({
    id,
    entryPoint: (kwargs) => new SingleAgentView(makeParallel(parallelId, kwargs), { reward: 'system', action: 'dict' }),
    description: `${parallelId} as one single-agent env (system reward, actions keyed by agent)${p.description === '' ? '' : `: ${p.description}`}`,
    module: p.module,
    configSchema: p.configSchema,
    cost: (kwargs) => p.cost(kwargs),
    nondeterministic: p.nondeterministic,
  });
  views.set(id, parallelId);
  return spec;
}
