/**
 * `checkParallelEnv`: an active check that a multi-agent environment follows the Parallel API, as
 * PettingZoo's `parallel_api_test` and Gymnasium's `check_env` do for theirs.
 * @module
 */
import { collectWarnings, warn } from '../core/logger.ts';
import { Space } from '../spaces/space.ts';
import { EnvCheckError, check } from '../checker/check-error.ts';
import { dataEquivalence } from '../checker/data-equivalence.ts';
import { checkSpace } from '../checker/passive-env-checker.ts';
import type { ParallelEnv, PerAgent } from './parallel-env.ts';

/** Options of {@link checkParallelEnv}. */
export interface CheckParallelEnvOptions {
  /** Steps of the random-action episode the checker plays (default 100; it stops earlier when the episode ends). */
  numCycles?: number;
  /** Seed of the checker's own draws and of the environment's seeded resets (default 123). */
  seed?: number;
  /**
   * A value that is not an element of `actionSpace(agent)`, used to check that out-of-space actions are
   * refused; the default tries `NaN`, `-1`, `null` and a string and uses the first one outside the space.
   */
  invalidAction?: (agent: string, space: Space<unknown>) => unknown;
}

/** What {@link checkParallelEnv} found short of an error. */
export interface CheckParallelEnvReport {
  /** Warnings, in the order they were raised. */
  warnings: string[];
  /** Steps played in the random-action episode. */
  steps: number;
}

const isRecord = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

function checkKeys(value: unknown, agents: readonly string[], what: string): asserts value is Record<string, unknown> {
  check(isRecord(value), `${what} must be an object keyed by agent; got ${Array.isArray(value) ? 'an array' : typeof value}.`);
  const keys = Object.keys(value).sort();
  const want = [...agents].sort();
  check(
    keys.length === want.length && keys.every((k, i) => k === want[i]),
    `${what} must have one entry per live agent (${want.join(', ') || 'none'}); it has ${keys.join(', ') || 'none'}.`,
  );
}

function checkObservations(env: ParallelEnv<any, any>, obs: unknown, agents: readonly string[], call: string): void {
  checkKeys(obs, agents, `The observations returned by \`${call}\``);
  for (const a of agents) {
    const why = env.observationSpace(a).explain(obs[a], `observations.${a}`);
    check(why === null, `The observation of agent ${a} returned by \`${call}\` is not in observationSpace('${a}'): ${why}.`);
  }
}

function checkInfos(infos: unknown, agents: readonly string[], call: string): void {
  checkKeys(infos, agents, `The infos returned by \`${call}\``);
  for (const a of agents) check(isRecord(infos[a]), `The info of agent ${a} returned by \`${call}\` must be an object; got ${typeof infos[a]}.`);
}

function sampleActions(env: ParallelEnv<any, any>): PerAgent<unknown> {
  const actions: PerAgent<unknown> = {};
  for (const a of env.agents) actions[a] = env.actionSpace(a).sample();
  return actions;
}

function defaultInvalid(_agent: string, space: Space<unknown>): unknown {
  for (const candidate of [Number.NaN, -1, null, 'not an action']) if (!space.contains(candidate)) return candidate;
  return undefined;
}

/** Plays `n` seeded steps with actions drawn from spaces seeded with `seed`; returns every result. */
function replay(env: ParallelEnv<any, any>, seed: number, n: number): unknown[] {
  for (const a of env.possibleAgents) env.actionSpace(a).seed(seed + env.possibleAgents.indexOf(a));
  const out: unknown[] = [env.reset({ seed })];
  for (let t = 0; t < n && env.agents.length > 0; t++) out.push(env.step(sampleActions(env)));
  return out;
}

function checkStaticParts(env: ParallelEnv<any, any>): void {
  const possible = env.possibleAgents as unknown;
  check(Array.isArray(possible) && possible.length > 0, '`possibleAgents` must be a non-empty array of agent names.');
  check(possible.every((a) => typeof a === 'string'), '`possibleAgents` must hold strings (agent names).');
  check(new Set(possible).size === possible.length, `\`possibleAgents\` has a duplicate name: ${possible.join(', ')}.`);
  check(isRecord(env.metadata), '`metadata` must be an object.');
  for (const a of env.possibleAgents) {
    const os = env.observationSpace(a);
    checkSpace(os, 'observation');
    check(env.observationSpace(a) === os, `observationSpace('${a}') must return the same space on every call (cache it).`);
    const as = env.actionSpace(a);
    checkSpace(as, 'action');
    check(env.actionSpace(a) === as, `actionSpace('${a}') must return the same space on every call (cache it).`);
  }
  let refused = false;
  try {
    env.observationSpace('\u0000no such agent');
  } catch {
    refused = true;
  }
  check(refused, '`observationSpace(agent)` must throw (naming the agent) for a name that is not a possible agent.');
  refused = false;
  try {
    env.actionSpace('\u0000no such agent');
  } catch {
    refused = true;
  }
  check(refused, '`actionSpace(agent)` must throw (naming the agent) for a name that is not a possible agent.');
}

function checkReset(env: ParallelEnv<any, any>, seed: number): void {
  const result = env.reset({ seed }) as unknown;
  check(Array.isArray(result) && result.length === 2, '`reset()` must return a 2-element array `[observations, infos]`.');
  const agents = env.agents;
  check(Array.isArray(agents) && agents.length > 0, 'After `reset()`, `agents` must list the live agents (none are live).');
  for (const a of agents) check(env.possibleAgents.includes(a), `Live agent ${a} is not one of possibleAgents.`);
  checkObservations(env, result[0], agents, 'reset()');
  checkInfos(result[1], agents, 'reset()');
  try {
    env.reset({ seed, options: {} });
  } catch (e) {
    throw new EnvCheckError(`\`reset({ options: {} })\` raised (${(e as Error).message}); reset must accept an empty options object.`);
  }
}

function checkSeeding(env: ParallelEnv<any, any>, seed: number, nondeterministic: boolean): void {
  const [a1] = env.reset({ seed });
  const [b1] = env.reset();
  const [a2] = env.reset({ seed });
  const [b2] = env.reset();
  if (nondeterministic) return;
  check(dataEquivalence(a1, a2), `\`reset({ seed: ${seed} })\` is not deterministic: two seeded resets gave different observations.`);
  check(dataEquivalence(b1, b2), `\`reset({ seed: ${seed} })\` then \`reset()\` is not deterministic: the unseeded resets that followed differ.`);
  const first = replay(env, seed, 5);
  const second = replay(env, seed, 5);
  check(
    dataEquivalence(first, second),
    `Seeded episodes are not reproducible: reset({ seed: ${seed} }) and the same actions gave different results within 5 steps.`,
  );
}

function expectRefused(env: ParallelEnv<any, any>, actions: unknown, what: string): void {
  let threw: unknown = null;
  try {
    env.step(actions as PerAgent<unknown>);
  } catch (e) {
    threw = e;
  }
  check(threw !== null, `\`step\` accepted ${what}; it must throw an error naming the agent.`);
  if (!(threw instanceof Error) || threw.message.length === 0) warn(`\`step\` refused ${what} without an error message.`);
}

function checkBadActions(env: ParallelEnv<any, any>, seed: number, invalid: CheckParallelEnvOptions['invalidAction']): void {
  const clean = replay(env, seed, 1);
  env.reset({ seed });
  for (const a of env.possibleAgents) env.actionSpace(a).seed(seed + env.possibleAgents.indexOf(a));
  const good = sampleActions(env);
  const live = [...env.agents];
  const first = live[0]!;
  const { [first]: _dropped, ...missing } = good;
  expectRefused(env, missing, `actions without live agent ${first}`);
  expectRefused(env, { ...good, '\u0000intruder': good[first] }, 'an action keyed by an unknown agent');
  const bad = (invalid ?? defaultInvalid)(first, env.actionSpace(first));
  if (bad !== undefined && !env.actionSpace(first).contains(bad)) {
    expectRefused(env, { ...good, [first]: bad }, `an out-of-space action for agent ${first}`);
  } else warn(`No out-of-space action of agent ${first} was found to check that step refuses one; pass options.invalidAction.`);
  check(dataEquivalence(env.agents, live), 'A refused step changed `agents`; bad actions must change no state.');
  const after = env.step(good);
  check(
    dataEquivalence(after, clean[1]),
    'A refused step changed the state: the valid step that followed differs from the same step without the refused ones.',
  );
}

function checkEpisode(env: ParallelEnv<any, any>, seed: number, numCycles: number): number {
  env.reset({ seed: seed + 1 });
  let steps = 0;
  const gone = new Set<string>();
  while (steps < numCycles && env.agents.length > 0) {
    const live = [...env.agents];
    const call = `step() #${steps + 1}`;
    const result = env.step(sampleActions(env)) as unknown;
    steps++;
    check(Array.isArray(result) && result.length === 5, `\`${call}\` must return \`[observations, rewards, terminations, truncations, infos]\`.`);
    const [obs, rewards, terms, truncs, infos] = result as [unknown, unknown, unknown, unknown, unknown];
    checkObservations(env, obs, live, call);
    checkKeys(rewards, live, `The rewards returned by \`${call}\``);
    checkKeys(terms, live, `The terminations returned by \`${call}\``);
    checkKeys(truncs, live, `The truncations returned by \`${call}\``);
    checkInfos(infos, live, call);
    for (const a of live) {
      const r = rewards[a];
      check(typeof r === 'number' && Number.isFinite(r), `The reward of agent ${a} from \`${call}\` must be a finite number; got ${String(r)}.`);
      check(typeof terms[a] === 'boolean', `The termination of agent ${a} from \`${call}\` must be a boolean.`);
      check(typeof truncs[a] === 'boolean', `The truncation of agent ${a} from \`${call}\` must be a boolean.`);
      const done = terms[a] === true || truncs[a] === true;
      check(
        env.agents.includes(a) === !done,
        done ? `Agent ${a} ended at \`${call}\` but is still in \`agents\`.` : `Agent ${a} left \`agents\` at \`${call}\` without being terminated or truncated.`,
      );
      if (done) gone.add(a);
    }
    for (const a of env.agents) {
      check(live.includes(a) || !gone.has(a), `Agent ${a} came back to \`agents\` after it ended.`);
      check(env.possibleAgents.includes(a), `Live agent ${a} is not one of possibleAgents.`);
    }
  }
  return steps;
}

/**
 * Checks that `env` follows the Parallel API: spaces per possible agent (well formed, the same object on
 * every call, an unknown agent refused); `reset` returning `[observations, infos]` keyed by the live agents
 * with observations in their spaces; seeded resets and seeded episodes reproducible; bad actions (a missing
 * agent, an unknown agent, an out-of-space value) refused without changing the state; and a random-action
 * episode whose steps return five records keyed by the agents that acted, finite rewards, boolean flags,
 * and `agents` shrinking exactly by the agents that ended. Violations throw; softer problems are returned
 * as warnings.
 *
 * @example
 * ```ts
 * const { warnings, steps } = checkParallelEnv(makeParallel('EdgeLLMMulti-v0'), { numCycles: 20 });
 * ```
 * @throws {EnvCheckError} naming the broken rule (and the agent, where there is one).
 */
export function checkParallelEnv(env: ParallelEnv<any, any>, options: CheckParallelEnvOptions = {}): CheckParallelEnvReport {
  const seed = options.seed ?? 123;
  const numCycles = options.numCycles ?? 100;
  const nondeterministic = (env.spec as { nondeterministic?: boolean } | null | undefined)?.nondeterministic === true;
  let steps = 0;
  const [, warnings] = collectWarnings(() => {
    checkStaticParts(env);
    checkReset(env, seed);
    checkSeeding(env, seed, nondeterministic);
    checkBadActions(env, seed, options.invalidAction);
    steps = checkEpisode(env, seed, numCycles);
  });
  return { warnings, steps };
}
