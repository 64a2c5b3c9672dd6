import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../../agents/tfjs/backend.ts';
import { Adam } from '../../../../agents/ppo/adam.ts';
import type { PPOLossJsTerms } from '../../../../agents/ppo/ppo-loss-js.ts';
import { ArrayWeights } from '../../../../agents/t2drl/training/array-weights.ts';
import { stepInShards } from '../../../../agents/t2drl/training/shard-step.ts';

const terms = (x: number): PPOLossJsTerms => ({ loss: x, policyLoss: x, valueLoss: 2 * x, entropy: 0, approxKl: 0, clipFraction: 0, dEntropy: 0 });

describe('agents/t2drl/training/shard-step', () => {
  before(async () => {
    await initBackend('cpu');
  });

  it('adds the second shard\'s gradients and loss terms to the first\'s, then takes the Adam steps', () => {
    const actor = new ArrayWeights([tf.variable(tf.tensor1d([0, 0]))]);
    const critic = new ArrayWeights([tf.variable(tf.tensor1d([0]))]);
    const second = { actor: [new Float32Array(2)], critic: [new Float32Array(1)] };
    const ctx = { actorOpt: new Adam({ learningRate: 0.1 }), criticOpt: new Adam({ learningRate: 0.1 }), ppo: { maxGradNorm: Infinity } };
    const calls: string[] = [];
    const m = stepInShards(ctx, { actor, critic, second, thread: null }, [4, 5, 6], 2, 3, 3, (from, to, toSecond) => {
      calls.push(`${from}-${to}${toSecond ? ' second' : ''}`);
      (toSecond ? second.actor : actor.grads)[0]!.set(toSecond ? [0, 4] : [3, 0]);
      (toSecond ? second.critic : critic.grads)[0]!.set([toSecond ? 1 : 1]);
      return terms(toSecond ? 0.25 : 0.5);
    });
    assert.deepEqual(calls, ['0-2', '2-3 second']);
    assert.deepEqual([...actor.grads[0]!], [3, 4]);
    assert.equal(m.actorGradNorm, 5);
    assert.equal(m.criticGradNorm, 2);
    assert.equal(m.policyLoss, 0.75);
    assert.equal(m.valueLoss, 1.5);
    // Adam's first step moves every weight with a nonzero gradient by the learning rate against its sign
    assert.ok(Math.abs(actor.arrays[0]![0]! + 0.1) < 1e-6 && Math.abs(actor.arrays[0]![1]! + 0.1) < 1e-6);
  });

  it('a minibatch cut at its end has no second shard', () => {
    const actor = new ArrayWeights([tf.variable(tf.tensor1d([0]))]);
    const critic = new ArrayWeights([tf.variable(tf.tensor1d([0]))]);
    const ctx = { actorOpt: new Adam({ learningRate: 0.1 }), criticOpt: new Adam({ learningRate: 0.1 }), ppo: { maxGradNorm: Infinity } };
    let runs = 0;
    stepInShards(ctx, { actor, critic, second: { actor: [new Float32Array(1)], critic: [new Float32Array(1)] }, thread: null }, [0], 1, 1, 1, () => {
      runs++;
      return terms(1);
    });
    assert.equal(runs, 1);
  });
});
