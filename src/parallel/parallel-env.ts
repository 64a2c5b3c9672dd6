/**
 * The `ParallelEnv` contract: PettingZoo's Parallel API in TypeScript, for environments where several
 * agents act at once each step (the multi-edge system: one policy per edge server).
 * @module
 */
import type { Info, ResetArgs } from '../core/env.ts';
import type { Space } from '../spaces/space.ts';
import type { EnvSpec } from '../registry/env-spec.ts';
import type { ParallelEnvSpec } from './parallel-env-spec.ts';

/** A value per agent, keyed by the agent's name. */
export type PerAgent<T> = Record<string, T>;

/** What {@link ParallelEnv.reset} returns: `[observations, infos]`, one entry per live agent. */
export type ParallelResetResult<Obs> = [observations: PerAgent<Obs>, infos: PerAgent<Info>];

/**
 * What {@link ParallelEnv.step} returns: `[observations, rewards, terminations, truncations, infos]`, each
 * keyed by the agents that were live when the step was taken.
 */
export type ParallelStepResult<Obs> = [
  observations: PerAgent<Obs>,
  rewards: PerAgent<number>,
  terminations: PerAgent<boolean>,
  truncations: PerAgent<boolean>,
  infos: PerAgent<Info>,
];

/**
 * A multi-agent environment in which every live agent acts at each step, with PettingZoo's Parallel API
 * semantics:
 *
 * - `possibleAgents` lists every agent that may ever appear, in a fixed order; `agents` lists the agents
 *   live now (after `reset`, all of them; an agent leaves `agents` after the step that terminated or
 *   truncated it, and an episode is over when `agents` is empty);
 * - `observationSpace(agent)` and `actionSpace(agent)` are fixed for each possible agent;
 * - `reset({ seed, options })` returns `[observations, infos]` keyed by every live agent; a seed makes the
 *   episode reproducible exactly as `Env.reset` does;
 * - `step(actions)` takes one action per live agent (a missing, unknown or out-of-space action is an error
 *   that names the agent and changes no state) and returns
 *   `[observations, rewards, terminations, truncations, infos]`, each keyed by the agents that acted.
 *
 * `checkParallelEnv` checks an implementation against this contract, as `checkEnv` does for `Env`.
 */
export interface ParallelEnv<Obs = unknown, Act = unknown> {
  /** Every agent that may ever appear, in a fixed order. */
  readonly possibleAgents: readonly string[];
  /** The agents live now. */
  readonly agents: readonly string[];
  /** Static facts (render modes, …), as `Env.metadata`. */
  readonly metadata: Record<string, unknown>;
  /** The registration this environment was made from (`makeParallel` sets a `ParallelEnvSpec`), or `null`. */
  readonly spec?: ParallelEnvSpec | EnvSpec | null;
  /** The observation space of `agent` (throws naming the agent when it is not a possible agent). */
  observationSpace(agent: string): Space<Obs>;
  /** The action space of `agent` (throws naming the agent when it is not a possible agent). */
  actionSpace(agent: string): Space<Act>;
  /** Starts an episode; see the interface's description. */
  reset(args?: ResetArgs): ParallelResetResult<Obs>;
  /** Applies one action per live agent; see the interface's description. */
  step(actions: PerAgent<Act>): ParallelStepResult<Obs>;
  /** Renders the current state (`null` without a render mode). */
  render(): unknown;
  /** Releases what the environment holds; calling it twice is allowed. */
  close(): void;
}
