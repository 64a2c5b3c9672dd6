import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '../../../../envs/index.ts';
import { make } from '../../../../src/registry/registry.ts';
import { initBackend } from '../../../../agents/tfjs/backend.ts';
import { actionHeadFor } from '../../../../agents/t2drl/acting/action-head.ts';
import { createActorCritic } from '../../../../agents/t2drl/acting/actor-critic.ts';
import type { ActorCritic, NetworkConfig } from '../../../../agents/t2drl/acting/actor-critic.ts';
import { ValueNormalizer } from '../../../../agents/t2drl/acting/normalizers.ts';
import { tttStepperApplies } from '../../../../agents/t2drl/training/ttt-stepper.ts';
import { ppoUpdate } from '../../../../agents/t2drl/training/ppo-update.ts';
import type { UpdateStats } from '../../../../agents/t2drl/training/ppo-update.ts';
import type { RolloutBuffer } from '../../../../agents/t2drl/training/rollout.ts';
import { Adam } from '../../../../agents/ppo/adam.ts';
import { resolvePPOConfig } from '../../../../agents/ppo/config.ts';
import { Generator } from '../../../../src/random/generator.ts';
import { LearnerThread } from '../../../../agents/t2drl/training/learner-thread.ts';

const OBS = 9;

function network(paramSize: number, kind: 'mlp' | 'ttt' = 'ttt'): NetworkConfig {
  return { kind, obsDim: OBS, paramSize, mlpHidden: [16, 12], tttHidden: 16, tttHeads: 2, tttMiniBatch: 4, tttIntermediate: 8, tttBaseLr: 1, seed: 5 };
}

/**
 * A rollout of random observations with actions sampled from `net`'s initial policy; episodes end at
 * different steps per env (lengths 7, 9, 10, 13 … and partial inner mini-batches), so the packed
 * sequences are padded and masked.
 */
function syntheticRollout(net: ActorCritic, head: ReturnType<typeof actionHeadFor>, steps: number, numEnvs: number): RolloutBuffer {
  const rng = new Generator(11);
  const n = steps * numEnvs;
  const dist = head.distribution;
  const obs = Float32Array.from({ length: n * OBS }, () => rng.normal());
  const actions = new Float32Array(n * dist.actionSize);
  const logProbs = new Float32Array(n);
  const values = new Float32Array(n);
  const terminated = new Uint8Array(n);
  const truncated = new Uint8Array(n);
  const episodeLength = [7, 9, 10, 13];
  for (let t = 0; t < steps; t++) {
    for (let e = 0; e < numEnvs; e++) {
      const len = episodeLength[e % episodeLength.length]!;
      if ((t + 1) % len === 0 || t === steps - 1) (e % 2 === 0 ? terminated : truncated)[t * numEnvs + e] = 1;
    }
  }
  const runner = net.runner();
  const states = Array.from({ length: numEnvs }, () => runner.createState());
  for (let i = 0; i < n; i++) {
    const state = states[i % numEnvs]!;
    const out = runner.step(state, obs.subarray(i * OBS, (i + 1) * OBS));
    const a = dist.sample(out.params, rng, actions.subarray(i * dist.actionSize, (i + 1) * dist.actionSize));
    logProbs[i] = dist.logProbJs(out.params, a);
    values[i] = out.value;
    if (terminated[i] === 1 || truncated[i] === 1) runner.resetState(state);
  }
  return {
    steps,
    numEnvs,
    obsDim: OBS,
    actionSize: dist.actionSize,
    obs,
    actions,
    logProbs,
    values,
    rewards: Float32Array.from({ length: n }, () => rng.normal()),
    terminated,
    truncated,
    finalValues: Float32Array.from({ length: n }, () => rng.normal()),
    lastValues: new Float32Array(numEnvs),
    episodes: [],
  };
}

function train(autodiff: boolean, sequencesPerBatch: number, learnerThread: LearnerThread | null = null): { stats: UpdateStats; weights: Record<string, Float32Array> } {
  const head = actionHeadFor(make('EdgeLLM-v0').actionSpace);
  const net = createActorCritic(network(head.distribution.paramSize));
  try {
    const buf = syntheticRollout(net, head, 26, 4);
    const ppo = resolvePPOConfig({ epochs: 2, learningRate: 1e-3 });
    const ctx = {
      net,
      head,
      valueNorm: new ValueNormalizer(true),
      actorOpt: new Adam({ learningRate: 1e-3 }),
      criticOpt: new Adam({ learningRate: 1e-3 }),
      rng: new Generator(3),
      ppo,
      sequencesPerBatch,
      autodiff,
      learnerThread,
    };
    const stats = ppoUpdate(ctx, buf);
    return { stats, weights: net.readWeights() };
  } finally {
    net.dispose();
  }
}

describe('TTT stepper (hand-derived PPO gradient steps of the sequence agent)', () => {
  before(async () => {
    await initBackend('wasm');
  });

  it('applies to the TTT agent with the EdgeLLM head, not to the MLP agent', () => {
    const head = actionHeadFor(make('EdgeLLM-v0').actionSpace);
    const mlp = createActorCritic(network(head.distribution.paramSize, 'mlp'));
    const ttt = createActorCritic(network(head.distribution.paramSize));
    try {
      assert.equal(tttStepperApplies(ttt, head), true);
      assert.equal(tttStepperApplies(mlp, head), false);
    } finally {
      mlp.dispose();
      ttt.dispose();
    }
  });

  for (const [label, per, steps] of [
    ['all episodes in one gradient step', 0, 2],
    ['minibatches of 5 episodes (the last one smaller)', 5, 2 * 3],
  ] as const) {
    it(`trains like the tfjs autodiff path (statistics and weights equal up to float rounding), leaking no tensors: ${label}`, () => {
      const before = tf.memory().numTensors;
      const ref = train(true, per);
      const mine = train(false, per);
      assert.equal(tf.memory().numTensors, before);
      // 4 envs × 26 steps in episodes of 7, 9, 10 and 13 steps (cut at the rollout’s end): 12 episodes
      assert.equal(mine.stats.gradientSteps, steps);
      assert.equal(ref.stats.gradientSteps, steps);
      for (const k of ['policyLoss', 'valueLoss', 'entropy', 'approxKl', 'clipFraction', 'actorGradNorm', 'criticGradNorm', 'explainedVariance'] as const) {
        const a = mine.stats[k];
        const b = ref.stats[k];
        assert.ok(Math.abs(a - b) <= 1e-4 * (1 + Math.abs(b)), `${k}: ${a} vs ${b}`);
      }
      assert.ok(ref.stats.actorGradNorm > 0 && ref.stats.criticGradNorm > 0 && ref.stats.approxKl > 0);
      let agree = 0;
      let moved = 0;
      for (const [name, w] of Object.entries(ref.weights)) {
        const v = mine.weights[name]!;
        for (let i = 0; i < w.length; i++) {
          // Adam's step is about lr·sign(g) early on, so a gradient entry within rounding of 0 may move either way
          assert.ok(Math.abs(v[i]! - w[i]!) <= steps * 2e-3 + 1e-6, `${name}[${i}]: ${v[i]} vs ${w[i]}`);
          if (Math.abs(v[i]! - w[i]!) < 1e-5) agree++;
        }
      }
      const init = createActorCritic(network(actionHeadFor(make('EdgeLLM-v0').actionSpace).distribution.paramSize));
      for (const [name, w] of Object.entries(init.readWeights())) {
        const v = mine.weights[name]!;
        for (let i = 0; i < w.length; i++) if (v[i] !== w[i]) moved++;
      }
      init.dispose();
      const total = Object.values(ref.weights).reduce((s, w) => s + w.length, 0);
      assert.ok(agree / total > 0.99, `${agree} of ${total} weights agree to 1e-5`);
      assert.ok(moved / total > 0.9, `the update moved ${moved} of ${total} weights`);
    });
  }
  it('gives the same statistics and weights, bit for bit, with the second shard of every step on a learner thread (odd shards, a last minibatch of 2 episodes)', () => {
    const thread = new LearnerThread();
    try {
      for (const per of [0, 5]) {
        const alone = train(false, per);
        const other = train(false, per, thread);
        assert.deepEqual(other.stats, alone.stats, `sequencesPerBatch ${per}`);
        for (const [name, w] of Object.entries(alone.weights)) assert.deepEqual(other.weights[name], w, `${name}, sequencesPerBatch ${per}`);
      }
      assert.ok(thread.shardsComputed > 0, 'the learner thread computed shards');
    } finally {
      thread.close();
    }
  });
});
