import { strict as assert } from 'node:assert';
import { EdgeLLMEnv } from '../../../envs/edge-llm/edge-llm-env.ts';
import { StaticBestPolicy, planStaticBest, staticPlanFor } from '../../../agents/baselines/static-best.ts';
import { evaluateAgent } from '../../../agents/evaluation/evaluate.ts';
import { InvalidArgument } from '../../../src/core/errors.ts';
import type { Env } from '../../../src/core/env.ts';
import '../../../envs/index.ts';

const LAMDA = [{ name: 'lamda-137b', paramsB: 137, bytesPerParam: 1, contextWindow: 16384 }];

describe('agents/baselines/static-best', () => {
  it('caches the busiest pairs that fit and nothing that costs more than the cloud', () => {
    // 3 agents, one 137-GB model, 2 GPUs (160 GB): one copy fits. Agent 2 is the busiest, agent 0 never asks.
    const env = new EdgeLLMEnv({ agents: 3, gpus: 2, models: LAMDA, rates: [0, 0.5, 3], horizon: 30 });
    const plan = planStaticBest(env as unknown as Env<unknown, unknown>, env.system, { seeds: [0, 1, 2] });
    assert.deepEqual(Array.from(plan.cache), [0, 0, 1]);
    assert.ok(plan.local[2]! > 0);
    assert.ok(plan.candidates >= 1);
    // with 4 GPUs two copies fit, but agent 0 has no requests: only pairs 1 and 2 can save anything
    const env2 = new EdgeLLMEnv({ agents: 3, gpus: 4, models: LAMDA, rates: [0, 2, 3], horizon: 30 });
    const plan2 = planStaticBest(env2 as unknown as Env<unknown, unknown>, env2.system, { seeds: [0, 1, 2] });
    assert.deepEqual(Array.from(plan2.cache), [0, 1, 1]);
  });

  it('is never worse than caching nothing on its training seeds', () => {
    // local answers from a cold, tiny context cost more than the cloud here: the plan keeps the cloud
    const env = new EdgeLLMEnv({ agents: 2, gpus: 2, models: LAMDA, rates: 0.05, horizon: 20, vanishing: 50 });
    const plan = planStaticBest(env as unknown as Env<unknown, unknown>, env.system, { seeds: [0, 1] });
    assert.deepEqual(Array.from(plan.cache), [0, 0]);
    const policy = new StaticBestPolicy(plan, env.actionSpace);
    const r = evaluateAgent(env, policy, { episodes: 2, seed: 0 });
    assert.ok(Math.abs(r.meanCost - plan.trainingCost) < 1e-12, 'evaluated on the training seeds it reproduces its planning cost');
  });

  it('plans the registered configuration once and refuses another configuration', () => {
    const a = staticPlanFor('EdgeLLM-Rotate-v0');
    assert.equal(staticPlanFor('EdgeLLM-Rotate-v0'), a, 'cached per process');
    assert.throws(() => staticPlanFor('EdgeLLM-Rotate-v0', 'not-the-hash'), InvalidArgument);
  });
});
