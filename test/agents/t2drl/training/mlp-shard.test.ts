import assert from 'node:assert/strict';
import '../../../../envs/index.ts';
import { make } from '../../../../src/registry/registry.ts';
import { Generator } from '../../../../src/random/generator.ts';
import { initBackend } from '../../../../agents/tfjs/backend.ts';
import { actionHeadFor } from '../../../../agents/t2drl/acting/action-head.ts';
import { addLossTerms } from '../../../../agents/ppo/ppo-loss-js.ts';
import { MlpShard } from '../../../../agents/t2drl/training/mlp-shard.ts';
import type { MlpSamples } from '../../../../agents/t2drl/training/mlp-shard.ts';

const D = 7;

function fixture() {
  const head = actionHeadFor(make('EdgeLLM-v0').actionSpace);
  const dist = head.distribution;
  const widths = { actor: [D, 12, 10, dist.paramSize], critic: [D, 12, 10, 1] };
  const rng = new Generator(4);
  const weights = (w: number[]) => w.slice(1).flatMap((out, l) => [Float32Array.from({ length: w[l]! * out }, () => 0.3 * rng.normal()), Float32Array.from({ length: out }, () => 0.1 * rng.normal())]);
  const rows = 20;
  const actions = new Float32Array(rows * dist.actionSize);
  const params = Float32Array.from({ length: dist.paramSize }, () => 0.5 * rng.normal());
  for (let r = 0; r < rows; r++) dist.sample(params, rng, actions.subarray(r * dist.actionSize, (r + 1) * dist.actionSize));
  const samples: MlpSamples = {
    obsDim: D,
    actionSize: dist.actionSize,
    obs: Float32Array.from({ length: rows * D }, () => rng.normal()),
    actions,
    logProbs: Float32Array.from({ length: rows }, () => -3 + rng.normal()),
    advantages: Float32Array.from({ length: rows }, () => rng.normal()),
    targets: Float32Array.from({ length: rows }, () => rng.normal()),
  };
  return { dist, widths, actor: weights(widths.actor), critic: weights(widths.critic), samples };
}

describe('agents/t2drl/training/mlp-shard', () => {
  before(async () => {
    await initBackend('cpu');
  });

  it('two shards of a minibatch add up to its gradient and its loss terms (to float rounding)', () => {
    const { dist, widths, actor, critic, samples } = fixture();
    const coef = { clipRange: 0.2, valueCoef: 0.25, entropyCoef: 0.01 };
    const rows = [3, 17, 0, 9, 12, 5, 19, 1, 8, 14, 6];
    const zeros = (ws: Float32Array[]) => ws.map((w) => new Float32Array(w.length));
    const whole = { a: zeros(actor), c: zeros(critic) };
    const all = new MlpShard(widths, rows.length, dist, coef).run(samples, rows, 0, rows.length, rows.length, actor, critic, whole.a, whole.c);
    const shard = new MlpShard(widths, 6, dist, coef);
    const first = { a: zeros(actor), c: zeros(critic) };
    const second = { a: zeros(actor), c: zeros(critic) };
    const t0 = shard.run(samples, rows, 0, 6, rows.length, actor, critic, first.a, first.c);
    const t1 = shard.run(samples, rows, 6, rows.length, rows.length, actor, critic, second.a, second.c);
    const sum = addLossTerms(t0, t1);
    for (const k of ['loss', 'policyLoss', 'valueLoss', 'entropy', 'approxKl', 'clipFraction'] as const) {
      assert.ok(Math.abs(sum[k] - all[k]) <= 1e-9 * (1 + Math.abs(all[k])), `${k}: ${sum[k]} vs ${all[k]}`);
    }
    let largest = 0;
    for (const [g, a, b] of [...whole.a.map((g, i) => [g, first.a[i]!, second.a[i]!] as const), ...whole.c.map((g, i) => [g, first.c[i]!, second.c[i]!] as const)]) {
      for (let j = 0; j < g.length; j++) {
        largest = Math.max(largest, Math.abs(g[j]!));
        assert.ok(Math.abs(a[j]! + b[j]! - g[j]!) <= 1e-5 * (1 + Math.abs(g[j]!)), `${a[j]! + b[j]!} vs ${g[j]}`);
      }
    }
    assert.ok(largest > 1e-3, 'the gradient is not zero');
  });

  it('refuses an empty or oversized shard, and a distribution without paramGradJs', () => {
    const { dist, widths, actor, critic, samples } = fixture();
    const coef = { clipRange: 0.2, valueCoef: 0.25, entropyCoef: 0 };
    const shard = new MlpShard(widths, 4, dist, coef);
    const g = (ws: Float32Array[]) => ws.map((w) => new Float32Array(w.length));
    assert.throws(() => shard.run(samples, [0, 1, 2, 3, 4], 0, 5, 5, actor, critic, g(actor), g(critic)), /a shard has 1 … 4 samples, got 5/);
    assert.throws(() => shard.run(samples, [0], 0, 0, 1, actor, critic, g(actor), g(critic)), /a shard has 1 … 4 samples, got 0/);
    assert.throws(() => new MlpShard(widths, 4, { ...dist, paramGradJs: undefined, logProbJs: dist.logProbJs, entropyJs: dist.entropyJs } as typeof dist, coef), /no paramGradJs; use the autodiff path/);
  });
});
