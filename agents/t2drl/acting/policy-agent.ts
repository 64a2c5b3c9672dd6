/**
 * `PolicyAgent`: a trained actor as an {@link Agent} — observations flattened and normalized with frozen
 * statistics, the actor stepped in plain JavaScript (for T2DRL with its test-time inner updates on or
 * off), and the distribution's mode (default) or a sample mapped to the environment's action.
 * @module
 */
import type { Agent } from '../../agent.ts';
import type { Info } from '../../../src/core/env.ts';
import type { Generator } from '../../../src/random/generator.ts';
import type { Space } from '../../../src/spaces/space.ts';
import type { ParamValues } from '../../nn/params.ts';
import type { ActionHead } from './action-head.ts';
import { createRunner } from './actor-critic.ts';
import type { NetworkConfig, PolicyRunner, RunnerState } from './actor-critic.ts';
import type { ObservationNormalizer } from './normalizers.ts';
import { ObservationReader } from './observation-reader.ts';

/** Options of {@link PolicyAgent}. */
export interface PolicyAgentOptions {
  /** Name in result tables. */
  readonly name: string;
  /** Network configuration. */
  readonly network: NetworkConfig;
  /** Weights by prefixed name. */
  readonly weights: ParamValues;
  /** Policy head of the action space. */
  readonly head: ActionHead;
  /** Observation normalizer (used read-only). */
  readonly obsNorm: ObservationNormalizer;
  /** The environment's observation space. */
  readonly observationSpace: Space<unknown>;
  /** T2DRL: test-time (inner) updates during the episode (default true; false keeps W = W₀). */
  readonly testTimeUpdates?: boolean;
  /** Act with the distribution's mode (default true) or sample with `rng`. */
  readonly deterministic?: boolean;
  /** Generator for sampled actions (required when `deterministic` is false). */
  readonly rng?: Generator;
}

/** A trained policy acting in an environment (see the module description). */
export class PolicyAgent implements Agent<unknown, unknown> {
  readonly name: string;
  /** Whether T2DRL's inner updates run (always false for the MLP, which has none). */
  readonly testTimeUpdates: boolean;
  private readonly runner: PolicyRunner;
  private readonly state: RunnerState;
  private readonly reader: ObservationReader;
  private readonly raw: Float32Array;
  private readonly obs: Float32Array;
  private readonly params: Float32Array;
  private readonly action: Float32Array;

  /** @throws Error when the weights do not match the network configuration, or sampling lacks a generator. */
  constructor(private readonly options: PolicyAgentOptions) {
    this.name = options.name;
    this.testTimeUpdates = options.network.kind === 'ttt' && options.testTimeUpdates !== false;
    if (options.deterministic === false && options.rng === undefined) {
      throw new TypeError('PolicyAgent: a sampling agent (deterministic: false) needs an rng.');
    }
    this.runner = createRunner(options.network, options.weights, this.testTimeUpdates);
    this.state = this.runner.createState();
    this.reader = new ObservationReader(options.observationSpace);
    this.raw = new Float32Array(this.reader.dim);
    this.obs = new Float32Array(this.reader.dim);
    this.params = new Float32Array(options.head.distribution.paramSize);
    this.action = new Float32Array(options.head.distribution.actionSize);
  }

  reset(_obs: unknown, _info: Info): void {
    this.runner.resetState(this.state);
  }

  act(obs: unknown, _info: Info): unknown {
    const o = this.options;
    this.reader.fromSingle(obs, this.raw);
    o.obsNorm.normalize(this.raw, this.obs);
    this.runner.actOnly(this.state, this.obs, this.params);
    const dist = o.head.distribution;
    if (o.deterministic === false) dist.sample(this.params, o.rng!, this.action);
    else dist.mode(this.params, this.action);
    return o.head.toEnv(this.action);
  }
}
