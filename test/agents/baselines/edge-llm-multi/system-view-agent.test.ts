import { strict as assert } from 'node:assert';
import '../../../../envs/index.ts';
import { make } from '../../../../src/registry/registry.ts';
import { makeParallel } from '../../../../src/parallel/parallel-registry.ts';
import { EdgeLLMMultiEnv } from '../../../../envs/edge-llm-multi/edge-llm-multi-env.ts';
import { PerServerBaseline } from '../../../../agents/baselines/edge-llm-multi/per-server.ts';
import { runMultiEpisode } from '../../../../agents/baselines/edge-llm-multi/evaluate-multi.ts';
import { SystemViewAgent } from '../../../../agents/baselines/edge-llm-multi/system-view-agent.ts';
import { runEpisode } from '../../../../agents/evaluation/evaluate.ts';
import { agentsFor, createAgent } from '../../../../agents/catalogue.ts';

describe('agents/baselines/edge-llm-multi/system-view-agent', () => {
  for (const name of ['lfu', 'popularity']) {
    it(`${name} on the system view plays the same episode as per server on the parallel env`, () => {
      const view = make('EdgeLLMMulti-View-v0');
      const record = runEpisode(view as never, new SystemViewAgent(name, new EdgeLLMMultiEnv(), 0) as never, 10000);
      const direct = runMultiEpisode(makeParallel('EdgeLLMMulti-v0') as EdgeLLMMultiEnv, new PerServerBaseline(name, new EdgeLLMMultiEnv(), 0), 10000);
      assert.ok(Math.abs(record.meanCost - direct.systemCost) < 1e-9, `${record.meanCost} vs ${direct.systemCost}`);
      for (const [a, c] of Object.entries(direct.serverCosts)) assert.ok(Math.abs(record.system!.serverCosts[a]! - c) < 1e-9);
      assert.ok(Math.abs(record.system!.welfare - direct.welfare) < 1e-9);
    });
  }

  it('the catalogue offers the per-server baselines on the views (not the single-server references)', async () => {
    const names = agentsFor('EdgeLLMMulti-View-v0').map((e) => e.name);
    for (const n of ['cloud', 'fifo', 'lfu', 'laot', 'popularity', 'greedy', 'random']) assert.ok(names.includes(n), n);
    for (const n of ['static-best', 'lookahead', 'oracle', 'fifo-idle']) assert.ok(!names.includes(n), n);
    const env = make('EdgeLLMMulti-NoMarket-View-v0');
    const agent = await createAgent('cloud', { observationSpace: env.observationSpace, actionSpace: env.actionSpace, envId: 'EdgeLLMMulti-NoMarket-View-v0', seed: 0 });
    assert.ok(agent instanceof SystemViewAgent);
    const record = runEpisode(env as never, agent as never, 10000);
    assert.equal(record.system!.paths, 0);
    assert.equal(record.edgeShare, 0, 'cloud serves nothing at the edge');
    // on single-server ids the entries are the usual ones
    const single = make('EdgeLLM-v0');
    assert.ok(!((await createAgent('cloud', { observationSpace: single.observationSpace, actionSpace: single.actionSpace, envId: 'EdgeLLM-v0' })) instanceof SystemViewAgent));
  });
});
