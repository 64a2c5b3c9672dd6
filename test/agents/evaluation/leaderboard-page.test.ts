import { strict as assert } from 'node:assert';
import { gunzipSync } from 'node:zlib';
import '../../../envs/index.ts';
import { make } from '../../../src/registry/registry.ts';
import { runLeaderboard, leaderboardPlan, DEFAULT_LEADERBOARD_ENVS } from '../../../agents/evaluation/leaderboard.ts';
import { createAgent } from '../../../agents/registry.ts';
import { runEpisode, summarizeEpisodes } from '../../../agents/evaluation/evaluate.ts';
import type { LeaderboardFile } from '../../../agents/evaluation/leaderboard-file.ts';
import { isOracle, leaderboardPage } from '../../../agents/evaluation/leaderboard-page.ts';
import { PAGE_SCRIPT } from '../../../agents/evaluation/leaderboard-page-script.ts';

/** The rows of the table of `env`: per row, the `data-value` of each cell by column key. */
function tableRows(html: string, env: string): Record<string, string>[] {
  const start = html.indexOf(`<table class="ranking" data-env="${env}"`);
  assert.ok(start >= 0, `no table for ${env}`);
  const table = html.slice(start, html.indexOf('</table>', start));
  const body = table.slice(table.indexOf('<tbody>'));
  return [...body.matchAll(/<tr [^>]*>(.*?)<\/tr>/g)].map((m) =>
    Object.fromEntries([...m[1]!.matchAll(/data-key="([^"]+)" data-value="([^"]*)"/g)].map((c) => [c[1]!, c[2]!])),
  );
}

function embedded(html: string): { board: LeaderboardFile; traces: unknown[][] } {
  const json = /<script type="application\/json" id="leaderboard-data">(.*?)<\/script>/s.exec(html)![1]!;
  const traces = /<script type="text\/plain" id="trace-data" data-encoding="gzip\+base64">(.*?)<\/script>/s.exec(html)![1]!;
  return { board: JSON.parse(json) as LeaderboardFile, traces: JSON.parse(gunzipSync(Buffer.from(traces, 'base64')).toString('utf8')) as unknown[][] };
}

describe('agents/evaluation/leaderboard-page', function () {
  this.timeout(120_000);
  let board: LeaderboardFile;
  before(async () => {
    board = await runLeaderboard({ envs: ['EdgeLLM-v0', 'DDAMarket-v0'], agents: ['cloud', 'popularity', 'greedy', 'adaptive-step', 'large-step'], episodes: 2, outDir: null });
  });

  it('has one ranked table per scenario whose cells hold the leaderboard values', () => {
    const html = leaderboardPage(board);
    const edge = board.results.filter((r) => r.env === 'EdgeLLM-v0').sort((a, b) => a.meanCost - b.meanCost);
    const rows = tableRows(html, 'EdgeLLM-v0');
    assert.deepEqual(rows.map((r) => r.agent), edge.map((r) => r.agent));
    rows.forEach((row, i) => {
      assert.equal(Number(row.rank), i + 1);
      assert.equal(Number(row.meanCost), edge[i]!.meanCost);
      assert.equal(Number(row.ci), edge[i]!.ci95[0]);
      assert.equal(Number(row.iqm), edge[i]!.iqm);
      assert.equal(Number(row.switching), edge[i]!.costs!.switching);
    });
    // ÷ best baseline: every agent here is a baseline, so the first row is exactly 1
    assert.equal(Number(rows[0]!.vsBaseline), 1);
    assert.ok(!('vsOracle' in rows[0]!), 'no ÷ oracle column without an oracle');
    const market = tableRows(html, 'DDAMarket-v0');
    const m = board.results.filter((r) => r.env === 'DDAMarket-v0');
    assert.deepEqual(market.map((r) => r.agent).sort(), m.map((r) => r.agent).sort());
    const wr = m.find((r) => r.agent === market[0]!.agent)!.welfareRatio!;
    assert.equal(Number(market[0]!.welfare), wr.mean);
    assert.match(html, /<th scope="col" data-key="meanCost" data-type="number" aria-sort="none" class="num"><button type="button"/);
  });

  it('embeds the leaderboard, with the episode traces gzip-compressed beside it', () => {
    const html = leaderboardPage(board);
    const { board: data, traces } = embedded(html);
    assert.equal(data.results.length, board.results.length);
    assert.equal(data.results[0]!.episodes[0]!.trace, undefined);
    assert.deepEqual(data.results[0]!.episodes[0]!.seed, board.results[0]!.episodes[0]!.seed);
    assert.deepEqual(traces, board.results.map((r) => r.episodes.map((e) => e.trace)));
    assert.equal(data.meta.seedBase, board.meta.seedBase);
  });

  it('loads nothing from anywhere: no external resource, a CSP that forbids connections', () => {
    const html = leaderboardPage(board);
    assert.doesNotMatch(html, /\s(src|href)="(?!#)/, 'only in-page links');
    assert.doesNotMatch(html, /https?:\/\/(?!www\.w3\.org\/2000\/svg)/, 'no URL but the SVG namespace');
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    assert.doesNotMatch(PAGE_SCRIPT, /<\/script|\bfetch\(|XMLHttpRequest|import\(/i);
  });

  it('escapes names and marks remote entries', () => {
    const hostile = { ...board.results[0]!, agent: '<img src=x onerror=alert(1)></script>', source: 'remote' };
    const html = leaderboardPage({ ...board, results: [...board.results, hostile] });
    assert.ok(!html.includes('<img src=x'), 'the name is escaped in the table');
    assert.equal(html.split('</script>').length, 4, 'three script elements; the embedded JSON cannot close its own');
    assert.match(html, /&#60;img src=x onerror=alert\(1\)&#62;&#60;\/script&#62;<\/span> <span class="badge remote"/);
    assert.match(html, /were submitted by remote agents/);
  });

  it('adds a ÷ oracle column once an entry is flagged as the oracle', () => {
    const base = board.results.filter((r) => r.env === 'EdgeLLM-v0');
    const best = Math.min(...base.map((r) => r.meanCost));
    const oracle = { ...base[0]!, agent: 'oracle', meanCost: best / 2, ci95: [best / 2, best / 2] as [number, number] };
    for (const [entry, flagged] of [
      [oracle, true],
      [{ ...oracle, agent: 'bound', oracle: true }, true],
      [{ ...oracle, source: 'remote' }, false],
    ] as const) {
      assert.equal(isOracle(entry), flagged);
      const rows = tableRows(leaderboardPage({ ...board, results: [...board.results, entry] }), 'EdgeLLM-v0');
      if (!flagged) {
        assert.ok(!('vsOracle' in rows[0]!), 'a remote entry named oracle is not the oracle');
        continue;
      }
      assert.equal(rows[0]!.agent, entry.agent);
      assert.equal(Number(rows[0]!.vsOracle), 1);
      const popularity = rows.find((r) => r.agent === 'popularity')!;
      assert.equal(Number(popularity.vsOracle), Number(popularity.meanCost) / (best / 2));
    }
  });

  it('stays within 2 MB for the default leaderboard (every scenario × agent × 20 episodes, real traces)', async function () {
    this.timeout(300_000);
    // 20 real episodes per (scenario, agent) of the default plan, each with its own seed (so that no two
    // traces are the same bytes); a cheap agent that moves a lot stands in for each entry: random actions on
    // EdgeLLM, and the 200-round small-step auctioneer (the longest market episodes) on the market
    const plan = leaderboardPlan(DEFAULT_LEADERBOARD_ENVS);
    const results = [];
    for (const { env: envId, agent: name } of plan) {
      const env = make(envId);
      const cheap = envId.startsWith('DDAMarket') ? 'small-step' : 'random';
      const agent = await createAgent(cheap, { observationSpace: env.observationSpace, actionSpace: env.actionSpace, envId, seed: results.length });
      const episodes = Array.from({ length: 20 }, (_, k) => runEpisode(env, agent, 10000 + 20 * results.length + k));
      results.push({ ...summarizeEpisodes(name, envId, episodes) });
      env.close();
    }
    const big: LeaderboardFile = { ...board, results };
    const bytes = Buffer.byteLength(leaderboardPage(big));
    assert.ok(plan.length >= 30, `${plan.length} entries`);
    assert.ok(bytes <= 2 * 2 ** 20, `the page has ${bytes} bytes`);
  });
});
