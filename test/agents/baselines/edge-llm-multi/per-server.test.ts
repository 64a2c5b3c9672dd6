import { strict as assert } from 'node:assert';
import { EdgeLLMEnv } from '../../../../envs/edge-llm/edge-llm-env.ts';
import { EdgeLLMMultiEnv, serverSeeds, type ServerStepInfo } from '../../../../envs/edge-llm-multi/edge-llm-multi-env.ts';
import { makeBaseline } from '../../../../agents/baselines/edge-llm/index.ts';
import { PerServerBaseline } from '../../../../agents/baselines/edge-llm-multi/per-server.ts';
import { runEpisode } from '../../../../agents/evaluation/evaluate.ts';

describe('agents/baselines/edge-llm-multi/per-server', () => {
  for (const name of ['lfu', 'greedy', 'popularity']) {
    it(`${name} per server, market off: every server plays exactly the episode ${name} plays on that server alone`, () => {
      const env = new EdgeLLMMultiEnv({ market: false, common: { horizon: 25 } });
      const policy = new PerServerBaseline(name, env, 3);
      let [obs, infos] = env.reset({ seed: 10001 });
      policy.reset(obs, infos);
      const costs: number[][] = env.possibleAgents.map(() => []);
      while (env.agents.length > 0) {
        const [next, , , , stepInfos] = env.step(policy.act(obs, infos));
        env.possibleAgents.forEach((a, n) => costs[n]!.push((stepInfos[a] as ServerStepInfo).costs.total));
        obs = next;
        infos = stepInfos;
      }
      const seeds = serverSeeds(10001, 4);
      env.possibleAgents.forEach((_, n) => {
        const alone = new EdgeLLMEnv(env.config.serverConfigs[n]!);
        const agent = makeBaseline(name, { observationSpace: alone.observationSpace, actionSpace: alone.actionSpace, envId: 'EdgeLLM-v0', seed: 3 + n });
        const record = runEpisode(alone, agent, seeds[n]!);
        const mean = costs[n]!.reduce((a, b) => a + b, 0) / costs[n]!.length;
        assert.ok(Math.abs(record.meanCost - mean) < 1e-12, `server ${n}: ${record.meanCost} vs ${mean}`);
      });
    });
  }

  it('refuses an unknown baseline with the closest name', () => {
    assert.throws(() => new PerServerBaseline('lfuu', new EdgeLLMMultiEnv()), /Unknown agent 'lfuu'. Did you mean 'lfu'\?/);
  });
});
