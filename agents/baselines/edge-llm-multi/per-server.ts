/**
 * A single-server EdgeLLM baseline applied at every edge server of a multi-edge system: one instance per
 * server, each seeing only its server (docs/agents.md#the-multi-edge-system).
 * @module
 */
import type { Info } from '../../../src/core/env.ts';
import type { PerAgent } from '../../../src/parallel/parallel-env.ts';
import type { Agent } from '../../agent.ts';
import type { EdgeLLMMultiEnv, ServerAction, ServerStepInfo } from '../../../envs/edge-llm-multi/edge-llm-multi-env.ts';
import { makeBaseline } from '../edge-llm/index.ts';

/**
 * One single-server baseline per edge server. Each instance is built with its server's own spaces (as if
 * the server were an `EdgeLLMEnv`) and fed only its server's part: the single-server observation (the
 * system observation without the market prices), the reset info (with the server's `system`
 * description), and after a step the single-server step info (`info.server`). The baselines therefore act
 * exactly as they do on one server, ignorant of the market.
 *
 * @example
 * ```ts
 * const env = new EdgeLLMMultiEnv();
 * const policy = new PerServerBaseline('lfu', env);
 * let [obs, infos] = env.reset({ seed: 10000 });
 * policy.reset(obs, infos);
 * const [next, rewards, , , stepInfos] = env.step(policy.act(obs, infos));
 * ```
 */
export class PerServerBaseline {
  /** The baseline's name. */
  readonly name: string;
  /** One agent per server, keyed by agent name. */
  readonly agents: Readonly<PerAgent<Agent<Float32Array, ServerAction>>>;
  private readonly dims: PerAgent<number>;

  /**
   * @param name a baseline of the EdgeLLM family (`cloud`, `lfu`, `greedy`, …, or `random`).
   * @param env the system the baseline will act in.
   * @param seed seed of the agents' own randomness (server n gets `seed + n`).
   * @throws {InvalidArgument} for an unknown baseline name, with the closest known one.
   */
  constructor(name: string, env: EdgeLLMMultiEnv, seed = 0) {
    this.name = name;
    const agents: PerAgent<Agent<Float32Array, ServerAction>> = {};
    const dims: PerAgent<number> = {};
    env.possibleAgents.forEach((a, n) => {
      const server = env.servers[n]!;
      agents[a] = makeBaseline(name, { observationSpace: server.observationSpace, actionSpace: server.actionSpace, envId: 'EdgeLLM-v0', seed: seed + n });
      dims[a] = server.observationSpace.shape[0]!;
    });
    this.agents = agents;
    this.dims = dims;
  }

  private own(agent: string, obs: Float32Array): Float32Array {
    return obs.subarray(0, this.dims[agent]);
  }

  /** Starts an episode: every server's agent gets its observation and reset info. */
  reset(observations: PerAgent<Float32Array>, infos: PerAgent<Info>): void {
    for (const [a, agent] of Object.entries(this.agents)) agent.reset(this.own(a, observations[a]!), infos[a]!);
  }

  /** One action per live server, from its own observation and its last single-server info. */
  act(observations: PerAgent<Float32Array>, infos: PerAgent<Info>): PerAgent<ServerAction> {
    const actions: PerAgent<ServerAction> = {};
    for (const a of Object.keys(observations)) {
      const info = infos[a]!;
      const own = (info as Partial<ServerStepInfo>).server ?? info;
      actions[a] = this.agents[a]!.act(this.own(a, observations[a]!), own);
    }
    return actions;
  }

  /** Closes every server's agent. */
  close(): void {
    for (const agent of Object.values(this.agents)) agent.close?.();
  }
}
