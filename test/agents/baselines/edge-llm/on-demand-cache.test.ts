import { strict as assert } from 'node:assert';
import { OnDemandCachePolicy } from '../../../../agents/baselines/edge-llm/on-demand-cache.ts';
import { ACTION_SPACE, RESET_INFO, obs } from './fixtures.ts';

type Act = { cache: Int8Array; local: Float32Array };
const bits = (a: unknown) => Array.from((a as Act).cache);

describe('agents/baselines/on-demand-cache', () => {
  /**
   * Slot 1: pairs 0 and 1 requested → both loaded (200 of 250 GB).
   * Slot 2: pair 0 requested again (count 2); pair 1 not.
   * Slot 3: pair 2 requested, memory full: one of 0, 1 must go.
   *   FIFO evicts pair 0 (loaded first, index order); LFU evicts pair 1 (requested once vs twice);
   *   LAoT evicts the smaller κ.
   */
  function run(rule: 'fifo' | 'lfu' | 'laot', kappaAtSlot3: number[]) {
    const agent = new OnDemandCachePolicy(rule, ACTION_SPACE);
    agent.reset(obs([0, 0, 0], [0, 0, 0]), RESET_INFO);
    const a1 = agent.act(obs([0, 0, 0], [1, 1, 0]), {});
    const a2 = agent.act(obs([1, 1, 0], [1, 0, 0]), {});
    const a3 = agent.act(obs([1, 1, 0], [0, 0, 1], kappaAtSlot3), {});
    return [bits(a1), bits(a2), bits(a3)];
  }

  it('FIFO evicts the earliest loaded', () => {
    assert.deepEqual(run('fifo', [5, 5, 0]), [[1, 1, 0], [1, 1, 0], [0, 1, 1]]);
  });

  it('LFU evicts the least requested this episode', () => {
    assert.deepEqual(run('lfu', [5, 5, 0]), [[1, 1, 0], [1, 1, 0], [1, 0, 1]]);
  });

  it('LAoT evicts the smallest age of thoughts', () => {
    assert.deepEqual(run('laot', [9, 3, 0])[2], [1, 0, 1]);
    assert.deepEqual(run('laot', [2, 8, 0])[2], [0, 1, 1]);
  });

  it('FIFO evicts its earliest load even when that pair is requested in the same slot (docs/model.md#6-baselines)', () => {
    const agent = new OnDemandCachePolicy('fifo', ACTION_SPACE);
    agent.reset(obs([0, 0, 0], [0, 0, 0]), RESET_INFO);
    agent.act(obs([0, 0, 0], [1, 1, 0]), {});
    const a = agent.act(obs([1, 1, 0], [1, 1, 1]), {}) as Act;
    assert.deepEqual(Array.from(a.cache), [0, 1, 1], 'pair 0 (loaded first) makes room for pair 2');
    assert.deepEqual(Array.from(a.local), [0, 1, 1], 'the evicted pair 0 sends its request to the cloud');
  });

  it('LFU evicts the least requested pair even when it is requested in the same slot', () => {
    // Slot 1: counts (2, 1, 0), pairs 0 and 1 loaded. Slot 2: counts (5, 2, 1); pair 2 needs room and pair 1
    // (2 requests so far) is the least requested, although it has a request now.
    const agent = new OnDemandCachePolicy('lfu', ACTION_SPACE);
    agent.reset(obs([0, 0, 0], [0, 0, 0]), RESET_INFO);
    agent.act(obs([0, 0, 0], [2, 1, 0]), {});
    assert.deepEqual(bits(agent.act(obs([1, 1, 0], [3, 1, 1]), {})), [1, 0, 1]);
  });

  it('LAoT evicts a pair loaded for an earlier request of the same slot when its κ is the smallest', () => {
    // Slot 2: pair 0 is warm (κ = 5); pair 1 is loaded (κ = 0), then pair 2 needs room: pair 1 goes.
    const agent = new OnDemandCachePolicy('laot', ACTION_SPACE);
    agent.reset(obs([0, 0, 0], [0, 0, 0]), RESET_INFO);
    agent.act(obs([0, 0, 0], [1, 0, 0]), {});
    const a = agent.act(obs([1, 0, 0], [0, 1, 1], [5, 0, 0]), {}) as Act;
    assert.deepEqual(Array.from(a.cache), [1, 0, 1]);
    assert.deepEqual(Array.from(a.local), [1, 0, 1], 'pair 1 was evicted: its request goes to the cloud');
  });

  it("the 'idle' variant never evicts a pair requested in the same slot, and evicts nothing when the load cannot fit", () => {
    const agent = new OnDemandCachePolicy('fifo', ACTION_SPACE, 'idle');
    assert.equal(agent.name, 'fifo-idle');
    agent.reset(obs([0, 0, 0], [0, 0, 0]), RESET_INFO);
    agent.act(obs([0, 0, 0], [1, 1, 0]), {});
    const a = agent.act(obs([1, 1, 0], [1, 1, 1]), {}) as Act;
    assert.deepEqual(Array.from(a.cache), [1, 1, 0], 'pair 2 goes to the cloud; 0 and 1 stay');
    assert.deepEqual(Array.from(a.local), [1, 1, 0]);
    const lfu = new OnDemandCachePolicy('lfu', ACTION_SPACE, 'idle');
    lfu.reset(obs([0, 0, 0], [0, 0, 0]), RESET_INFO);
    lfu.act(obs([0, 0, 0], [2, 1, 0]), {});
    assert.deepEqual(bits(lfu.act(obs([1, 1, 0], [3, 1, 1]), {})), [1, 1, 0], 'contrast with the literal rule above');
  });

  it('forgets pairs that the environment evicted (context window)', () => {
    const agent = new OnDemandCachePolicy('fifo', ACTION_SPACE);
    agent.reset(obs([0, 0, 0], [0, 0, 0]), RESET_INFO);
    agent.act(obs([0, 0, 0], [1, 0, 0]), {});
    const a = agent.act(obs([0, 0, 0], [0, 0, 0]), {}) as Act; // pair 0 was evicted by its window
    assert.deepEqual(Array.from(a.cache), [0, 0, 0], 'not re-cached until requested again');
  });
});
