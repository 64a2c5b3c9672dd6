import { strict as assert } from 'node:assert';
import { GreedyPolicy } from '../../../../agents/baselines/edge-llm/greedy.ts';
import { decode } from '../../../../agents/baselines/edge-llm/edge-view.ts';
import { ACTION_SPACE, RESET_INFO, SYSTEM, obs } from './fixtures.ts';

type Act = { cache: Int8Array; local: Float32Array };

describe('agents/baselines/greedy', () => {
  it('computes the one-slot saving of serving at the edge by hand', () => {
    const st = decode(obs([1, 0, 0], [2, 2, 0], [30, 0, 0]), SYSTEM);
    // pair 0, cached, R = 2, κ' = 30 + 2·10 − 1 = 49
    const edge0 = 1e-4 * 100 * 2 + (0.1 * 2 * 10 * 10 * 2e11) / 1e15 + (2.5 * 0.5 * 2) / (49 * Math.log(7 / 3));
    assert.ok(Math.abs(GreedyPolicy.saving(SYSTEM, st, 0) - (7.5e-3 * 10 * 2 - edge0)) < 1e-12);
    // pair 1, not cached: pays the load, κ' = 19
    const edge1 = 1e-4 * 100 + 1e-4 * 100 * 2 + (0.1 * 2 * 10 * 10 * 2e11) / 1e15 + (2.5 * 0.5 * 2) / (19 * Math.log(7 / 3));
    assert.ok(Math.abs(GreedyPolicy.saving(SYSTEM, st, 1) - (0.15 - edge1)) < 1e-12);
    assert.equal(GreedyPolicy.saving(SYSTEM, st, 2), 0, 'no requests, no saving');
  });

  it('caches the pairs that save this slot and keeps free cached pairs while memory allows', () => {
    const agent = new GreedyPolicy(ACTION_SPACE);
    agent.reset(obs([0, 0, 0], [0, 0, 0]), RESET_INFO);
    // pair 0 warm (κ 30) saves; pair 1 cold with R = 1: κ' = 9 → accuracy 2.5·0.5/(9·0.847) = 0.164 > cloud 0.075: no
    const a = agent.act(obs([1, 0, 1], [2, 1, 0], [30, 0, 12]), {}) as Act;
    assert.deepEqual(Array.from(a.cache), [1, 0, 1]);
    assert.deepEqual(Array.from(a.local), [1, 0, 0]);
  });
});
