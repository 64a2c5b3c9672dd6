/**
 * The actor-critic networks of the two learning agents behind one interface:
 * - `mlp` (agent `ppo`): separate 2×128 tanh MLPs for the actor and the critic, on the current
 *   observation only;
 * - `ttt` (agent `t2drl`): separate TTT-Linear backbones for the actor and the critic, over the episode's
 *   observation sequence, the inner weights starting at the learned W₀ in every episode.
 *
 * Training runs in tfjs on `[sequences, length, obsDim]` batches (for the MLP a batch of independent
 * samples is `[N, 1, obsDim]`); rollouts and evaluation run in plain JavaScript through a
 * {@link PolicyRunner}, one token at a time, with weights read out once per PPO iteration.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { MLP, MLPInference, resolveMLPConfig } from '../../nn/mlp.ts';
import type { MLPConfig } from '../../nn/mlp.ts';
import type { ParamValues } from '../../nn/params.ts';
import { resolveTTTConfig } from '../../nn/ttt-config.ts';
import type { TTTConfig } from '../../nn/ttt-config.ts';
import { TTTLinear } from '../../nn/ttt-linear.ts';
import { TTTInference } from '../../nn/ttt-online.ts';
import type { TTTState } from '../../nn/ttt-online.ts';

/** Which backbone. */
export type BackboneKind = 'mlp' | 'ttt';

/** Sizes and options of the networks (stored in checkpoints). */
export interface NetworkConfig {
  /** Backbone kind. */
  readonly kind: BackboneKind;
  /** Flattened observation length. */
  readonly obsDim: number;
  /** Number of policy-distribution parameters per step. */
  readonly paramSize: number;
  /** MLP hidden widths (paper baseline: 128-unit layers; here [128, 128]). */
  readonly mlpHidden: readonly number[];
  /** TTT width (paper: 32). */
  readonly tttHidden: number;
  /** TTT heads (paper: 4). */
  readonly tttHeads: number;
  /** TTT inner mini-batch (paper: 4). */
  readonly tttMiniBatch: number;
  /** Width of the feed-forward block after the TTT layer (paper "intermediate": 32). */
  readonly tttIntermediate: number;
  /** TTT base inner learning rate (reference: 1.0, scaled by a learned gate / head dim). */
  readonly tttBaseLr: number;
  /** Seed of the weight initialization. */
  readonly seed: number;
}

/** One step's network outputs for one environment. */
export interface PolicyOutput {
  /** Distribution parameters (`paramSize`). */
  readonly params: Float32Array;
  /** Critic output in normalized units. */
  readonly value: number;
}

/** Per-environment recurrent state of a {@link PolicyRunner} (empty for the MLP). */
export interface RunnerState {
  actor: TTTState | null;
  critic: TTTState | null;
}

/** Plain-JS one-observation-at-a-time evaluation of the current weights. */
export interface PolicyRunner {
  /** A state for a new episode. */
  createState(): RunnerState;
  /** Resets `state` for a new episode (TTT: W ← W₀). */
  resetState(state: RunnerState): void;
  /** Feeds one (normalized) observation to actor and critic, advancing the state. */
  step(state: RunnerState, obs: Float32Array, params?: Float32Array): PolicyOutput;
  /** The critic's output for `obs` as the next token of the episode, without advancing `state`. */
  peekValue(state: RunnerState, obs: Float32Array): number;
  /** Actor output only (no critic work), advancing the actor state; the critic state is left behind. */
  actOnly(state: RunnerState, obs: Float32Array, params?: Float32Array): Float32Array;
}

/** The networks of one agent. */
export interface ActorCritic {
  /** The configuration. */
  readonly config: NetworkConfig;
  /** Actor variables (policy loss). */
  actorVariables(): tf.Variable[];
  /** Critic variables (value loss). */
  criticVariables(): tf.Variable[];
  /** Parameter names of {@link actorVariables} followed by those of {@link criticVariables}, prefixed `actor/`, `critic/`. */
  parameterNames(): string[];
  /**
   * Differentiable forward over whole sequences: `obs` `[B, L, obsDim]` → distribution params `[B·L, paramSize]`
   * and critic outputs `[B·L]` (rows sequence-major).
   * @param innerUpdates TTT only: override the test-time updates (default on).
   */
  forward(obs: tf.Tensor3D, innerUpdates?: boolean): { params: tf.Tensor2D; values: tf.Tensor1D };
  /** A plain-JS runner with the current weights. */
  runner(innerUpdates?: boolean): PolicyRunner;
  /** Every weight by prefixed name (see {@link parameterNames}). */
  readWeights(): ParamValues;
  /** Overwrites weights by prefixed name; every name must exist with the right size. */
  writeWeights(values: ParamValues): void;
  /** Overwrites the bias of the actor's output layer (the initial policy; length `paramSize`). */
  setActorOutputBias(bias: Float32Array): void;
  /** Frees the variables. */
  dispose(): void;
}

function prefixed(prefix: string, values: ParamValues): ParamValues {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [`${prefix}/${k}`, v]));
}

function splitWeights(values: ParamValues): { actor: ParamValues; critic: ParamValues } {
  const actor: ParamValues = {};
  const critic: ParamValues = {};
  for (const [name, v] of Object.entries(values)) {
    if (name.startsWith('actor/')) actor[name.slice(6)] = v;
    else if (name.startsWith('critic/')) critic[name.slice(7)] = v;
    else throw new RangeError(`Weight '${name}' must start with 'actor/' or 'critic/'.`);
  }
  return { actor, critic };
}

function checkComplete(what: string, have: ParamValues, names: readonly string[]): void {
  const missing = names.filter((n) => have[n] === undefined);
  if (missing.length > 0) throw new RangeError(`${what}: weights missing for ${missing.join(', ')}.`);
  const extra = Object.keys(have).filter((n) => !names.includes(n));
  if (extra.length > 0) throw new RangeError(`${what}: unknown weights ${extra.join(', ')}.`);
}

/** What both backbones offer: trainable variables, named parameters, disposal. */
interface Backbone {
  variables(): tf.Variable[];
  readonly params: { names(): string[]; write(values: ParamValues): void };
  dispose(): void;
}

/** The parts shared by both actor-critics: an actor and a critic backbone of one kind. */
abstract class PairedActorCritic<N extends Backbone> {
  readonly config: NetworkConfig;
  protected readonly actor: N;
  protected readonly critic: N;

  protected constructor(config: NetworkConfig, actor: N, critic: N) {
    this.config = config;
    this.actor = actor;
    this.critic = critic;
  }

  actorVariables(): tf.Variable[] {
    return this.actor.variables();
  }

  criticVariables(): tf.Variable[] {
    return this.critic.variables();
  }

  parameterNames(): string[] {
    return [...this.actor.params.names().map((n) => `actor/${n}`), ...this.critic.params.names().map((n) => `critic/${n}`)];
  }

  writeWeights(values: ParamValues): void {
    checkComplete(`${this.constructor.name}.writeWeights`, values, this.parameterNames());
    const { actor, critic } = splitWeights(values);
    this.actor.params.write(actor);
    this.critic.params.write(critic);
  }

  dispose(): void {
    this.actor.dispose();
    this.critic.dispose();
  }
}

/** 2×128 tanh MLP actor and critic (the `ppo` agent). */
class MlpActorCritic extends PairedActorCritic<MLP> implements ActorCritic {
  constructor(config: NetworkConfig) {
    super(config, new MLP(mlpConfigs(config).actor), new MLP(mlpConfigs(config).critic));
  }

  forward(obs: tf.Tensor3D): { params: tf.Tensor2D; values: tf.Tensor1D } {
    return tf.tidy(() => {
      const [B, L, D] = obs.shape;
      const flat = tf.reshape(obs, [B * L, D]) as tf.Tensor2D;
      return { params: this.actor.apply(flat), values: tf.reshape(this.critic.apply(flat), [B * L]) as tf.Tensor1D };
    });
  }

  runner(): PolicyRunner {
    return createRunner(this.config, this.readWeights());
  }

  readWeights(): ParamValues {
    return { ...prefixed('actor', this.actor.params.read()), ...prefixed('critic', this.critic.params.read()) };
  }

  setActorOutputBias(bias: Float32Array): void {
    this.actor.params.write({ [`b${this.actor.layers - 1}`]: bias });
  }

}

/** The MLP configurations of the actor (head gain 0.01) and the critic (gain 1, seed + 1). */
function mlpConfigs(c: NetworkConfig): { actor: MLPConfig; critic: MLPConfig } {
  return {
    actor: { inputDim: c.obsDim, outputDim: c.paramSize, hidden: c.mlpHidden, headGain: 0.01, seed: c.seed },
    critic: { inputDim: c.obsDim, outputDim: 1, hidden: c.mlpHidden, headGain: 1, seed: c.seed + 1 },
  };
}

/** The TTT configurations of the actor (head gain 0.01) and the critic (gain 1, seed + 1). */
export function tttConfigs(c: NetworkConfig): { actor: TTTConfig; critic: TTTConfig } {
  const common = {
    inputDim: c.obsDim,
    hidden: c.tttHidden,
    heads: c.tttHeads,
    miniBatch: c.tttMiniBatch,
    intermediate: c.tttIntermediate,
    baseLr: c.tttBaseLr,
  };
  return {
    actor: { ...common, outputDim: c.paramSize, headGain: 0.01, seed: c.seed },
    critic: { ...common, outputDim: 1, headGain: 1, seed: c.seed + 1 },
  };
}

/**
 * A plain-JS {@link PolicyRunner} from weights (by prefixed name, as {@link ActorCritic.readWeights}
 * returns and checkpoints store) — no tfjs involved, so evaluation needs no backend.
 *
 * @param innerUpdates TTT only: test-time updates on (default) or off (W stays W₀).
 * @throws Error naming a missing or mis-sized weight.
 */
export function createRunner(config: NetworkConfig, weights: ParamValues, innerUpdates = true): PolicyRunner {
  const { actor: aw, critic: cw } = splitWeights(weights);
  if (config.kind === 'mlp') {
    const cfg = mlpConfigs(config);
    const actor = new MLPInference(aw, resolveMLPConfig(cfg.actor));
    const critic = new MLPInference(cw, resolveMLPConfig(cfg.critic));
    const v = new Float32Array(1);
    return {
      createState: () => ({ actor: null, critic: null }),
      resetState: () => {},
      step: (_s, obs, params = new Float32Array(config.paramSize)) => {
        actor.forward(obs, params);
        return { params, value: critic.forward(obs, v)[0]! };
      },
      peekValue: (_s, obs) => critic.forward(obs, v)[0]!,
      actOnly: (_s, obs, params = new Float32Array(config.paramSize)) => actor.forward(obs, params),
    };
  }
  const cfg = tttConfigs(config);
  const actor = new TTTInference(aw, resolveTTTConfig(cfg.actor));
  const critic = new TTTInference(cw, resolveTTTConfig(cfg.critic));
  actor.innerUpdates = innerUpdates;
  critic.innerUpdates = innerUpdates;
  const v = new Float32Array(1);
  return {
    createState: () => ({ actor: actor.createState(), critic: critic.createState() }),
    resetState: (s) => {
      actor.resetState(s.actor!);
      critic.resetState(s.critic!);
    },
    step: (s, obs, params = new Float32Array(config.paramSize)) => {
      actor.step(s.actor!, obs, params);
      return { params, value: critic.step(s.critic!, obs, v)[0]! };
    },
    peekValue: (s, obs) => critic.step(cloneState(s.critic!), obs, v)[0]!,
    actOnly: (s, obs, params = new Float32Array(config.paramSize)) => actor.step(s.actor!, obs, params),
  };
}

function cloneState(s: TTTState): TTTState {
  return { w: s.w.slice(), s: s.s.slice(), pos: s.pos, tokens: s.tokens };
}

/** TTT-Linear actor and critic (the `t2drl` agent). */
class TttActorCritic extends PairedActorCritic<TTTLinear> implements ActorCritic {
  constructor(config: NetworkConfig) {
    super(config, new TTTLinear(tttConfigs(config).actor), new TTTLinear(tttConfigs(config).critic));
  }

  forward(obs: tf.Tensor3D, innerUpdates = true): { params: tf.Tensor2D; values: tf.Tensor1D } {
    return tf.tidy(() => {
      const [B, L] = obs.shape;
      const params = tf.reshape(this.actor.apply(obs, { innerUpdates }), [B * L, this.config.paramSize]) as tf.Tensor2D;
      const values = tf.reshape(this.critic.apply(obs, { innerUpdates }), [B * L]) as tf.Tensor1D;
      return { params, values };
    });
  }

  runner(innerUpdates = true): PolicyRunner {
    return createRunner(this.config, this.readWeights(), innerUpdates);
  }

  readWeights(): ParamValues {
    return { ...prefixed('actor', this.actor.readWeights()), ...prefixed('critic', this.critic.readWeights()) };
  }

  setActorOutputBias(bias: Float32Array): void {
    this.actor.params.write({ headB: bias });
  }

}

/** Builds the actor-critic of `config.kind` (weights initialized from `config.seed`). */
export function createActorCritic(config: NetworkConfig): ActorCritic {
  return config.kind === 'mlp' ? new MlpActorCritic(config) : new TttActorCritic(config);
}
