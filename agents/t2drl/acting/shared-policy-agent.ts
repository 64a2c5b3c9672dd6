/**
 * `SharedPolicyAgent`: one trained policy acting for every agent of a multi-agent system seen through a
 * `SingleAgentView` (parameter sharing). The view's observation is split per agent, each agent's part is
 * padded as in training (`AgentPadding`: zeros up to the largest agent, then the agent's one-hot), the
 * policy acts for each agent with that agent's own recurrent/test-time state, and the agents' actions, cut
 * back to their own spaces, are assembled into the view's action (a Dict keyed by agent).
 * @module
 */
import type { Agent } from '../../agent.ts';
import type { Info } from '../../../src/core/env.ts';
import { InvalidArgument } from '../../../src/core/errors.ts';
import type { AgentPadding } from '../../../src/parallel/agent-padding.ts';
import type { Generator } from '../../../src/random/generator.ts';
import type { ParamValues } from '../../nn/params.ts';
import type { ActionHead } from './action-head.ts';
import type { NetworkConfig } from './actor-critic.ts';
import type { ObservationNormalizer } from './normalizers.ts';
import { PolicyAgent } from './policy-agent.ts';

/** Options of {@link SharedPolicyAgent}. */
export interface SharedPolicyAgentOptions {
  /** Name in result tables. */
  readonly name: string;
  /** The padding the policy was trained with (the agents, in the order of their one-hot). */
  readonly padding: AgentPadding;
  /** Network configuration (of the padded observation and action). */
  readonly network: NetworkConfig;
  /** Weights by prefixed name. */
  readonly weights: ParamValues;
  /** Policy head of the padded action space. */
  readonly head: ActionHead;
  /** Observation normalizer of the padded observations (used read-only). */
  readonly obsNorm: ObservationNormalizer;
  /** T2DRL: test-time updates, each agent with its own fast weights (default true). */
  readonly testTimeUpdates?: boolean;
  /** Act with the distribution's mode (default true) or sample with `rng`. */
  readonly deterministic?: boolean;
  /** Generator for sampled actions. */
  readonly rng?: Generator;
}

/**
 * The shared policy acting per agent (see the module description). `act` takes the view's observation —
 * the agents' flattened observations concatenated in `padding.agents` order, or a record keyed by agent —
 * and returns a record of the agents' actions.
 *
 * @example
 * ```ts
 * // not run: needs the tfjs backend and the multi-edge system
 * import { PPOTrainer } from '../training/trainer.ts';
 * import { resolveTrainingConfig } from '../training/training-config.ts';
 * const t = new PPOTrainer(resolveTrainingConfig('ppo', 'EdgeLLMMulti-v0'));
 * const agent = new SharedPolicyAgent({ name: 'ppo', padding: t.padding!, network: t.net.config, weights: t.net.readWeights(), head: t.head, obsNorm: t.obsNorm });
 * const view = new SingleAgentView(makeParallel('EdgeLLMMulti-v0'), { reward: 'system', action: 'dict' });
 * const [obs, info] = view.reset({ seed: 10000 });
 * agent.reset(obs, info);
 * view.step(agent.act(obs, info));
 * ```
 */
export class SharedPolicyAgent implements Agent<unknown, unknown> {
  readonly name: string;
  /** Whether T2DRL's inner updates run. */
  readonly testTimeUpdates: boolean;
  private readonly padding: AgentPadding;
  /** One actor per agent: the same weights, each with its own state. */
  private readonly actors: PolicyAgent[];
  private readonly offsets: number[];
  private readonly padded: Float32Array;

  /** @throws Error when the weights do not match the network, or sampling lacks a generator. */
  constructor(options: SharedPolicyAgentOptions) {
    this.name = options.name;
    this.padding = options.padding;
    this.actors = options.padding.agents.map(
      (a) =>
        new PolicyAgent({
          name: `${options.name}/${a}`,
          network: options.network,
          weights: options.weights,
          head: options.head,
          obsNorm: options.obsNorm,
          observationSpace: options.padding.observationSpace,
          ...(options.testTimeUpdates === undefined ? {} : { testTimeUpdates: options.testTimeUpdates }),
          ...(options.deterministic === undefined ? {} : { deterministic: options.deterministic }),
          ...(options.rng === undefined ? {} : { rng: options.rng }),
        }),
    );
    this.testTimeUpdates = this.actors[0]!.testTimeUpdates;
    this.offsets = [];
    let o = 0;
    for (const d of options.padding.observationDims) {
      this.offsets.push(o);
      o += d;
    }
    this.padded = new Float32Array(options.padding.observationSpace.size);
  }

  /** Starts an episode: every agent's state back to its start. */
  reset(obs: unknown, info: Info): void {
    for (const a of this.actors) a.reset(obs, info);
  }

  /** Every agent's action from its part of the view's observation. */
  act(obs: unknown, info: Info): Record<string, unknown> {
    const p = this.padding;
    const out: Record<string, unknown> = {};
    const flat = ArrayBuffer.isView(obs) ? (obs as Float32Array) : null;
    const total = this.offsets[this.offsets.length - 1]! + p.observationDims[p.observationDims.length - 1]!;
    if (flat !== null && flat.length !== total) {
      throw new InvalidArgument(`SharedPolicyAgent ${this.name}: the observation has ${flat.length} values; the agents ${p.agents.join(', ')} have ${total} together.`);
    }
    p.agents.forEach((a, n) => {
      if (flat !== null) p.padFlatObservation(n, flat.subarray(this.offsets[n]!, this.offsets[n]! + p.observationDims[n]!), this.padded);
      else p.padObservation(n, (obs as Record<string, unknown>)[a], this.padded);
      out[a] = p.cutAction(n, this.actors[n]!.act(this.padded, info));
    });
    return out;
  }
}
