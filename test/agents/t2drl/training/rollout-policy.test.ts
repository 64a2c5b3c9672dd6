import assert from 'node:assert/strict';
import { initBackend } from '../../../../agents/tfjs/backend.ts';
import { createActorCritic } from '../../../../agents/t2drl/acting/actor-critic.ts';
import type { NetworkConfig } from '../../../../agents/t2drl/acting/actor-critic.ts';
import { LearnerThread } from '../../../../agents/t2drl/training/learner-thread.ts';
import { RolloutPolicy } from '../../../../agents/t2drl/training/rollout-policy.ts';
import { Generator } from '../../../../src/random/generator.ts';

const D = 5;
const P = 4;
const E = 7;

function config(kind: 'mlp' | 'ttt'): NetworkConfig {
  return { kind, obsDim: D, paramSize: P, mlpHidden: [8], tttHidden: 8, tttHeads: 2, tttMiniBatch: 4, tttIntermediate: 8, tttBaseLr: 1, seed: 9 };
}

/** Outputs, values and peeks of 12 steps with resets of some sub-environments, as one list of numbers. */
function trace(policy: RolloutPolicy): number[] {
  const rng = new Generator(5);
  const out: number[] = [];
  const peek = new Float32Array(D);
  for (let t = 0; t < 12; t++) {
    policy.step(Float32Array.from({ length: E * D }, () => rng.normal()));
    out.push(...policy.params, ...policy.values);
    for (let e = 0; e < E; e++) {
      if ((t + e) % 5 !== 0) continue;
      peek.set(Float32Array.from({ length: D }, () => rng.normal()));
      out.push(policy.peekValue(e, peek));
      policy.resetState(e);
    }
  }
  return out;
}

describe('agents/t2drl/training/rollout-policy', () => {
  before(async () => {
    await initBackend('cpu');
  });

  const kinds = [
    { kind: 'mlp', batched: false },
    { kind: 'ttt', batched: false },
  ] as const;
  for (const { kind, batched } of kinds) {
    it(`${kind}: with half the sub-environments on a learner thread, every output, value and peek is the same, bit for bit`, () => {
      const net = createActorCritic(config(kind));
      const thread = new LearnerThread();
      try {
        const source = { config: net.config, weights: net.readWeights(), innerUpdates: true, batched };
        const alone = new RolloutPolicy(source, E);
        assert.equal(alone.split, E);
        const helped = new RolloutPolicy(source, E, thread);
        assert.equal(helped.split, 4, 'sub-environments 4–6 run on the thread');
        const a = trace(alone);
        const b = trace(helped);
        assert.equal(a.length, b.length);
        assert.deepEqual(b, a);
        // the TTT states advance: a sub-environment's second step differs from its first on the same input
        assert.ok(a.some((x) => x !== 0));
        alone.close();
        helped.close();
      } finally {
        thread.close();
        net.dispose();
      }
    });
  }

  it('mlp, batched: the policy stays on the calling thread, and a learner thread given to it is not used', () => {
    const net = createActorCritic(config('mlp'));
    const thread = new LearnerThread();
    try {
      const source = { config: net.config, weights: net.readWeights(), innerUpdates: true, batched: true };
      const helped = new RolloutPolicy(source, E, thread);
      assert.equal(helped.split, E);
      assert.deepEqual(trace(helped), trace(new RolloutPolicy(source, E)));
      assert.throws(() => thread.peekValue(5), /call setupPolicy first/);
    } finally {
      thread.close();
      net.dispose();
    }
  });

  it('mlp: the batched policy agrees with the one-observation runner to float32 rounding', () => {
    const net = createActorCritic(config('mlp'));
    try {
      const weights = net.readWeights();
      const a = trace(new RolloutPolicy({ config: net.config, weights, innerUpdates: true, batched: false }, E));
      const b = trace(new RolloutPolicy({ config: net.config, weights, innerUpdates: true, batched: true }, E));
      assert.equal(a.length, b.length);
      for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) <= 1e-5 * (1 + Math.abs(a[i]!)), `value ${i}: ${a[i]} against ${b[i]}`);
    } finally {
      net.dispose();
    }
  });

  it('a learner thread asked about a sub-environment it does not run names the range', () => {
    const net = createActorCritic(config('mlp'));
    const thread = new LearnerThread();
    try {
      new RolloutPolicy({ config: net.config, weights: net.readWeights(), innerUpdates: true, batched: false }, E, thread);
      assert.throws(() => thread.resetPolicyState(1), /sub-environment 1 is not one of the block's \(4 … 6\)/);
    } finally {
      thread.close();
      net.dispose();
    }
  });
});
