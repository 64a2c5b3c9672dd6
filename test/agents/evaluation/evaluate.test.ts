import { strict as assert } from 'node:assert';
import '../../../envs/index.ts';
import { make } from '../../../src/registry/registry.ts';
import { makeBaseline } from '../../../agents/baselines/edge-llm/index.ts';
import { evaluateAgent, runEpisode, summarizeEpisodes } from '../../../agents/evaluation/evaluate.ts';
import { EpisodeRecorder } from '../../../agents/evaluation/episode-recorder.ts';

describe('agents/evaluation/evaluate', () => {
  const setup = (name: string) => {
    const env = make('EdgeLLM-v0');
    return { env, agent: makeBaseline(name, { observationSpace: env.observationSpace, actionSpace: env.actionSpace, seed: 1 }) };
  };

  it('is reproducible: the same seeds give the same records', () => {
    const a = setup('lfu');
    const b = setup('lfu');
    const ra = evaluateAgent(a.env, a.agent, { episodes: 3, seed: 500 });
    const rb = evaluateAgent(b.env, b.agent, { episodes: 3, seed: 500 });
    assert.deepEqual(ra, rb);
    assert.deepEqual(ra.episodes.map((e) => e.seed), [500, 501, 502]);
  });

  it('records mean cost = −return / length and a cost breakdown that sums to it', () => {
    const { env, agent } = setup('popularity');
    const r = runEpisode(env, agent, 77);
    assert.equal(r.length, 100);
    assert.ok(Math.abs(r.meanCost + r.return / 100) < 1e-12);
    const sum = Object.values(r.costs!).reduce((x, y) => x + y, 0);
    assert.ok(Math.abs(sum - r.meanCost) < 1e-9);
    assert.ok(r.accuracy! > 0.3 && r.accuracy! < 1);
    assert.ok(r.edgeShare! > 0 && r.edgeShare! < 1);
  });

  it('summarizes: mean, bootstrap CI around it, IQM', () => {
    const { env, agent } = setup('cloud');
    const res = evaluateAgent(env, agent, { episodes: 8 });
    const mean = res.episodes.reduce((s, e) => s + e.meanCost, 0) / 8;
    assert.ok(Math.abs(res.meanCost - mean) < 1e-12);
    assert.ok(res.ci95[0] <= res.meanCost && res.meanCost <= res.ci95[1]);
    assert.ok(res.ci95[1] - res.ci95[0] > 0);
    assert.equal(res.costs!.cloud, res.meanCost);
    assert.equal(res.edgeShare, 0);
  });

  it('rejects a bad episode count or seed', () => {
    const { env, agent } = setup('cloud');
    assert.throws(() => evaluateAgent(env, agent, { episodes: 0 }), /episodes must be a positive integer/);
    assert.throws(() => evaluateAgent(env, agent, { seed: -1 }), /seed must be a non-negative integer/);
  });

  it('records market episodes from the final info', () => {
    const rec = new EpisodeRecorder(3);
    rec.add(-0.01, {});
    rec.add(0.95, { welfareRatio: 0.96, outcome: { rounds: 2, messages: 40 } });
    const r = rec.finish();
    assert.equal(r.welfareRatio, 0.96);
    assert.equal(r.rounds, 2);
    assert.equal(r.messages, 40);
    const s = summarizeEpisodes('x', 'DDAMarket-v0', [r]);
    assert.equal(s.welfareRatio!.mean, 0.96);
  });
});
