/**
 * `PPOTrainer`: one training run of the `ppo` or `t2drl` agent — rollouts from a vector environment
 * (for a multi-agent id, one sub-environment per copy and agent with parameter sharing: see
 * `training-envs.ts`), PPO updates, validation, and checkpoints that resume the run exactly (same iteration counter, sampling
 * generator, optimizer moments, normalization statistics and episode seeds).
 *
 * The tfjs backend must be initialized before a trainer is built (see `initBackend`).
 * @module
 */
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import type { Env } from '../../../src/core/env.ts';
import type { Space } from '../../../src/spaces/space.ts';
import type { VectorEnv } from '../../../src/vector/vector-env.ts';
import { Generator } from '../../../src/random/generator.ts';
import { packageInfo, runMetadata } from '../../../src/utils/run-metadata.ts';
import type { Agent } from '../../agent.ts';
import { Adam } from '../../ppo/adam.ts';
import { runEpisode } from '../../evaluation/evaluate.ts';
import type { EpisodeRecord } from '../../evaluation/episode-recorder.ts';
import { actionHeadFor } from '../acting/action-head.ts';
import type { ActionHead } from '../acting/action-head.ts';
import { createActorCritic } from '../acting/actor-critic.ts';
import { preferBatched } from '../acting/block-policy.ts';
import type { ActorCritic } from '../acting/actor-critic.ts';
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  checkCompatible,
  decodeAdam,
  decodeWeights,
  encodeAdam,
  encodeWeights,
  rngStateFromJSON,
  rngStateToJSON,
} from './checkpoint.ts';
import type { CheckpointEnv, CheckpointFile } from './checkpoint.ts';
import type { CurveRow } from './learning-curve.ts';
import { curveFromJSON, curveToJSON } from './learning-curve.ts';
import { ObservationNormalizer, ValueNormalizer } from '../acting/normalizers.ts';
import type { RunningStatsJSON } from '../acting/normalizers.ts';
import { ppoUpdate } from './ppo-update.ts';
import type { UpdateStats } from './ppo-update.ts';
import { LearnerThread } from './learner-thread.ts';
import { collectRollout } from './rollout.ts';
import { ObservationReader } from '../acting/observation-reader.ts';
import { SharedPolicyAgent } from '../acting/shared-policy-agent.ts';
import type { AgentPadding } from '../../../src/parallel/agent-padding.ts';
import { buildTrainingEnvs } from './training-envs.ts';
import { iterationSeeds, VALIDATION_SEED_BASE } from './seeds.ts';
import type { TrainingConfig } from './training-config.ts';
import { networkConfigOf } from './training-config.ts';
import { PolicyAgent } from '../acting/policy-agent.ts';
import { initialOutputBias } from './policy-init.ts';

/** Timing of one iteration. */
export interface IterationTiming {
  /** Seconds spent collecting the rollout (environment + plain-JS policy). */
  rolloutSeconds: number;
  /** Seconds spent in the PPO update. */
  updateSeconds: number;
  /** CPU seconds of this process (all its threads) during the PPO update (less sensitive to other load than the wall time). */
  updateCpuSeconds: number;
  /** Seconds spent validating (0 when not validated). */
  validationSeconds: number;
}

/** What {@link PPOTrainer.iterate} returns. */
export interface IterationReport {
  /** The learning-curve row of the iteration. */
  row: CurveRow;
  /** Update statistics. */
  update: UpdateStats;
  /** Timing. */
  timing: IterationTiming;
  /** Training episodes completed in the iteration. */
  episodes: EpisodeRecord[];
  /** Whether the validation result is the best so far. */
  improved: boolean;
}

const mean = (xs: number[]) => (xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);

/** A training run (see the module description). */
export class PPOTrainer {
  /** The configuration. */
  readonly config: TrainingConfig;
  /** The networks. */
  readonly net: ActorCritic;
  /** The policy head. */
  readonly head: ActionHead;
  /** Observation statistics. */
  readonly obsNorm: ObservationNormalizer;
  /** Return statistics. */
  readonly valueNorm: ValueNormalizer;
  /** Adam of the actor. */
  readonly actorOpt: Adam;
  /** Adam of the critic. */
  readonly criticOpt: Adam;
  /** The environment the checkpoints describe. */
  readonly envInfo: CheckpointEnv;
  /** Sampling generator (actions, minibatch shuffling). */
  rng: Generator;
  /** Iterations completed. */
  iteration = 0;
  /** Environment steps collected. */
  envSteps = 0;
  /** Episodes completed. */
  episodes = 0;
  /** Gradient steps taken. */
  gradientSteps = 0;
  /** Training seconds so far (summed over resumed processes). */
  elapsedSeconds = 0;
  /** Best validation result so far. */
  best: { iteration: number; evalCost: number; evalReturn: number } | null = null;
  /** The learning curve. */
  curve: CurveRow[] = [];
  /**
   * Take the gradient steps through tfjs's autodiff instead of the hand-derived backward
   * (`mlp-stepper.ts` for the MLP agent, `ttt-stepper.ts` for the TTT agent); the same results up to
   * float rounding, slower — for tests and measurements (`bench learn`).
   */
  autodiff = false;
  /**
   * Threads of an iteration: 1, or 2 — a learner thread (`learner-thread.ts`) runs the policy of half the
   * sub-environments during the rollout and computes the second shard of every hand-derived gradient step,
   * while the calling thread does the other half. The result is the same bit for bit; only the speed differs.
   * Default 1 (`runTraining` uses {@link defaultLearnerThreads}). The thread starts at the next iteration and
   * lives until {@link close}.
   */
  learnerThreads: 1 | 2 = 1;
  private thread: LearnerThread | null = null;
  private readonly envs: VectorEnv<unknown, unknown>;
  private readonly evalEnv: Env<unknown, unknown>;
  /** A parallel id's padding of its agents' spaces (parameter sharing); `null` for a single-agent id. */
  readonly padding: AgentPadding | null;
  /** The observation space the network reads (padded for a parallel id). */
  readonly observationSpace: Space<unknown>;
  /** Weights and normalization statistics at the best validation (they belong together). */
  private bestSnapshot: { weights: ReturnType<ActorCritic['readWeights']>; obs: RunningStatsJSON; value: RunningStatsJSON } | null = null;

  /**
   * Builds a fresh run (weights from `config.network.seed`, sampling generator from `config.ppo.seed`).
   * @throws {InvalidArgument} from the environment for unknown ids or bad kwargs; for unsupported spaces.
   */
  constructor(config: TrainingConfig) {
    this.config = config;
    const built = buildTrainingEnvs(config.envId, config.numEnvs, { ...config.envKwargs });
    this.envs = built.envs;
    this.evalEnv = built.evalEnv;
    this.envInfo = built.envInfo;
    this.padding = built.padding;
    this.observationSpace = built.observationSpace;
    this.head = actionHeadFor(built.actionSpace);
    const obsDim = new ObservationReader(this.observationSpace).dim;
    this.net = createActorCritic(networkConfigOf(config, obsDim, this.head.distribution.paramSize));
    this.net.setActorOutputBias(initialOutputBias(this.head.distribution, config.policyInit));
    this.obsNorm = new ObservationNormalizer(obsDim, config.normalizeObs, config.obsClip);
    this.valueNorm = new ValueNormalizer(config.normalizeValues);
    this.actorOpt = new Adam({ learningRate: config.ppo.learningRate, epsilon: config.ppo.adamEpsilon });
    this.criticOpt = new Adam({ learningRate: config.ppo.learningRate, epsilon: config.ppo.adamEpsilon });
    this.rng = new Generator(config.ppo.seed);
  }

  /**
   * Rebuilds a run from a checkpoint so that {@link iterate} continues it exactly.
   * @param source the file name, for messages.
   * @throws {InvalidArgument} when the checkpoint's environment no longer matches (configuration or spaces changed).
   */
  static fromCheckpoint(ckpt: CheckpointFile, source: string): PPOTrainer {
    const trainer = new PPOTrainer(ckpt.training);
    try {
      checkCompatible(ckpt, trainer.envInfo, source);
      trainer.net.writeWeights(decodeWeights(ckpt.weights));
      const names = trainer.net.parameterNames();
      const nActor = trainer.net.actorVariables().length;
      trainer.actorOpt.importState(trainer.net.actorVariables(), decodeAdam(ckpt.optimizer.actor, names.slice(0, nActor), 'optimizer.actor'));
      trainer.criticOpt.importState(trainer.net.criticVariables(), decodeAdam(ckpt.optimizer.critic, names.slice(nActor), 'optimizer.critic'));
      trainer.obsNorm.load(ckpt.normalization.obs);
      trainer.valueNorm.load(ckpt.normalization.value);
      const p = ckpt.progress;
      trainer.rng = Generator.fromState(rngStateFromJSON(p.rngState));
      trainer.iteration = p.iteration;
      trainer.envSteps = p.envSteps;
      trainer.episodes = p.episodes;
      trainer.gradientSteps = p.gradientSteps;
      trainer.elapsedSeconds = p.elapsedSeconds;
      trainer.curve = curveFromJSON(ckpt.curve);
      if (p.best !== null) {
        const row = trainer.curve.find((r) => r.iteration === p.best!.iteration);
        trainer.best = { ...p.best, evalReturn: row?.evalReturn ?? Number.NaN };
      }
    } catch (e) {
      trainer.close();
      throw e;
    }
    return trainer;
  }

  /** Whether this process holds the weights of the best validation (a resumed run does until it improves on it). */
  get hasBestSnapshot(): boolean {
    return this.bestSnapshot !== null;
  }

  /** Steps per sub-environment per iteration. */
  get stepsPerEnv(): number {
    return this.config.ppo.rolloutSteps / this.config.numEnvs;
  }

  /** One PPO iteration: rollout, update, and (every `evalEvery` iterations) validation. */
  iterate(): IterationReport {
    const t0 = performance.now();
    const learnerThread = this.startedThread();
    const weights = this.net.readWeights();
    const buf = collectRollout(
      {
        envs: this.envs,
        head: this.head,
        obsNorm: this.obsNorm,
        valueNorm: this.valueNorm,
        rng: this.rng,
        policy: { config: this.net.config, weights, innerUpdates: true, batched: preferBatched(this.net.config) },
        updateStats: true,
        policyThread: learnerThread,
      },
      this.stepsPerEnv,
      iterationSeeds(this.config.ppo.seed, this.iteration, this.config.numEnvs),
    );
    const t1 = performance.now();
    const cpu1 = process.cpuUsage();
    const update = ppoUpdate(
      {
        net: this.net,
        head: this.head,
        valueNorm: this.valueNorm,
        actorOpt: this.actorOpt,
        criticOpt: this.criticOpt,
        rng: this.rng,
        ppo: this.config.ppo,
        sequencesPerBatch: this.config.sequencesPerBatch,
        autodiff: this.autodiff,
        learnerThread,
      },
      buf,
    );
    const t2 = performance.now();
    const cpu = process.cpuUsage(cpu1);
    this.iteration += 1;
    this.envSteps += buf.steps * buf.numEnvs;
    this.episodes += buf.episodes.length;
    this.gradientSteps += update.gradientSteps;
    let evalCost = Number.NaN;
    let evalReturn = Number.NaN;
    let improved = false;
    if (this.config.evalEpisodes > 0 && this.iteration % this.config.evalEvery === 0) {
      const records = this.validate(this.config.evalEpisodes);
      evalCost = mean(records.map((r) => r.meanCost));
      evalReturn = mean(records.map((r) => r.return));
      if (this.best === null || evalReturn > this.best.evalReturn) {
        this.best = { iteration: this.iteration, evalCost, evalReturn };
        this.bestSnapshot = { weights: this.net.readWeights(), obs: this.obsNorm.toJSON(), value: this.valueNorm.toJSON() };
        improved = true;
      }
    }
    const t3 = performance.now();
    const seconds = (t3 - t0) / 1000;
    this.elapsedSeconds += seconds;
    const eps = buf.episodes;
    const row: CurveRow = {
      iteration: this.iteration,
      envSteps: this.envSteps,
      episodes: this.episodes,
      trainCost: mean(eps.map((e) => e.meanCost)),
      trainReturn: mean(eps.map((e) => e.return)),
      evalCost,
      evalReturn,
      welfareRatio: mean(eps.filter((e) => e.welfareRatio !== undefined).map((e) => e.welfareRatio!)),
      rounds: mean(eps.filter((e) => e.rounds !== undefined).map((e) => e.rounds!)),
      policyLoss: update.policyLoss,
      valueLoss: update.valueLoss,
      entropy: update.entropy,
      approxKl: update.approxKl,
      clipFraction: update.clipFraction,
      explainedVariance: update.explainedVariance,
      seconds: this.elapsedSeconds,
      stepsPerSecond: (buf.steps * buf.numEnvs) / Math.max((t2 - t0) / 1000, 1e-9),
    };
    this.curve.push(row);
    return {
      row,
      update,
      timing: { rolloutSeconds: (t1 - t0) / 1000, updateSeconds: (t2 - t1) / 1000, updateCpuSeconds: (cpu.user + cpu.system) / 1e6, validationSeconds: (t3 - t2) / 1000 },
      episodes: eps,
      improved,
    };
  }

  /**
   * Runs the deterministic policy (test-time updates on) on `episodes` validation episodes (seeds 9000, …)
   * and returns their records. Observation statistics are not updated. On a parallel id the shared policy
   * acts for every agent of the system (each with its own test-time state) and the records' cost is the
   * mean system cost per slot.
   */
  validate(episodes: number): EpisodeRecord[] {
    const common = { name: 'validation', network: this.net.config, weights: this.net.readWeights(), head: this.head, obsNorm: this.obsNorm };
    const agent: Agent<unknown, unknown> =
      this.padding === null
        ? new PolicyAgent({ ...common, observationSpace: this.observationSpace })
        : new SharedPolicyAgent({ ...common, padding: this.padding });
    const out: EpisodeRecord[] = [];
    for (let k = 0; k < episodes; k++) out.push(runEpisode(this.evalEnv, agent, VALIDATION_SEED_BASE + k));
    return out;
  }

  /**
   * The run as a checkpoint.
   * @param which `'latest'` (the current weights) or `'best'` (the weights and normalization statistics of
   *   the best validation so far; the current ones before any validation). Optimizer state and progress are
   *   always the current ones.
   */
  toCheckpoint(backend: string, which: 'latest' | 'best' = 'latest'): CheckpointFile {
    const names = this.net.parameterNames();
    const nActor = this.net.actorVariables().length;
    const meta = runMetadata();
    const pkg = packageInfo();
    const best = which === 'best' ? this.bestSnapshot : null;
    const weights = best !== null ? best.weights : this.net.readWeights();
    return {
      format: CHECKPOINT_FORMAT,
      formatVersion: CHECKPOINT_VERSION,
      agent: this.config.agent,
      createdAt: new Date().toISOString(),
      versions: { package: pkg.name, packageVersion: pkg.version, tfjs: tf.version_core, backend, node: process.version, gitCommit: meta.gitCommit },
      env: this.envInfo,
      training: this.config,
      network: this.net.config,
      actionHead: this.head.description,
      weights: encodeWeights(weights),
      optimizer: {
        actor: encodeAdam(this.actorOpt.exportState(this.net.actorVariables()), names.slice(0, nActor)),
        critic: encodeAdam(this.criticOpt.exportState(this.net.criticVariables()), names.slice(nActor)),
      },
      normalization: best !== null ? { obs: best.obs, value: best.value } : { obs: this.obsNorm.toJSON(), value: this.valueNorm.toJSON() },
      progress: {
        iteration: this.iteration,
        envSteps: this.envSteps,
        episodes: this.episodes,
        gradientSteps: this.gradientSteps,
        elapsedSeconds: this.elapsedSeconds,
        rngState: rngStateToJSON(this.rng.state),
        best: this.best === null ? null : { iteration: this.best.iteration, evalCost: this.best.evalCost },
      },
      curve: curveToJSON(this.curve),
    };
  }

  /** Frees the networks and closes the environments. */
  /** The learner thread when {@link learnerThreads} is 2 (started at the first iteration that needs it), else null. */
  private startedThread(): LearnerThread | null {
    if (this.learnerThreads !== 2) return null;
    this.thread ??= new LearnerThread();
    return this.thread;
  }

  close(): void {
    this.thread?.close();
    this.thread = null;
    this.net.dispose();
    this.envs.close();
    this.evalEnv.close();
  }
}

/** The default of {@link PPOTrainer.learnerThreads}: 2 on a machine with at least two cores, else 1. */
export function defaultLearnerThreads(): 1 | 2 {
  return availableParallelism() >= 2 ? 2 : 1;
}
