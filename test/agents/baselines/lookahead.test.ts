import { strict as assert } from 'node:assert';
import { LookaheadPolicy } from '../../../agents/baselines/lookahead.ts';
import { ACTION_SPACE, RESET_INFO, obs } from './fixtures.ts';

type Act = { cache: Int8Array; local: Float32Array };

describe('agents/baselines/lookahead', () => {
  it('packs the most valuable pairs into memory and leaves a pair with no requests out', () => {
    // Fixture: three 100-GB pairs, 250 GB (two fit). Pair 0 has 3 requests, pair 2 one, pair 1 none.
    // Pair 2 alone over 10 slots: cloud 10 × 0.075 = 0.75 against local ≈ 10 × 0.012 + 1.475 × Σ 1/(9k) ≈ 0.60, so
    // its value is positive; pair 1 is worth −switching.
    const agent = new LookaheadPolicy(ACTION_SPACE);
    agent.reset(obs([0, 0, 0], [0, 0, 0]), RESET_INFO);
    const a = agent.act(obs([0, 0, 0], [3, 0, 1]), {}) as Act;
    assert.deepEqual(Array.from(a.cache), [1, 0, 1]);
    assert.deepEqual(Array.from(a.local), [1, 0, 1]);
  });

  it('follows a change of the busy pairs through its online rate estimate', () => {
    const agent = new LookaheadPolicy(ACTION_SPACE, { rateWeight: 0.3 });
    agent.reset(obs([0, 0, 0], [0, 0, 0]), RESET_INFO);
    let a = agent.act(obs([0, 0, 0], [2, 2, 0]), {}) as Act;
    for (let t = 0; t < 10; t++) a = agent.act(obs(Array.from(a.cache), [2, 2, 0], [20, 20, 0]), {}) as Act;
    assert.deepEqual(Array.from(a.cache), [1, 1, 0]);
    for (let t = 0; t < 15; t++) a = agent.act(obs(Array.from(a.cache), [0, 2, 3], [20, 20, 0]), {}) as Act;
    assert.deepEqual(Array.from(a.cache), [0, 1, 1], 'pair 0 went quiet and pair 2 busy: the set moved');
  });
});
