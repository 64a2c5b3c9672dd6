import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../../envs/index.ts';
import { DEFAULT_LEADERBOARD_ENVS, leaderboardPlan, runLeaderboard, skippedEntries } from '../../../agents/orchestration/leaderboard.ts';
import { mergeIntoLeaderboard, readLeaderboard } from '../../../agents/evaluation/leaderboard-file.ts';

describe('agents/orchestration/leaderboard', () => {
  it('plans every applicable agent per scenario', () => {
    const plan = leaderboardPlan(['EdgeLLM-v0'], ['cloud', 'lfu', 'nonexistent']);
    assert.deepEqual(plan, [
      { env: 'EdgeLLM-v0', agent: 'cloud' },
      { env: 'EdgeLLM-v0', agent: 'lfu' },
    ]);
  });

  it('covers the seven default scenarios and names the learning agents it skips for want of a checkpoint', () => {
    assert.deepEqual(DEFAULT_LEADERBOARD_ENVS, [
      'EdgeLLM-v0', 'EdgeLLM-Shift-v0', 'EdgeLLM-Flip-v0', 'EdgeLLM-Rotate-v0', 'EdgeLLM-AzureConv-v0', 'EdgeLLM-AzureCode-v0', 'DDAMarket-v0',
    ]);
    const skipped = skippedEntries(['EdgeLLM-v0', 'EdgeLLM-Rotate-v0', 'EdgeLLM-AzureConv-v0']);
    assert.deepEqual(skipped.map((s) => `${s.agent}@${s.env}`), ['ppo@EdgeLLM-AzureConv-v0', 't2drl@EdgeLLM-AzureConv-v0', 't2drl-no-ttt@EdgeLLM-AzureConv-v0', 't2drl-online@EdgeLLM-AzureConv-v0']);
    assert.match(skipped[0]!.reason, /no trained ppo checkpoint for EdgeLLM-AzureConv-v0/);
    assert.deepEqual(skippedEntries(['EdgeLLM-AzureConv-v0'], ['cloud', 'ppo']).map((s) => s.agent), ['ppo'], 'only the agents asked for');
    const plan = leaderboardPlan(['EdgeLLM-AzureConv-v0']).map((p) => p.agent);
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
});
