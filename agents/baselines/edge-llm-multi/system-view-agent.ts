/**
 * A per-server baseline driving the single-agent view of a multi-edge system (`EdgeLLMMulti-View-v0`), so the
 * evaluation harness and the leaderboard run the single-server baselines on the whole system.
 * @module
 */
import type { Info } from '../../../src/core/env.ts';
import type { PerAgent } from '../../../src/parallel/parallel-env.ts';
import type { Agent } from '../../agent.ts';
import type { EdgeLLMMultiEnv, ServerAction } from '../../../envs/edge-llm-multi/edge-llm-multi-env.ts';
import { PerServerBaseline } from './per-server.ts';

/**
 * Splits the view's observation (every server's observation, concatenated in server order) and its info
 * (`info.agents`, keyed by server) per server, lets a {@link PerServerBaseline} act at each server, and
 * returns the view's action (keyed by server).
 *
 * @example
 * ```ts
 * const view = make('EdgeLLMMulti-View-v0');
 * const agent = new SystemViewAgent('lfu', new EdgeLLMMultiEnv());
 * let [obs, info] = view.reset({ seed: 10000 });
 * agent.reset(obs as Float32Array, info);
 * view.step(agent.act(obs as Float32Array, info));
 * ```
 */
export class SystemViewAgent implements Agent<Float32Array, PerAgent<ServerAction>> {
  /** The baseline's name. */
  readonly name: string;
  private readonly inner: PerServerBaseline;
  private readonly slices: { agent: string; start: number; end: number }[];

  /**
   * @param name a baseline of the EdgeLLM family.
   * @param system an environment of the same configuration as the view's (only its servers' spaces are read).
   * @param seed seed of the baselines' own randomness.
   */
  constructor(name: string, system: EdgeLLMMultiEnv, seed = 0) {
    this.name = name;
    this.inner = new PerServerBaseline(name, system, seed);
    let start = 0;
    this.slices = system.possibleAgents.map((agent) => {
      const dim = system.observationSpace(agent).shape[0]!;
      const slice = { agent, start, end: start + dim };
      start += dim;
      return slice;
    });
  }

  private split(obs: Float32Array, info: Info): [PerAgent<Float32Array>, PerAgent<Info>] {
    const agents = (info.agents ?? {}) as PerAgent<Info>;
    const observations: PerAgent<Float32Array> = {};
    const infos: PerAgent<Info> = {};
    for (const s of this.slices) {
      observations[s.agent] = obs.subarray(s.start, s.end);
      infos[s.agent] = agents[s.agent] ?? {};
    }
    return [observations, infos];
  }

  /** Starts an episode at every server. */
  reset(obs: Float32Array, info: Info): void {
    this.inner.reset(...this.split(obs, info));
  }

  /** Every server's action, keyed by server. */
  act(obs: Float32Array, info: Info): PerAgent<ServerAction> {
    return this.inner.act(...this.split(obs, info));
  }

  /** Closes every server's baseline. */
  close(): void {
    this.inner.close();
  }
}
