/**
 * `OnlinePPOAgent`: a trained agent that keeps learning while it is evaluated — it samples its actions
 * from the policy, records each episode, and after every episode runs a PPO update on it (continuing the
 * checkpoint's optimizer state and return statistics; observation statistics stay frozen). For T2DRL the
 * test-time inner updates run as usual inside the episode; the PPO updates change the outer weights
 * between episodes.
 *
 * Needs an initialized tfjs backend (the registry's factory initializes it).
 * @module
 */
import type { Agent, AgentContext, Transition } from '../../agent.ts';
import type { Info } from '../../../src/core/env.ts';
import { Generator } from '../../../src/random/generator.ts';
import { Adam } from '../../ppo/adam.ts';
import { resolvePPOConfig } from '../../ppo/config.ts';
import type { PPOConfig } from '../../ppo/config.ts';
import { actionHeadFor } from '../acting/action-head.ts';
import type { ActionHead } from '../acting/action-head.ts';
import { createActorCritic } from '../acting/actor-critic.ts';
import type { ActorCritic, PolicyRunner, RunnerState } from '../acting/actor-critic.ts';
import { decodeAdam, decodeWeights } from './checkpoint.ts';
import type { CheckpointFile } from './checkpoint.ts';
import { ObservationNormalizer, ValueNormalizer } from '../acting/normalizers.ts';
import { ppoUpdate } from './ppo-update.ts';
import type { UpdateStats } from './ppo-update.ts';
import { ObservationReader } from '../acting/observation-reader.ts';
import type { RolloutBuffer } from './rollout.ts';

/** Options of {@link OnlinePPOAgent.create}. */
export interface OnlineAgentOptions {
  /** Name in result tables. */
  readonly name: string;
  /** T2DRL: test-time inner updates (default true). */
  readonly testTimeUpdates?: boolean;
  /** PPO epochs per episode (default: the checkpoint's). */
  readonly epochs?: number;
  /** Learning rate of the online updates (default: the checkpoint's). */
  readonly learningRate?: number;
}

/** A trained agent with PPO updates running during evaluation (see the module description). */
export class OnlinePPOAgent implements Agent<unknown, unknown> {
  readonly name: string;
  /** Statistics of the updates made so far (one per finished episode). */
  readonly updates: UpdateStats[] = [];
  private runner: PolicyRunner;
  private readonly state: RunnerState;
  private readonly reader: ObservationReader;
  private readonly raw: Float32Array;
  private readonly params: Float32Array;
  private obs: number[] = [];
  private actions: number[] = [];
  private logProbs: number[] = [];
  private values: number[] = [];
  private rewards: number[] = [];

  private constructor(
    private readonly net: ActorCritic,
    private readonly head: ActionHead,
    private readonly obsNorm: ObservationNormalizer,
    private readonly valueNorm: ValueNormalizer,
    private readonly actorOpt: Adam,
    private readonly criticOpt: Adam,
    private readonly ppo: PPOConfig,
    private readonly sequencesPerBatch: number,
    private readonly rng: Generator,
    private readonly testTimeUpdates: boolean,
    observationSpace: AgentContext['observationSpace'],
    name: string,
  ) {
    this.name = name;
    this.runner = net.runner(testTimeUpdates);
    this.state = this.runner.createState();
    this.reader = new ObservationReader(observationSpace);
    this.raw = new Float32Array(this.reader.dim);
    this.params = new Float32Array(head.distribution.paramSize);
  }

  /**
   * Builds the agent from a checkpoint already checked against `ctx` (see `loadLearnedAgent`).
   * The tfjs backend must be initialized.
   */
  static create(ckpt: CheckpointFile, ctx: AgentContext, options: OnlineAgentOptions): OnlinePPOAgent {
    const net = createActorCritic(ckpt.network);
    try {
      net.writeWeights(decodeWeights(ckpt.weights));
      const names = net.parameterNames();
      const nActor = net.actorVariables().length;
      const ppo = resolvePPOConfig({
        ...ckpt.training.ppo,
        ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
        ...(options.learningRate !== undefined ? { learningRate: options.learningRate } : {}),
      });
      const actorOpt = new Adam({ learningRate: ppo.learningRate, epsilon: ppo.adamEpsilon });
      const criticOpt = new Adam({ learningRate: ppo.learningRate, epsilon: ppo.adamEpsilon });
      actorOpt.importState(net.actorVariables(), decodeAdam(ckpt.optimizer.actor, names.slice(0, nActor), 'optimizer.actor'));
      criticOpt.importState(net.criticVariables(), decodeAdam(ckpt.optimizer.critic, names.slice(nActor), 'optimizer.critic'));
      const obsNorm = new ObservationNormalizer(ckpt.network.obsDim, ckpt.training.normalizeObs, ckpt.training.obsClip);
      obsNorm.load(ckpt.normalization.obs);
      const valueNorm = new ValueNormalizer(ckpt.training.normalizeValues);
      valueNorm.load(ckpt.normalization.value);
      return new OnlinePPOAgent(
        net,
        actionHeadFor(ctx.actionSpace),
        obsNorm,
        valueNorm,
        actorOpt,
        criticOpt,
        ppo,
        ckpt.training.sequencesPerBatch,
        new Generator(ctx.seed ?? ckpt.training.ppo.seed),
        options.testTimeUpdates !== false,
        ctx.observationSpace,
        options.name,
      );
    } catch (e) {
      net.dispose();
      throw e;
    }
  }

  reset(_obs: unknown, _info: Info): void {
    this.runner.resetState(this.state);
    this.obs = [];
    this.actions = [];
    this.logProbs = [];
    this.values = [];
    this.rewards = [];
  }

  act(obs: unknown, _info: Info): unknown {
    this.reader.fromSingle(obs, this.raw);
    const o = this.obsNorm.normalize(this.raw);
    const out = this.runner.step(this.state, o, this.params);
    const dist = this.head.distribution;
    const a = dist.sample(out.params, this.rng);
    this.obs.push(...o);
    this.actions.push(...a);
    this.logProbs.push(dist.logProbJs(out.params, a));
    this.values.push(this.valueNorm.denormalize(out.value));
    return this.head.toEnv(a);
  }

  observe(t: Transition<unknown, unknown>): void {
    this.rewards.push(t.reward);
    if (!t.terminated && !t.truncated) return;
    const n = this.rewards.length;
    const terminated = new Uint8Array(n);
    const truncated = new Uint8Array(n);
    const finalValues = new Float32Array(n);
    if (t.terminated) terminated[n - 1] = 1;
    else {
      truncated[n - 1] = 1;
      this.reader.fromSingle(t.nextObs, this.raw);
      finalValues[n - 1] = this.valueNorm.denormalize(this.runner.peekValue(this.state, this.obsNorm.normalize(this.raw)));
    }
    const buf: RolloutBuffer = {
      steps: n,
      numEnvs: 1,
      obsDim: this.reader.dim,
      actionSize: this.head.distribution.actionSize,
      obs: Float32Array.from(this.obs),
      actions: Float32Array.from(this.actions),
      logProbs: Float32Array.from(this.logProbs),
      values: Float32Array.from(this.values),
      rewards: Float32Array.from(this.rewards),
      terminated,
      truncated,
      finalValues,
      lastValues: new Float32Array(1),
      episodes: [],
    };
    this.updates.push(
      ppoUpdate(
        {
          net: this.net,
          head: this.head,
          valueNorm: this.valueNorm,
          actorOpt: this.actorOpt,
          criticOpt: this.criticOpt,
          rng: this.rng,
          ppo: this.ppo,
          sequencesPerBatch: this.sequencesPerBatch,
        },
        buf,
      ),
    );
    this.runner = this.net.runner(this.testTimeUpdates);
  }

  close(): void {
    this.net.dispose();
  }
}
