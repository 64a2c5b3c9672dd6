import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../../agents/tfjs/backend.ts';
import { Adam } from '../../../../agents/ppo/adam.ts';
import { ArrayWeights, adamStepsAndMetrics } from '../../../../agents/t2drl/training/array-weights.ts';

describe('agents/t2drl/training/array-weights', () => {
  before(async () => {
    await initBackend('cpu');
  });

  const variables = (seed: number) => [tf.variable(tf.tensor2d([1 + seed, 2, 3, 4], [2, 2])), tf.variable(tf.tensor1d([0.5, -0.5 * seed]))];

  it('copies the variables out, leaves them alone until writeBack, then writes the arrays back', () => {
    const vars = variables(0);
    const w = new ArrayWeights(vars);
    assert.deepEqual(w.arrays.map((a) => [...a]), [[1, 2, 3, 4], [0.5, -0]]);
    assert.deepEqual(w.grads.map((g) => g.length), [4, 2]);
    w.arrays[0]![3] = 40;
    w.arrays[1]![0] = 7;
    assert.equal(vars[0]!.dataSync()[3], 4, 'a copy, not a view');
    w.writeBack();
    assert.deepEqual([...vars[0]!.dataSync()], [1, 2, 3, 40]);
    assert.deepEqual([...vars[1]!.dataSync()], [7, -0]);
    tf.dispose(vars);
  });

  it('takes both Adam steps as applyArrays does, each clipped on its own, and reports them with the loss terms', () => {
    const terms = { loss: 1, policyLoss: 0.25, valueLoss: 0.5, entropy: 1.5, approxKl: 0.01, clipFraction: 0.1, dEntropy: 0 };
    const run = (viaHelper: boolean) => {
      const actor = new ArrayWeights(variables(1));
      const critic = new ArrayWeights(variables(2));
      actor.grads.forEach((g, i) => g.fill(i + 1));
      critic.grads.forEach((g, i) => g.fill(-3 * (i + 1)));
      const ctx = { actorOpt: new Adam({ learningRate: 0.1 }), criticOpt: new Adam({ learningRate: 0.1 }), ppo: { maxGradNorm: 0.5 } };
      let metrics: Record<string, number>;
      if (viaHelper) metrics = adamStepsAndMetrics(ctx, actor, critic, terms);
      else {
        const a = ctx.actorOpt.applyArrays(actor.vars, actor.arrays, actor.grads, 0.5).gradNorm;
        const c = ctx.criticOpt.applyArrays(critic.vars, critic.arrays, critic.grads, 0.5).gradNorm;
        metrics = { actorGradNorm: a, criticGradNorm: c };
      }
      const out = { metrics, actor: actor.arrays.map((x) => [...x]), critic: critic.arrays.map((x) => [...x]) };
      tf.dispose([...actor.vars, ...critic.vars]);
      return out;
    };
    const helper = run(true);
    const direct = run(false);
    assert.deepEqual(helper.actor, direct.actor);
    assert.deepEqual(helper.critic, direct.critic);
    assert.notDeepEqual(helper.actor, [[2, 2, 3, 4], [0.5, -0.5]], 'the arrays moved');
    assert.equal(helper.metrics.actorGradNorm, Math.sqrt(4 * 1 + 2 * 4));
    assert.equal(helper.metrics.criticGradNorm, Math.sqrt(4 * 9 + 2 * 36));
    assert.deepEqual(
      { ...helper.metrics, actorGradNorm: 0, criticGradNorm: 0 },
      { actorGradNorm: 0, criticGradNorm: 0, policyLoss: 0.25, valueLoss: 0.5, entropy: 1.5, approxKl: 0.01, clipFraction: 0.1 },
    );
  });
});
