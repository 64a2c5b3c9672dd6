import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '../../../../envs/index.ts';
import { make } from '../../../../src/registry/registry.ts';
import { initBackend } from '../../../../agents/tfjs/backend.ts';
import { actionHeadFor } from '../../../../agents/t2drl/acting/action-head.ts';
import { createActorCritic } from '../../../../agents/t2drl/acting/actor-critic.ts';
import type { ActorCritic, NetworkConfig } from '../../../../agents/t2drl/acting/actor-critic.ts';
import { ValueNormalizer } from '../../../../agents/t2drl/acting/normalizers.ts';
import { mlpStepperApplies } from '../../../../agents/t2drl/training/mlp-stepper.ts';
import { ppoUpdate } from '../../../../agents/t2drl/training/ppo-update.ts';
import type { UpdateStats } from '../../../../agents/t2drl/training/ppo-update.ts';
import type { RolloutBuffer } from '../../../../agents/t2drl/training/rollout.ts';
import { Adam } from '../../../../agents/ppo/adam.ts';
import { resolvePPOConfig } from '../../../../agents/ppo/config.ts';
import { Generator } from '../../../../src/random/generator.ts';
import { LearnerThread } from '../../../../agents/t2drl/training/learner-thread.ts';

const OBS = 9;

function network(paramSize: number, kind: 'mlp' | 'ttt' = 'mlp'): NetworkConfig {
  return { kind, obsDim: OBS, paramSize, mlpHidden: [16, 12], tttHidden: 8, tttHeads: 2, tttMiniBatch: 4, tttIntermediate: 8, tttBaseLr: 1, seed: 5 };
}

/** A rollout of random observations with actions sampled from `net`'s initial policy. */
function syntheticRollout(net: ActorCritic, head: ReturnType<typeof actionHeadFor>, steps: number, numEnvs: number): RolloutBuffer {
  const rng = new Generator(11);
  const n = steps * numEnvs;
  const dist = head.distribution;
  const obs = Float32Array.from({ length: n * OBS }, () => rng.normal());
  const actions = new Float32Array(n * dist.actionSize);
  const logProbs = new Float32Array(n);
  const values = new Float32Array(n);
  const runner = net.runner();
  const state = runner.createState();
  for (let i = 0; i < n; i++) {
    const out = runner.step(state, obs.subarray(i * OBS, (i + 1) * OBS));
    const a = dist.sample(out.params, rng, actions.subarray(i * dist.actionSize, (i + 1) * dist.actionSize));
    logProbs[i] = dist.logProbJs(out.params, a);
    values[i] = out.value;
  }
  const terminated = new Uint8Array(n);
  for (let i = n - numEnvs; i < n; i++) terminated[i] = 1;
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
    truncated: new Uint8Array(n),
    finalValues: new Float32Array(n),
    lastValues: new Float32Array(numEnvs),
    episodes: [],
  };
}

function train(autodiff: boolean, learnerThread: LearnerThread | null = null): { stats: UpdateStats; weights: Record<string, Float32Array> } {
  const head = actionHeadFor(make('EdgeLLM-v0').actionSpace);
  const net = createActorCritic(network(head.distribution.paramSize));
  try {
    const buf = syntheticRollout(net, head, 40, 4);
    const ppo = resolvePPOConfig({ batchSize: 64, epochs: 2, learningRate: 1e-3 });
    const stats = ppoUpdate(
      {
        net,
        head,
        valueNorm: new ValueNormalizer(true),
        actorOpt: new Adam({ learningRate: 1e-3 }),
        criticOpt: new Adam({ learningRate: 1e-3 }),
        rng: new Generator(3),
        ppo,
        sequencesPerBatch: 0,
        autodiff,
        learnerThread,
      },
      buf,
    );
    return { stats, weights: net.readWeights() };
  } finally {
    net.dispose();
  }
}

describe('MLP stepper (hand-derived PPO gradient steps)', () => {
  before(async () => {
    await initBackend('wasm');
  });

  it('applies to the MLP agent with the EdgeLLM head, not to the TTT agent', () => {
    const head = actionHeadFor(make('EdgeLLM-v0').actionSpace);
    const mlp = createActorCritic(network(head.distribution.paramSize));
    const ttt = createActorCritic(network(head.distribution.paramSize, 'ttt'));
    try {
      assert.equal(mlpStepperApplies(mlp, head), true);
      assert.equal(mlpStepperApplies(ttt, head), false);
    } finally {
      mlp.dispose();
      ttt.dispose();
    }
  });

  it('trains like the tfjs autodiff path (same statistics and weights up to float rounding), leaking no tensors', () => {
    const before = tf.memory().numTensors;
    const ref = train(true);
    const mine = train(false);
    assert.equal(tf.memory().numTensors, before);
    assert.equal(mine.stats.gradientSteps, 6, '160 samples in minibatches of 64, two epochs');
    for (const k of ['policyLoss', 'valueLoss', 'entropy', 'approxKl', 'clipFraction', 'actorGradNorm', 'criticGradNorm', 'explainedVariance'] as const) {
      const a = mine.stats[k];
      const b = ref.stats[k];
      assert.ok(Math.abs(a - b) <= 1e-4 * (1 + Math.abs(b)), `${k}: ${a} vs ${b}`);
    }
    assert.ok(ref.stats.actorGradNorm > 0 && ref.stats.criticGradNorm > 0);
    let moved = 0;
    for (const [name, w] of Object.entries(ref.weights)) {
      const v = mine.weights[name]!;
      for (let i = 0; i < w.length; i++) {
        // Adam's step is about lr·sign(g) early on, so a gradient entry within rounding of 0 may move either way
        assert.ok(Math.abs(v[i]! - w[i]!) < 1e-5 || Math.abs(v[i]! - w[i]!) <= 6 * 2e-3, `${name}[${i}]: ${v[i]} vs ${w[i]}`);
        if (Math.abs(v[i]! - w[i]!) < 1e-5) moved++;
      }
    }
    const total = Object.values(ref.weights).reduce((s, w) => s + w.length, 0);
    assert.ok(moved / total > 0.99, `${moved} of ${total} weights agree to 1e-5`);
  });
  it('gives the same statistics and weights, bit for bit, with the second shard of every step on a learner thread', () => {
    const alone = train(false);
    const thread = new LearnerThread();
    try {
      const twice = [train(false, thread), train(false, thread)];
      for (const other of twice) {
        assert.deepEqual(other.stats, alone.stats);
        for (const [name, w] of Object.entries(alone.weights)) assert.deepEqual(other.weights[name], w, name);
      }
      assert.ok(thread.shardsComputed > 0, 'the learner thread computed shards');
    } finally {
      thread.close();
    }
  });
});
