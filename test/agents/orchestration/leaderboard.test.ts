import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../../envs/index.ts';
import { DEFAULT_LEADERBOARD_ENVS, leaderboardPlan, runLeaderboard, skippedEntries } from '../../../agents/orchestration/leaderboard.ts';
import { mergeIntoLeaderboard, readLeaderboard } from '../../../agents/evaluation/leaderboard-file.ts';
import { SHIPPED_CHECKPOINT_DIR, checkpointFileName, checkpointSearchPath, trainingSeedsOf } from '../../../agents/t2drl/acting/shipped-checkpoints.ts';
import { leaderboardPage } from '../../../agents/evaluation/leaderboard-page.ts';

describe('agents/orchestration/leaderboard', () => {
  it('plans every applicable agent per scenario', () => {
    const plan = leaderboardPlan(['EdgeLLM-v0'], ['cloud', 'lfu', 'nonexistent']);
    assert.deepEqual(plan, [
      { env: 'EdgeLLM-v0', agent: 'cloud' },
      { env: 'EdgeLLM-v0', agent: 'lfu' },
    ]);
  });

  it('runs the multi-edge views: system and per-server costs, the market, and every slot checked for IR and WBB', async function () {
    this.timeout(120000);
    const board = await runLeaderboard({ envs: ['EdgeLLMMulti-View-v0', 'EdgeLLMMulti-NoMarket-View-v0'], agents: ['cloud', 'lfu'], episodes: 2, seed: 10000, outDir: null, oracle: true });
    assert.deepEqual(board.results.map((r) => `${r.agent}@${r.env}`), ['cloud@EdgeLLMMulti-View-v0', 'lfu@EdgeLLMMulti-View-v0', 'cloud@EdgeLLMMulti-NoMarket-View-v0', 'lfu@EdgeLLMMulti-NoMarket-View-v0']);
    assert.deepEqual(board.meta.marketSlotsChecked, { 'EdgeLLMMulti-View-v0': 400 }, '2 agents × 2 episodes × 100 slots, market on only');
    const lfu = board.results[1]!;
    assert.ok(lfu.system!.paths > 0 && lfu.system!.budgetSurplus >= 0);
    assert.equal(board.results[3]!.system!.paths, 0);
    assert.equal(board.results.filter((r) => r.oracle === true).length, 0, 'no oracle for multi-edge systems');
  });

  it('covers the default scenarios and names the learning agents it skips for want of a checkpoint', () => {
    assert.deepEqual(DEFAULT_LEADERBOARD_ENVS, [
      'EdgeLLM-v0', 'EdgeLLM-Shift-v0', 'EdgeLLM-Flip-v0', 'EdgeLLM-Rotate-v0', 'EdgeLLM-AzureConv-v0', 'EdgeLLM-AzureCode-v0', 'DDAMarket-v0',
      'EdgeLLMMulti-View-v0', 'EdgeLLMMulti-NoMarket-View-v0',
    ]);
    // EdgeLLM-Large-v0 has no checkpoints; every default scenario has
    const skipped = skippedEntries(['EdgeLLM-v0', 'EdgeLLM-Rotate-v0', 'EdgeLLM-Large-v0']);
    assert.deepEqual(skipped.map((s) => `${s.agent}@${s.env}`), ['ppo@EdgeLLM-Large-v0', 't2drl@EdgeLLM-Large-v0', 't2drl-no-ttt@EdgeLLM-Large-v0', 't2drl-online@EdgeLLM-Large-v0']);
    assert.match(skipped[0]!.reason, /no trained ppo checkpoint for EdgeLLM-Large-v0/);
    assert.deepEqual(skippedEntries(['EdgeLLM-Large-v0'], ['cloud', 'ppo']).map((s) => s.agent), ['ppo'], 'only the agents asked for');
    assert.deepEqual(skippedEntries(DEFAULT_LEADERBOARD_ENVS.filter((e) => e.startsWith('EdgeLLM-'))), [], 'learned agents on every EdgeLLM scenario of the default run');
    assert.ok(leaderboardPlan(['EdgeLLM-AzureCode-v0']).map((p) => p.agent).includes('t2drl'), 'the trace scenarios have shipped checkpoints');
    const plan = leaderboardPlan(['EdgeLLM-Large-v0']).map((p) => p.agent);
    assert.ok(plan.includes('static-best') && plan.includes('lookahead') && !plan.includes('ppo'));
    assert.ok(leaderboardPlan(['EdgeLLM-Rotate-v0']).map((p) => p.agent).includes('t2drl'), 'Rotate has shipped checkpoints');
  });

  it('adds the oracle row (flagged, not ranked) with the ÷ oracle column and the lower bound', async function () {
    this.timeout(60000);
    const dir = mkdtempSync(join(tmpdir(), 'lb-oracle-'));
    const board = await runLeaderboard({ envs: ['EdgeLLM-v0', 'DDAMarket-v0'], agents: ['cloud', 'oracle'], episodes: 2, seed: 10000, outDir: dir });
    const oracle = board.results.filter((r) => r.oracle === true);
    assert.equal(oracle.length, 1, 'the oracle applies to the EdgeLLM family only');
    assert.equal(oracle[0]!.agent, 'oracle');
    assert.ok(oracle[0]!.bound! <= oracle[0]!.meanCost);
    const cloud = board.results.find((r) => r.agent === 'cloud')!;
    const md = readFileSync(join(dir, 'leaderboard.md'), 'utf8');
    assert.match(md, /\| ÷ oracle \|/);
    assert.match(md, new RegExp(`\\| 1 \\| cloud \\| .*\\| ${(cloud.meanCost / oracle[0]!.meanCost).toFixed(3)} \\|`));
    assert.match(md, /\| – \| oracle \(hindsight, not a policy\) \|/);
    assert.match(md, /Lower bound \(Lagrangian, per episode, mean\): 0\.\d{4}/);
    assert.ok(existsSync(join(dir, 'oracle-cache.json')));
  });

  it('writes JSON (with metadata), Markdown, CSV and SVG charts', async function () {
    this.timeout(60000);
    const dir = mkdtempSync(join(tmpdir(), 'lb-'));
    const board = await runLeaderboard({ envs: ['EdgeLLM-v0'], agents: ['cloud', 'popularity'], episodes: 3, seed: 10000, outDir: dir });
    assert.equal(board.results.length, 2);
    const json = readLeaderboard(dir)!;
    assert.equal(json.meta.package, 'edgellm-gym');
    assert.equal(json.meta.seedBase, 10000);
    assert.match(json.meta.configHashes['EdgeLLM-v0']!, /^[0-9a-f]{16}$/);
    assert.equal(json.results[0]!.episodes.length, 3);
    const md = readFileSync(join(dir, 'leaderboard.md'), 'utf8');
    assert.match(md, /\| 1 \| popularity \|/, 'sorted by mean cost');
    const csv = readFileSync(join(dir, 'leaderboard.csv'), 'utf8').trim().split('\n');
    assert.equal(csv.length, 1 + 2 * 3, 'one row per episode');
    assert.ok(readFileSync(join(dir, 'leaderboard-cost.svg'), 'utf8').startsWith('<svg'));
    assert.ok(existsSync(join(dir, 'leaderboard-breakdown.svg')));

    // merging a remote entry replaces the same (agent, env) and keeps the rest
    const extra = { ...board.results[0]!, agent: 'remote-agent' };
    mergeIntoLeaderboard(extra, dir, 'remote');
    mergeIntoLeaderboard(extra, dir, 'remote');
    const merged = readLeaderboard(dir)!;
    assert.deepEqual(merged.results.map((r) => r.agent).sort(), ['cloud', 'popularity', 'remote-agent']);
  });

  it('evaluates every training seed of a learning agent on the same episodes and reports one row across them', async function () {
    this.timeout(120000);
    // a second "training seed" 7 for t2drl on Flip: the seed-1 checkpoint's weights, so both seeds play alike
    // (its recorded seed set to 7, as a checkpoint's name and its training seed must agree)
    const dir = mkdtempSync(join(tmpdir(), 'lb-seeds-'));
    const out = mkdtempSync(join(tmpdir(), 'lb-seeds-out-'));
    for (const agent of ['t2drl', 'ppo']) {
      const from = readFileSync(join(SHIPPED_CHECKPOINT_DIR, checkpointFileName(agent, 'EdgeLLM-Flip-v0', 1)), 'utf8');
      const ckpt = JSON.parse(from) as { training: { ppo: { seed: number } } };
      ckpt.training.ppo.seed = 7;
      writeFileSync(join(dir, checkpointFileName(agent, 'EdgeLLM-Flip-v0', 7)), JSON.stringify(ckpt));
    }
    checkpointSearchPath.unshift(dir);
    try {
      const seeds = trainingSeedsOf('t2drl', 'EdgeLLM-Flip-v0');
      assert.equal(seeds[0], 1);
      assert.equal(seeds[seeds.length - 1], 7);
      const played: string[] = [];
      const board = await runLeaderboard({
        envs: ['EdgeLLM-Flip-v0'], agents: ['cloud', 't2drl', 't2drl-no-ttt'], episodes: 2, seed: 10000, outDir: out,
        onEpisode: (_env, agent, r) => played.push(`${agent}:${r.seed}`),
      });
      const twice = (agent: string) => seeds.flatMap(() => [`${agent}:10000`, `${agent}:10001`]);
      assert.deepEqual(played, ['cloud:10000', 'cloud:10001', ...twice('t2drl'), ...twice('t2drl-no-ttt')], 'every training seed plays the same episodes');
      const t2drl = board.results.find((r) => r.agent === 't2drl')!;
      assert.deepEqual(t2drl.acrossSeeds!.trainingSeeds, seeds);
      const means = t2drl.acrossSeeds!.seedMeans;
      assert.equal(means[0], means[means.length - 1], 'the same checkpoint under two seeds plays the same episodes alike');
      assert.ok(Math.abs(t2drl.meanCost - means.reduce((a, b) => a + b, 0) / means.length) < 1e-12);
      assert.deepEqual(t2drl.episodes.map((e) => `${e.trainingSeed}:${e.seed}`), seeds.flatMap((s) => [`${s}:10000`, `${s}:10001`]));
      assert.equal(board.results.find((r) => r.agent === 'cloud')!.acrossSeeds, undefined, 'baselines have no training seeds');
      const md = readFileSync(join(out, 'leaderboard.md'), 'utf8');
      assert.match(md, new RegExp(`\\| t2drl \\| [0-9.]+ \\| \\[[0-9.]+, [0-9.]+\\] \\| [0-9.]+ \\| ${seeds.join(', ')} \\| `));
      assert.match(md, /Paired: t2drl − t2drl-no-ttt/);
      assert.match(md, /\| 7 \| -?[0-9.]+ \| /);
      assert.match(readFileSync(join(out, 'leaderboard-cost.svg'), 'utf8'), /over training seeds, then episodes/);
      const html = leaderboardPage(board);
      assert.ok(html.includes(`data-key="trainingSeeds" data-value="${seeds.join(', ')}"`));
      assert.match(html, /<table class="paired" data-env="EdgeLLM-Flip-v0" data-a="t2drl" data-b="t2drl-no-ttt">/);
      assert.match(html, /<th scope="row">all \(seeds, then episodes\)<\/th>/);
    } finally {
      checkpointSearchPath.splice(checkpointSearchPath.indexOf(dir), 1);
      rmSync(dir, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  });
});
