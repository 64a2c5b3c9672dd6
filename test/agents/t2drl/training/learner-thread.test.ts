import assert from 'node:assert/strict';
import '../../../../envs/index.ts';
import { make } from '../../../../src/registry/registry.ts';
import { initBackend } from '../../../../agents/tfjs/backend.ts';
import { actionHeadFor } from '../../../../agents/t2drl/acting/action-head.ts';
import { LearnerThread } from '../../../../agents/t2drl/training/learner-thread.ts';
import { ADAM_ARGS, sharedFloat32 } from '../../../../agents/t2drl/training/learner-thread-protocol.ts';
import { adamStepArrays } from '../../../../agents/ppo/adam.ts';
import type { MlpShardSetup } from '../../../../agents/t2drl/training/learner-thread-protocol.ts';

/** A tiny MLP setup on shared memory: 4 samples of 3 numbers, one hidden layer of 4. */
function setup(): MlpShardSetup {
  const head = actionHeadFor(make('EdgeLLM-v0').actionSpace);
  const P = head.distribution.paramSize;
  const A = head.distribution.actionSize;
  const widths = { actor: [3, 4, P], critic: [3, 4, 1] };
  const arrays = (w: number[], fill: number) => w.slice(1).flatMap((out, l) => [sharedFloat32(w[l]! * out).fill(fill), sharedFloat32(out)]);
  const critic = arrays(widths.critic, 0.1);
  const criticGrads = arrays(widths.critic, 0);
  return {
    kind: 'mlp',
    actionSpace: head.space.toJSON(),
    coef: { clipRange: 0.2, valueCoef: 0.5, entropyCoef: 0 },
    maxRows: 2,
    indices: new Int32Array(new SharedArrayBuffer(8)),
    terms: new Float64Array(new SharedArrayBuffer(64)),
    widths,
    samples: {
      obsDim: 3,
      actionSize: A,
      obs: sharedFloat32(12).fill(0.5),
      actions: sharedFloat32(4 * A).fill(1),
      logProbs: sharedFloat32(4).fill(-1),
      advantages: sharedFloat32(4).fill(1),
      targets: sharedFloat32(4).fill(2),
    },
    actor: arrays(widths.actor, 0.1),
    critic,
    actorGrads: arrays(widths.actor, 0),
    criticGrads,
    adam: {
      params: critic,
      grads: arrays(widths.critic, 0),
      second: criticGrads,
      m: arrays(widths.critic, 0),
      v: arrays(widths.critic, 0),
      args: new Float64Array(new SharedArrayBuffer(ADAM_ARGS.size * 8)),
    },
  };
}

describe('agents/t2drl/training/learner-thread', () => {
  before(async () => {
    await initBackend('cpu');
  });

  it('takes the critic\'s Adam step on the sum of both shards\' gradients, bit for bit as the calling thread would', () => {
    const thread = new LearnerThread();
    try {
      const s = setup();
      thread.setup(s);
      s.adam.grads.forEach((g, i) => g.forEach((_, j) => (g[j] = Math.sin(i + j))));
      s.adam.second.forEach((g, i) => g.forEach((_, j) => (g[j] = Math.cos(i * j))));
      const copy = (xs: readonly Float32Array[]) => xs.map((x) => x.slice());
      const want = { params: copy(s.adam.params), grads: copy(s.adam.grads), m: copy(s.adam.m), v: copy(s.adam.v) };
      want.grads.forEach((g, i) => g.forEach((_, j) => (g[j]! += s.adam.second[i]![j]!)));
      const args = { step: 3, learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-5 };
      const info = adamStepArrays(args, want.params, want.grads, want.m, want.v, 0.5);
      assert.ok(info.clipScale < 1, 'the step is clipped');
      thread.startAdam(args, 0.5);
      assert.equal(thread.finishAdam(), info.gradNorm);
      assert.deepEqual(copy(s.adam.params), want.params);
      assert.deepEqual(copy(s.adam.m), want.m);
      assert.deepEqual(copy(s.adam.v), want.v);
    } finally {
      thread.close();
    }
  });

  it('computes a shard into the setup\'s gradient arrays and returns its loss terms', () => {
    const thread = new LearnerThread();
    try {
      const s = setup();
      thread.setup(s);
      thread.start([9, 2, 3], 1, 3, 4); // samples 2 and 3 of a minibatch of 4
      const terms = thread.finish();
      // value loss share: 2 samples of (V − 2)² over 4, V > 0 small → about 2·4/4
      assert.ok(terms.valueLoss > 1 && terms.valueLoss < 2.5, `value loss ${terms.valueLoss}`);
      assert.ok(s.criticGrads.some((g) => g.some((v) => v !== 0)), 'the critic gradient was written');
      assert.deepEqual([...s.indices], [2, 3]);
      assert.equal(thread.shardsComputed, 1);
    } finally {
      thread.close();
    }
  });

  it('throws the thread\'s error on the calling thread, and keeps working after it', () => {
    const thread = new LearnerThread();
    try {
      thread.setup(setup());
      thread.start([0, 1], 0, 2, 1); // a minibatch total smaller than the shard
      assert.throws(() => thread.finish(), (e: Error) => e.name === 'RangeError' && /total must be an integer ≥ n \(2\), got 1 \(in the learner thread\)/.test(e.message));
      thread.start([0, 1], 0, 2, 2);
      assert.ok(Number.isFinite(thread.finish().loss));
    } finally {
      thread.close();
    }
  });

  it('refuses misuse: a shard before any setup, more indices than the setup holds, finish without start, use after close', () => {
    const thread = new LearnerThread();
    try {
      assert.throws(() => thread.start([0], 0, 1, 1), /call setup first/);
      assert.throws(() => thread.finish(), /no shard was started/);
      thread.setup(setup());
      assert.throws(() => thread.start([0, 1, 2], 0, 3, 3), /3 indices, the setup holds 2/);
    } finally {
      thread.close();
      thread.close();
    }
    assert.throws(() => thread.setup(setup()), /learner thread/);
  });

  it('a thread that cannot start its backend is an error naming the fix, not a hang', async () => {
    const thread = new LearnerThread({ backend: 'no-such-backend' });
    await assert.rejects(thread.ready(), /the learner thread failed to start: .*preference must be one of.*learnerThreads: 1/);
    assert.throws(() => thread.setup(setup()), /learner thread/);
  });

  it('a thread that does not answer within the timeout is an error, not a hang', () => {
    const thread = new LearnerThread({ timeoutMs: 1 });
    try {
      assert.throws(() => thread.setup(setup()), /did not (start|answer) within 1 ms/);
    } finally {
      thread.close();
    }
  });
});
