import { strict as assert } from 'node:assert';
import '../../../envs/index.ts';
import { SingleAgentView } from '../../../src/parallel/single-agent-view.ts';
import { EdgeLLMMultiEnv, type ServerStepInfo } from '../../../envs/edge-llm-multi/edge-llm-multi-env.ts';
import { EpisodeRecorder } from '../../../agents/evaluation/episode-recorder.ts';
import { summarizeEpisodes } from '../../../agents/evaluation/evaluate.ts';
import { leaderboardMarkdown } from '../../../agents/evaluation/leaderboard-report.ts';
import { runMetadata } from '../../../src/utils/run-metadata.ts';

const close = (a: number, b: number, tol = 1e-9) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

/** One seeded episode of a multi-edge system view with seeded random actions; the recorder and the raw infos. */
function episode(market: boolean, seed: number) {
  const view = new SingleAgentView(new EdgeLLMMultiEnv({ market }), { action: 'dict', reward: 'system' });
  view.actionSpace.seed(seed);
  view.reset({ seed });
  const rec = new EpisodeRecorder(seed);
  const slots: Record<string, ServerStepInfo>[] = [];
  for (let done = false; !done; ) {
    const [, reward, term, trunc, info] = view.step(view.actionSpace.sample());
    rec.add(reward, info);
    slots.push(info.agents as Record<string, ServerStepInfo>);
    done = term || trunc;
  }
  return { record: rec.finish(), slots };
}

describe('agents/evaluation/episode-recorder', () => {
  it('records a multi-edge episode: per-server costs that add up to the system cost, and the market per slot', () => {
    const { record, slots } = episode(true, 10000);
    const y = record.system!;
    assert.deepEqual(Object.keys(y.serverCosts), ['es0', 'es1', 'es2', 'es3']);
    const sum = Object.values(y.serverCosts).reduce((a, b) => a + b, 0);
    assert.ok(close(sum, record.meanCost), `server costs ${sum} add up to the system cost ${record.meanCost}`);
    const c = record.costs!;
    assert.ok(close(c.switching + c.communication + c.computation + c.accuracy + c.cloud, record.meanCost, 1e-6));
    // per-slot means, recomputed from the raw infos
    const n = slots.length;
    const mean = (f: (s: Record<string, ServerStepInfo>) => number) => slots.reduce((a, s) => a + f(s), 0) / n;
    assert.ok(close(y.paths, mean((s) => s.es0!.system!.units)));
    assert.ok(close(y.welfare, mean((s) => s.es0!.system!.welfare)));
    assert.ok(close(y.budgetSurplus, mean((s) => s.es0!.system!.budgetSurplus)));
    assert.ok(close(y.rounds, mean((s) => s.es0!.system!.rounds)));
    assert.ok(close(y.serverCosts.es2!, mean((s) => s.es2!.costs.total)));
    assert.ok(y.paths > 0 && y.welfare > 0 && y.budgetSurplus >= 0);
    assert.ok(record.accuracy! > 0 && record.accuracy! <= 1);
  });

  it('records no trades with the market off, and summaries and the Markdown table carry the system figures', () => {
    const off = episode(false, 10000).record;
    assert.deepEqual([off.system!.paths, off.system!.welfare, off.system!.budgetSurplus, off.system!.rounds], [0, 0, 0, 0]);
    const on = [episode(true, 10000).record, episode(true, 10001).record];
    const result = summarizeEpisodes('random', 'EdgeLLMMulti-View-v0', on);
    assert.ok(close(result.system!.welfare, (on[0]!.system!.welfare + on[1]!.system!.welfare) / 2));
    assert.ok(close(result.system!.serverCosts.es1!, (on[0]!.system!.serverCosts.es1! + on[1]!.system!.serverCosts.es1!) / 2));
    const md = leaderboardMarkdown({ meta: { ...runMetadata(), seedBase: 10000, episodes: 2, configHashes: {} }, results: [result] });
    assert.match(md, /\| rank \| agent \| system cost \| 95% CI \| IQM \| es0 cost \| es1 cost \| es2 cost \| es3 cost \| paths traded \| welfare \| budget surplus \| rounds \|/);
    assert.match(md, new RegExp(`\\| 1 \\| random \\| ${result.meanCost.toFixed(4)} \\|`));
  });
});
