import { strict as assert } from 'node:assert';
import { combineSeedResults, costsBySeed, pairedAcrossSeeds } from '../../../agents/evaluation/across-seeds.ts';
import { type EvaluationResult, summarizeEpisodes } from '../../../agents/evaluation/evaluate.ts';
import { leaderboardCsv, leaderboardMarkdown } from '../../../agents/evaluation/leaderboard-report.ts';
import type { LeaderboardFile } from '../../../agents/evaluation/leaderboard-file.ts';
import { bootstrapCI } from '../../../src/utils/statistics.ts';
import { twoLevelBootstrapCI } from '../../../src/utils/two-level-bootstrap.ts';

/** An evaluation whose episode k (seed 10000 + k) costs `costs[k]` per slot over 10 slots. */
function result(agent: string, costs: number[], env = 'EdgeLLM-Flip-v0'): EvaluationResult {
  return summarizeEpisodes(agent, env, costs.map((c, k) => ({ seed: 10000 + k, return: -10 * c, length: 10, meanCost: c })));
}

describe('agents/evaluation/across-seeds', () => {
  const seed3 = result('t2drl', [0.6, 0.8]);
  const seed1 = result('t2drl', [0.5, 0.7]);
  const seed2 = result('t2drl', [0.9, 0.9]);

  it('combines one evaluation per training seed into one row (hand-checked)', () => {
    const row = combineSeedResults([seed3, seed1, seed2], [3, 1, 2]);
    assert.deepEqual(row.acrossSeeds, { trainingSeeds: [1, 2, 3], seedMeans: [0.6, 0.9, 0.7], spread: [0.6, 0.9] });
    assert.ok(Math.abs(row.meanCost - 2.2 / 3) < 1e-12, 'mean of the seed means');
    // IQM over the six values 0.5 0.6 0.7 0.8 0.9 0.9 without one at each end: (0.6 + 0.7 + 0.8 + 0.9) / 4
    assert.ok(Math.abs(row.iqm - 0.75) < 1e-12);
    assert.deepEqual(row.ci95, twoLevelBootstrapCI([[0.5, 0.7], [0.9, 0.9], [0.6, 0.8]]));
    assert.deepEqual(row.cost.ci95, row.ci95);
    assert.deepEqual(row.episodes.map((e) => `${e.trainingSeed}:${e.seed}`), ['1:10000', '1:10001', '2:10000', '2:10001', '3:10000', '3:10001']);
    assert.deepEqual(costsBySeed(row), [[0.5, 0.7], [0.9, 0.9], [0.6, 0.8]]);
    assert.deepEqual(costsBySeed(seed1), [[0.5, 0.7]], 'a single-seed row is one row');
  });

  it('refuses evaluations that do not belong together, naming the problem', () => {
    assert.throws(() => combineSeedResults([seed1, result('ppo', [1, 1])], [1, 2]), /result 1 is ppo on EdgeLLM-Flip-v0, not t2drl/);
    assert.throws(() => combineSeedResults([seed1, result('t2drl', [1, 1, 1])], [1, 2]), /training seed 2 of t2drl on EdgeLLM-Flip-v0 played other held-out episodes/);
    assert.throws(() => combineSeedResults([seed1, seed2], [1, 1]), /repeat/);
    assert.throws(() => combineSeedResults([seed1], [1, 2]), /1 results for 2 training seeds/);
  });

  it('pairs two rows per seed and pooled (hand-checked)', () => {
    const a = combineSeedResults([seed1, seed2], [1, 2]);
    const b = combineSeedResults([result('t2drl-no-ttt', [0.6, 0.6]), result('t2drl-no-ttt', [1.0, 0.8])], [1, 2]);
    const p = pairedAcrossSeeds(a, b)!;
    // differences: seed 1 → −0.1, +0.1; seed 2 → −0.1, +0.1
    assert.equal(p.perSeed.length, 2);
    assert.deepEqual(p.perSeed.map((s) => s.trainingSeed), [1, 2]);
    for (const s of p.perSeed) {
      assert.ok(Math.abs(s.mean) < 1e-12);
      assert.equal(s.lower, 1);
      assert.equal(s.count, 2);
    }
    assert.deepEqual(p.perSeed[0]!.ci95, bootstrapCI([0.5 - 0.6, 0.7 - 0.6]));
    assert.equal(p.pooled.lower, 2);
    assert.equal(p.pooled.count, 4);
    assert.deepEqual(p.pooled.ci95, twoLevelBootstrapCI([[0.5 - 0.6, 0.7 - 0.6], [0.9 - 1.0, 0.9 - 0.8]]));
    // single-seed rows pair too (one seed, no training seed named); rows of other seeds or episodes do not
    const single = pairedAcrossSeeds(seed1, result('t2drl-no-ttt', [0.4, 0.9]))!;
    assert.deepEqual(single.perSeed.map((s) => [s.trainingSeed, s.lower]), [[null, 1]], "differences +0.1 and −0.2");
    assert.equal(pairedAcrossSeeds(a, result('t2drl-no-ttt', [0.6, 0.6])), null);
    assert.equal(pairedAcrossSeeds(a, combineSeedResults([result('x', [1, 1]), result('x', [1, 1])], [1, 3])), null);
    assert.equal(pairedAcrossSeeds(seed1, result('t2drl-no-ttt', [0.6, 0.6], 'EdgeLLM-v0')), null);
  });

  it('shows in the Markdown and CSV leaderboard: seed columns, paired table, training seed per episode', () => {
    const a = combineSeedResults([seed1, seed2], [1, 2]);
    const b = combineSeedResults([result('t2drl-no-ttt', [0.6, 0.6]), result('t2drl-no-ttt', [1.0, 0.8])], [1, 2]);
    const cloud = result('cloud', [0.75, 0.76]);
    const board = { meta: { seedBase: 10000, episodes: 2, configHashes: {} }, results: [a, b, cloud] } as unknown as LeaderboardFile;
    const md = leaderboardMarkdown(board);
    assert.match(md, /\| rank \| agent \| mean cost \| 95% CI \| IQM \| training seeds \| seed means \(min–max\) \| ÷ best baseline \|/);
    assert.match(md, /\| t2drl \| 0\.7500 \| \[[0-9.]+, [0-9.]+\] \| 0\.8000 \| 1, 2 \| 0\.6000–0\.9000 \| 0\.993 \|/);
    assert.match(md, /\| cloud \| 0\.7550 \| .* \| – \| – \| 1\.000 \|/);
    assert.match(md, /Paired: t2drl − t2drl-no-ttt/);
    assert.match(md, /\| 1 \| 0\.0000 \| \[-?[0-9.]+, [0-9.]+\] \| 1 of 2 \|/);
    assert.match(md, /\| all \(seeds, then episodes\) \| 0\.0000 \| .* \| 2 of 4 \|/);
    assert.match(md, /two-level bootstrap \(seeds, then episodes\)/);
    const csv = leaderboardCsv(board).trim().split('\n');
    assert.ok(csv[0]!.endsWith(',trainingSeed'));
    assert.equal(csv.length, 1 + 4 + 4 + 2);
    assert.ok(csv[1]!.startsWith('EdgeLLM-Flip-v0,t2drl,10000,') && csv[1]!.endsWith(',1'));
    assert.ok(csv[3]!.endsWith(',2'));
    assert.ok(csv[9]!.startsWith('EdgeLLM-Flip-v0,cloud,') && csv[9]!.endsWith(','), 'no training seed for the baseline');
    // without seeded rows the table keeps its columns
    assert.doesNotMatch(leaderboardMarkdown({ ...board, results: [cloud] }), /training seeds/);
  });
});
