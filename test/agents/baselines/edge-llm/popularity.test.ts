import { strict as assert } from 'node:assert';
import { PopularityPolicy } from '../../../../agents/baselines/edge-llm/popularity.ts';
import { CloudOnlyPolicy } from '../../../../agents/baselines/edge-llm/cloud-only.ts';
import { RandomPolicy } from '../../../../agents/baselines/generic/random-policy.ts';
import { ACTION_SPACE, RESET_INFO, obs } from './fixtures.ts';

type Act = { cache: Int8Array; local: Float32Array };

describe('agents/baselines/popularity', () => {
  it('caches the highest estimated rates per GB that fit, from past slots only', () => {
    const agent = new PopularityPolicy(ACTION_SPACE);
    agent.reset(obs([0, 0, 0], [0, 0, 0]), RESET_INFO);
    const first = agent.act(obs([0, 0, 0], [3, 1, 2]), {}) as Act;
    assert.deepEqual(Array.from(first.cache), [0, 0, 0], 'no history yet: no on-demand loads');
    const second = agent.act(obs([0, 0, 0], [0, 0, 0]), {}) as Act;
    assert.deepEqual(Array.from(second.cache), [1, 0, 1], 'rates 3, 1, 2: the top two fit');
    // after slot 2 the estimates are 1.5, 0.5, 1 (two slots); slot 3 adds requests for pair 1 only
    agent.act(obs([1, 0, 1], [0, 9, 0]), {});
    const fourth = agent.act(obs([1, 0, 1], [0, 0, 0]), {}) as Act; // estimates 1, 3.33, 0.67
    assert.deepEqual(Array.from(fourth.cache), [1, 1, 0]);
    assert.deepEqual(Array.from(fourth.local), [1, 1, 0]);
  });
});

describe('agents/baselines/cloud-only', () => {
  it('caches nothing and serves nothing locally', () => {
    const agent = new CloudOnlyPolicy(ACTION_SPACE);
    agent.reset(obs([0, 0, 0], [0, 0, 0]), RESET_INFO);
    const a = agent.act() as Act;
    assert.deepEqual(Array.from(a.cache), [0, 0, 0]);
    assert.deepEqual(Array.from(a.local), [0, 0, 0]);
  });
});

describe('agents/baselines/random-policy', () => {
  it('samples valid actions reproducibly from its seed', () => {
    const a = new RandomPolicy(ACTION_SPACE, 5);
    const first = [a.act(), a.act()];
    const b = new RandomPolicy(ACTION_SPACE, 5);
    assert.deepEqual([b.act(), b.act()], first);
    for (const x of first) assert.ok(ACTION_SPACE.contains(x));
  });
});
