import assert from 'node:assert/strict';
import '../../../../envs/index.ts';
import { make } from '../../../../src/registry/registry.ts';
import { Generator } from '../../../../src/random/generator.ts';
import { initBackend } from '../../../../agents/tfjs/backend.ts';
import { actionHeadFor } from '../../../../agents/t2drl/acting/action-head.ts';
import { createActorCritic, tttConfigs } from '../../../../agents/t2drl/acting/actor-critic.ts';
import { resolveTTTConfig } from '../../../../agents/nn/ttt-config.ts';
import { tttParameterNames } from '../../../../agents/nn/ttt-grad.ts';
import { addLossTerms } from '../../../../agents/ppo/ppo-loss-js.ts';
import { ArrayWeights } from '../../../../agents/t2drl/training/array-weights.ts';
import { TttShard, tokensOf } from '../../../../agents/t2drl/training/ttt-shard.ts';
import type { PackedEpisodes } from '../../../../agents/t2drl/training/ttt-shard.ts';

const D = 9;
const L = 6;

describe('agents/t2drl/training/ttt-shard', () => {
  before(async () => {
    await initBackend('cpu');
  });

  it('two shards of padded episodes add up to the minibatch\'s gradient and loss terms (to float rounding)', () => {
    const head = actionHeadFor(make('EdgeLLM-v0').actionSpace);
    const dist = head.distribution;
    const net = createActorCritic({ kind: 'ttt', obsDim: D, paramSize: dist.paramSize, mlpHidden: [8], tttHidden: 16, tttHeads: 2, tttMiniBatch: 4, tttIntermediate: 8, tttBaseLr: 1, seed: 2 });
    try {
      const cfgs = tttConfigs(net.config);
      const actorCfg = resolveTTTConfig(cfgs.actor);
      const criticCfg = resolveTTTConfig(cfgs.critic);
      const byName = (names: string[], arrays: Float32Array[]) => Object.fromEntries(names.map((n, i) => [n, arrays[i]!]));
      const aw = new ArrayWeights(net.actorVariables());
      const cw = new ArrayWeights(net.criticVariables());
      const an = tttParameterNames(actorCfg);
      const cn = tttParameterNames(criticCfg);
      const rng = new Generator(8);
      const S = 5;
      const lengths = [6, 3, 5, 1, 4];
      const mask = new Float32Array(S * L);
      lengths.forEach((len, s) => mask.fill(1, s * L, s * L + len));
      const actions = new Float32Array(S * L * dist.actionSize);
      const params = Float32Array.from({ length: dist.paramSize }, () => 0.5 * rng.normal());
      for (let r = 0; r < S * L; r++) dist.sample(params, rng, actions.subarray(r * dist.actionSize, (r + 1) * dist.actionSize));
      const data: PackedEpisodes = {
        sequences: S,
        length: L,
        obs: Float32Array.from({ length: S * L * D }, () => rng.normal()),
        actions,
        logProbs: Float32Array.from({ length: S * L }, () => -3 + rng.normal()),
        advantages: Float32Array.from({ length: S * L }, () => rng.normal()),
        targets: Float32Array.from({ length: S * L }, () => rng.normal()),
        mask,
      };
      const seqs = [4, 1, 3, 0, 2];
      const total = tokensOf(data, seqs);
      assert.equal(total, 19);
      assert.equal(tokensOf(data, seqs, 0, 3), 4 + 3 + 1);
      const coef = { clipRange: 0.2, valueCoef: 0.25, entropyCoef: 0.01 };
      const zeros = (w: ArrayWeights) => w.arrays.map((a) => new Float32Array(a.length));
      const run = (from: number, to: number) => {
        const ga = zeros(aw);
        const gc = zeros(cw);
        const shard = new TttShard(actorCfg, criticCfg, S * L, dist, coef);
        const t = shard.run(data, seqs, from, to, total, byName(an, aw.arrays), byName(cn, cw.arrays), byName(an, ga), byName(cn, gc));
        return { t, g: [...ga, ...gc] };
      };
      const all = run(0, S);
      const first = run(0, 3);
      const second = run(3, S);
      const sum = addLossTerms(first.t, second.t);
      for (const k of ['loss', 'policyLoss', 'valueLoss', 'entropy', 'approxKl', 'clipFraction'] as const) {
        assert.ok(Math.abs(sum[k] - all.t[k]) <= 1e-9 * (1 + Math.abs(all.t[k])), `${k}: ${sum[k]} vs ${all.t[k]}`);
      }
      let largest = 0;
      all.g.forEach((g, i) => {
        for (let j = 0; j < g.length; j++) {
          largest = Math.max(largest, Math.abs(g[j]!));
          const s = first.g[i]![j]! + second.g[i]![j]!;
          assert.ok(Math.abs(s - g[j]!) <= 1e-5 * (1 + Math.abs(g[j]!)), `array ${i}[${j}]: ${s} vs ${g[j]}`);
        }
      });
      assert.ok(largest > 1e-3, 'the gradient is not zero');
      const shard = new TttShard(actorCfg, criticCfg, 2 * L, dist, coef);
      assert.throws(() => shard.run(data, seqs, 0, 3, total, byName(an, aw.arrays), byName(cn, cw.arrays), byName(an, zeros(aw)), byName(cn, zeros(cw))), /a shard has 1 … 2 sequences of 6 tokens, got 3/);
    } finally {
      net.dispose();
    }
  });
});
