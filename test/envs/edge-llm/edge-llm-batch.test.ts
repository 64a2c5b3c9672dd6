import { strict as assert } from 'node:assert';
import { resolveConfig } from '../../../envs/edge-llm/config.ts';
import { BatchArrays, EdgeLLMBatch, INFO_F64_KEYS, batchViews, infoRows, stagedActionCode } from '../../../envs/edge-llm/edge-llm-batch.ts';
import { EdgeLLMCore } from '../../../envs/edge-llm/edge-llm-core.ts';
import { Generator } from '../../../src/random/generator.ts';

describe('envs/edge-llm/edge-llm-batch', () => {
  it('BatchArrays: views of one name share memory, at the shard offset, across threads’ copies', () => {
    const a = new BatchArrays(5, true);
    const all = a.view('x', 3, Float64Array, 0, 5);
    const shard = a.view('x', 3, Float64Array, 2, 2);
    assert.equal(all.length, 15);
    assert.equal(shard.length, 6);
    shard[0] = 7;
    assert.equal(all[6], 7);
    assert.ok(a.buffers.x instanceof SharedArrayBuffer);
    // another thread's arrays over the same buffers see the same memory, and cannot add names
    const b = new BatchArrays(5, true, a.buffers);
    assert.equal(b.view('x', 3, Float64Array, 2, 1)[0], 7);
    assert.throws(() => b.view('y', 1, Uint8Array, 0, 5), /no buffer 'y' was shared; the two threads disagree on the layout/);
    assert.ok(new BatchArrays(2, false).view('z', 1, Int32Array, 0, 2).buffer instanceof ArrayBuffer);
  });

  it('a core over an allocator keeps its state in the named arrays', () => {
    const a = new BatchArrays(3, false);
    const core = new EdgeLLMCore(resolveConfig({ agents: 2 }), 3, a.allocator(0, 3));
    core.reset(1, new Generator(4), 4, undefined);
    assert.deepStrictEqual(new Float64Array(a.buffers['core.requests'] as ArrayBuffer), core.requests);
    assert.ok(core.requests.subarray(4, 8).some((r) => r > 0), 'the reset drew requests for environment 1');
  });

  it('two shards stepped apart give what one batch of all sub-environments gives', () => {
    const config = resolveConfig({ horizon: 4 });
    const settings = { mode: 1, end: 4, infos: true };
    const run = (shards: [number, number][], shared = false) => {
      const arrays = new BatchArrays(5, shared);
      const batches = shards.map(([start, count]) => new EdgeLLMBatch(config, arrays, start, count, settings));
      const v = batchViews(arrays, batches[0]!.core, 0, 5);
      v.seeds.set([1, 2, 3, 4, 5]);
      for (const b of batches) b.reset(false, 0);
      const rng = new Generator(0);
      const out: number[][] = [];
      let finals = 0;
      for (let t = 0; t < 9; t++) {
        for (let j = 0; j < v.score.length; j++) {
          v.score[j] = rng.random() < 0.5 ? 1 : 0;
          v.local[j] = rng.random();
        }
        for (const b of batches) b.step();
        for (let i = 0; i < 5; i++) if (v.hasFinal[i] === 1) finals++, assert.equal(v.finalSlot[i], 4);
        out.push([...v.obs, ...v.rewards, ...v.truncations, ...v.hasFinal, ...v.finalSlot, ...v.finalObs]);
      }
      return { out, finals };
    };
    const whole = run([[0, 5]]);
    assert.deepStrictEqual(run([[0, 2], [2, 3]]), whole);
    // on shared memory each shard keeps its flags in its own memory and publishes them after every step
    assert.deepStrictEqual(run([[0, 2], [2, 3]], true), whole);
    // every sub-environment ended two episodes (slots 4 and 8) with a same-step reset
    assert.equal(whole.finals, 10);
  });

  it('each shard loads its rows of the staged action and writes its rows of the info staging block (0 where it reset)', () => {
    const config = resolveConfig({ agents: 2, horizon: 3 });
    const P = config.numPairs;
    const arrays = new BatchArrays(3, false);
    const shards = [new EdgeLLMBatch(config, arrays, 0, 1, { mode: 1, end: 3, infos: true }), new EdgeLLMBatch(config, arrays, 1, 2, { mode: 1, end: 3, infos: true })];
    const v = batchViews(arrays, shards[0]!.core, 0, 3);
    v.seeds.set([1, 2, 3]);
    for (const b of shards) b.reset(false, 0);
    // a dict action staged as Uint8 cache bits (from byte 0) and Float64 local fractions (from byte 8·3·P)
    const staged = arrays.view('stagedAction', 16 * P, Uint8Array, 0, 3);
    const cache = new Uint8Array(staged.buffer, 0, 3 * P).fill(1);
    const local = new Float64Array(staged.buffer, 8 * 3 * P, 3 * P).fill(0.25);
    cache[P + 1] = 0;
    local[2 * P] = 0.75;
    const code = stagedActionCode(5, 1);
    const all = infoRows(arrays, P, 0, 3);
    const slot = all.f64[INFO_F64_KEYS.indexOf('slot')]!;
    for (let t = 1; t <= 3; t++) {
      for (const b of shards) b.step(code);
      assert.deepStrictEqual([...v.score.subarray(P, 2 * P)], [...cache.subarray(P, 2 * P)]);
      assert.equal(v.local[2 * P], 0.75);
      // slot 3 ends every episode with a same-step reset: no sub-environment's step info then
      assert.deepStrictEqual([...slot], t < 3 ? [t, t, t] : [0, 0, 0]);
      const applied = t < 3 ? [...all.cache.subarray(P, 2 * P)] : [];
      if (t < 3) assert.equal(applied[1], 0, 'a pair not wanted is not cached');
      const costs = [...shards[0]!.core.last.cost, ...shards[1]!.core.last.cost];
      assert.deepStrictEqual([...all.f64[INFO_F64_KEYS.indexOf('cost')]!], t < 3 ? costs : [0, 0, 0]);
      assert.ok(t === 3 || costs.some((c) => c > 0));
    }
  });
});
