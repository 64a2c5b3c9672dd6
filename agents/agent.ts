/**
 * The `Agent` interface shared by every policy of the package and by the evaluation harness.
 * @module
 */
import type { Info } from '../src/core/env.ts';
import type { Space } from '../src/spaces/space.ts';

/** One environment transition, as given to {@link Agent.observe}. */
export interface Transition<Obs = unknown, Act = unknown> {
  obs: Obs;
  action: Act;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info: Info;
  nextObs: Obs;
}

/**
 * A policy. The harness calls `reset` at the start of each episode with the reset observation and info,
 * then `act` each step with the current observation and the latest info (the reset info on the first step),
 * and `observe` after each step when the agent defines it (online learning).
 *
 * Agents decide only from what the environment exposes (observation and info), so they drive a remote
 * environment exactly as a local one.
 */
export interface Agent<Obs = unknown, Act = unknown> {
  /** Name used in result tables. */
  readonly name: string;
  /** Starts an episode. */
  reset(obs: Obs, info: Info): void;
  /** Chooses an action. */
  act(obs: Obs, info: Info): Act;
  /** Receives the transition that followed its last action (optional, for online learning). */
  observe?(transition: Transition<Obs, Act>): void;
  /** Releases resources (optional). */
  close?(): void;
}

/** What an agent factory receives. */
export interface AgentContext {
  /** The environment's observation space. */
  observationSpace: Space<unknown>;
  /** The environment's action space. */
  actionSpace: Space<unknown>;
  /** The environment id, when known. */
  envId?: string;
  /** Seed of the agent's own randomness. */
  seed?: number;
  /**
   * Hash of the environment's resolved configuration (`configHash` of `env.unwrapped.config`), when known;
   * agents trained for one configuration (the learning agents' checkpoints) refuse another.
   */
  envConfigHash?: string;
  /**
   * Learning agents: the training seed of the checkpoint to load (`<agent>-<env id>-s<seed>.json`); default
   * the lowest training seed with a checkpoint for the environment. Other agents ignore it.
   */
  trainingSeed?: number;
}
