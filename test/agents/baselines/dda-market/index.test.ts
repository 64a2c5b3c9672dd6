import { strict as assert } from 'node:assert';
import '../../../../envs/index.ts';
import { DDAMarketEnv, type DDAMarketStepInfo } from '../../../../envs/dda-market/dda-market-env.ts';
import { AdaptiveStepAuctioneer } from '../../../../agents/baselines/dda-market/adaptive-step.ts';
import { FixedStepAuctioneer } from '../../../../agents/baselines/dda-market/fixed-step.ts';
import { MARKET_BASELINES } from '../../../../agents/baselines/dda-market/index.ts';
import { closestIndex, largestIndexAtMost, stepFractionsOf } from '../../../../agents/baselines/dda-market/step-set.ts';
import { agentsFor, createAgent } from '../../../../agents/catalogue.ts';
import { evaluateAgent, summarizeEpisodes } from '../../../../agents/evaluation/evaluate.ts';
import { leaderboardMarkdown } from '../../../../agents/evaluation/leaderboard-report.ts';
import type { LeaderboardFile } from '../../../../agents/evaluation/leaderboard-file.ts';
import { runMetadata } from '../../../../src/utils/run-metadata.ts';
import type { Agent } from '../../../../agents/agent.ts';
import { InvalidArgument } from '../../../../src/core/errors.ts';
import { make } from '../../../../src/registry/registry.ts';

const DEFAULT_STEPS = [0.005, 0.01, 0.02, 0.05, 0.1, 0.2];

/**
 * A market on [0, 100] to follow by hand: buyers 95, 62.5, 40 and sellers 10, 45.5, 80. OPT = (95 − 10) +
 * (62.5 − 45.5) = 102. Steps 1, 10 and 20 (1 %, 10 %, 20 % of the range).
 */
const MARKET = {
  buyers: [{ value: 95 }, { value: 62.5 }, { value: 40 }],
  sellers: [{ cost: 10 }, { cost: 45.5 }, { cost: 80 }],
};

function runAgent(agent: Agent<Float32Array, number>): { actions: number[]; last: DDAMarketStepInfo; ret: number } {
  const env = new DDAMarketEnv({ valuation: 'uniform', stepFractions: [0.01, 0.1, 0.2], messageCost: 0 });
  let [obs, info] = env.reset({ options: { market: MARKET } }) as [Float32Array, Record<string, unknown>];
  agent.reset(obs, info);
  const actions: number[] = [];
  let ret = 0;
  for (;;) {
    const a = agent.act(obs, info);
    actions.push(a);
    const [next, reward, terminated, truncated, stepInfo] = env.step(a);
    ret += reward;
    obs = next;
    info = stepInfo;
    if (terminated || truncated) return { actions, last: stepInfo as DDAMarketStepInfo, ret };
  }
}

describe('agents/baselines/dda-market', () => {
  describe('step-set helpers', () => {
    it('closest and largest-at-most indices', () => {
      assert.equal(closestIndex(DEFAULT_STEPS, 0.1), 4);
      assert.equal(closestIndex(DEFAULT_STEPS, 0.005), 0);
      assert.equal(closestIndex(DEFAULT_STEPS, 0.15), 4, 'a tie goes to the smaller step');
      assert.equal(closestIndex(DEFAULT_STEPS, 5), 5);
      assert.equal(largestIndexAtMost(DEFAULT_STEPS, 0.1), 4);
      assert.equal(largestIndexAtMost(DEFAULT_STEPS, 0.0999), 3);
      assert.equal(largestIndexAtMost(DEFAULT_STEPS, 0.001), 0);
      assert.equal(largestIndexAtMost(DEFAULT_STEPS, 1), 5);
    });

    it('stepFractionsOf reads the reset info, and says what is missing', () => {
      assert.deepEqual(stepFractionsOf({ stepFractions: [0.01, 0.1] }), [0.01, 0.1]);
      assert.throws(() => stepFractionsOf({}), (e: unknown) => e instanceof InvalidArgument && /need the reset info\.stepFractions of DDAMarketEnv/.test(e.message));
      assert.throws(() => stepFractionsOf({ stepFractions: [0.1, -1] }), InvalidArgument);
    });
  });

  describe('on a market followed by hand', () => {
    it('small-step (closest to 0.5 %: 1 %): 100 rounds, buyer 0 pays 62 and seller 0 receives 46', () => {
      // Buyer clock 100 → 95 (5 rounds, buyer 0), seller 0 → 10 (10, seller 0), buyer 95 → 62 (33, buyer 1),
      // seller 10 → 46 (36, seller 1), buyer 62 → 46 (16): the clocks meet after 100 rounds.
      const { actions, last } = runAgent(new FixedStepAuctioneer('small-step', 0.005));
      assert.deepEqual(new Set(actions), new Set([0]));
      const o = last.outcome!;
      assert.deepEqual([o.rounds, last.end], [100, 'no-step-fits']);
      assert.deepEqual([o.buyerPays, o.sellerReceives], [[62, 0, 0], [46, 0, 0]]);
      assert.equal(o.welfare, 85);
      assert.equal(last.welfareRatio, 85 / 102);
    });

    it('large-step (10 %): 10 rounds, buyer 0 pays 60 and seller 0 receives 50', () => {
      // Buyer 90 (buyer 0), seller 10 (seller 0), buyer 80, 70, 60 (buyer 1), seller 20 … 50 (seller 1), buyer 50.
      const { actions, last } = runAgent(new FixedStepAuctioneer('large-step', 0.1));
      assert.deepEqual(actions, new Array(10).fill(1));
      const o = last.outcome!;
      assert.equal(o.rounds, 10);
      assert.deepEqual([o.buyerPays, o.sellerReceives], [[60, 0, 0], [50, 0, 0]]);
      assert.equal(last.welfareRatio, 85 / 102);
    });

    it('adaptive-step: 10 % first (gap = the whole range), then 1 % (gap/10 < 10 %): 91 rounds', () => {
      // 100 → 90 (buyer 0 at 90), then unit steps as for small-step from there: 10 + 28 + 36 + 16 = 90 more rounds.
      const { actions, last } = runAgent(new AdaptiveStepAuctioneer());
      assert.deepEqual(actions, [1, ...new Array(90).fill(0)]);
      const o = last.outcome!;
      assert.equal(o.rounds, 91);
      assert.deepEqual([o.buyerPays, o.sellerReceives], [[62, 0, 0], [46, 0, 0]]);
    });

    it('adaptive-step with the default steps: 10 %, then 5 % while the gap is at least half the range, …', () => {
      const agent = new AdaptiveStepAuctioneer();
      agent.reset(new Float32Array(8), { stepFractions: DEFAULT_STEPS });
      const at = (buyer: number, seller: number) => agent.act(Float32Array.from([buyer, seller, 0, 0, 0, 1, 0, 100]), {});
      assert.deepEqual([at(1, 0), at(0.9, 0), at(0.75, 0.25), at(0.6, 0.35), at(0.5, 0.38), at(0.45, 0.42)], [4, 3, 3, 2, 1, 0]);
    });
  });

  it('need the reset info, and refuse bad parameters', () => {
    assert.throws(() => new FixedStepAuctioneer('x', 0).act(new Float32Array(8), {}), InvalidArgument);
    assert.throws(() => new FixedStepAuctioneer('x', 0.01).act(new Float32Array(8), {}), /call reset\(obs, info\)/);
    assert.throws(() => new AdaptiveStepAuctioneer(-1), /divisor must be a finite number > 0/);
    assert.throws(() => new AdaptiveStepAuctioneer().act(new Float32Array(8), {}), /call reset\(obs, info\)/);
  });

  describe('registry and evaluation', () => {
    it('the three auctioneers apply to the DDAMarket ids only, as baselines', async () => {
      const names = Object.keys(MARKET_BASELINES);
      assert.deepEqual(names, ['small-step', 'large-step', 'adaptive-step']);
      for (const id of ['DDAMarket-v0', 'DDAMarket-Uniform-v0']) {
        const found = agentsFor(id).filter((e) => names.includes(e.name));
        assert.deepEqual(found.map((e) => [e.name, e.baseline]), names.map((n) => [n, true]));
      }
      assert.equal(agentsFor('EdgeLLM-v0').some((e) => names.includes(e.name)), false);
      const env = make('DDAMarket-v0');
      const agent = await createAgent('large-step', { observationSpace: env.observationSpace, actionSpace: env.actionSpace, envId: 'DDAMarket-v0' });
      assert.equal(agent.name, 'large-step');
    });

    it('the harness records welfare / OPT, rounds and messages of each auction', () => {
      const env = make('DDAMarket-v0');
      const small = evaluateAgent(env, MARKET_BASELINES['small-step']!.create({ observationSpace: env.observationSpace, actionSpace: env.actionSpace }), { episodes: 3 });
      const adaptive = evaluateAgent(env, MARKET_BASELINES['adaptive-step']!.create({ observationSpace: env.observationSpace, actionSpace: env.actionSpace }), { episodes: 3 });
      assert.deepEqual(small.episodes.map((e) => e.rounds), [200, 200, 200]);
      for (const r of [...small.episodes, ...adaptive.episodes]) {
        assert.ok(r.welfareRatio! > 0 && r.welfareRatio! <= 1);
        assert.ok(Math.abs(r.return - (r.welfareRatio! - 1e-5 * r.messages!)) < 1e-9);
      }
      // Far fewer rounds for the adaptive rule on the same markets.
      for (const e of adaptive.episodes) assert.ok(e.rounds! < 100);
      assert.ok(adaptive.rounds!.mean < small.rounds!.mean / 2);
    });

    it('the Markdown leaderboard ranks auctioneers by mean return per auction, not per step', () => {
      // `slow` returns 0.97 and 0.95 (mean 0.96) in 200 steps each; `quick` 0.95 and 0.93 (mean 0.94) in 40 and
      // 60 steps. Per step `quick` earns more, but `slow` earns more per auction, and auctions are what count.
      const ep = (seed: number, ret: number, length: number) => ({
        seed, return: ret, length, meanCost: -ret / length, welfareRatio: ret + 0.01, rounds: length, messages: 10 * length,
      });
      const slow = summarizeEpisodes('slow', 'DDAMarket-v0', [ep(1, 0.97, 200), ep(2, 0.95, 200)]);
      const quick = summarizeEpisodes('quick', 'DDAMarket-v0', [ep(1, 0.95, 40), ep(2, 0.93, 60)]);
      const board: LeaderboardFile = { meta: { ...runMetadata(), seedBase: 1, episodes: 2, configHashes: {} }, results: [quick, slow] };
      const rows = leaderboardMarkdown(board).split('\n').filter((l) => /^\| [12] \|/.test(l));
      assert.equal(rows.length, 2);
      assert.match(rows[0]!, /^\| 1 \| slow \| 0\.9700 \|.*\| 200\.0 \|.*\| 2000 \| 0\.9600 \|$/);
      assert.match(rows[1]!, /^\| 2 \| quick \| 0\.9500 \|.*\| 50\.0 \|.*\| 500 \| 0\.9400 \|$/);
    });
  });
});
