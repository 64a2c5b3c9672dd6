import { strict as assert } from 'node:assert';
import '../../../envs/index.ts';
import { make } from '../../../src/registry/registry.ts';
import { makeBaseline } from '../../../agents/baselines/index.ts';
import { createAgent } from '../../../agents/registry.ts';
import { runEpisode } from '../../../agents/evaluation/evaluate.ts';
import { TraceRecorder, TRACE_COST_TERMS, decodeColumn, decodeTrace, encodeColumn } from '../../../agents/evaluation/episode-trace.ts';

describe('agents/evaluation/episode-trace', () => {
  it('round-trips a column within the 16-bit quantization bound, keeping min and max exactly', () => {
    const xs = [0.25, 3.5, -1.125, 2, 0.0001, 3.5];
    const col = encodeColumn('x', xs);
    assert.equal(col.min, -1.125);
    assert.equal(col.max, 3.5);
    assert.equal(Buffer.from(col.data, 'base64').length, 2 * xs.length);
    const back = decodeColumn(col, xs.length);
    const bound = (3.5 + 1.125) / 131070;
    xs.forEach((x, i) => assert.ok(Math.abs(back[i]! - x) <= bound + 1e-15, `value ${i}: ${back[i]} vs ${x}`));
    assert.equal(back[1], 3.5);
    assert.equal(back[2], -1.125);
  });

  it('stores no data for a constant column and records non-finite values as 0', () => {
    const c = encodeColumn('k', [2, 2, 2]);
    assert.deepEqual(c, { name: 'k', min: 2, max: 2, data: '' });
    assert.deepEqual([...decodeColumn(c, 3)], [2, 2, 2]);
    assert.deepEqual([...decodeColumn(encodeColumn('n', [Number.NaN, 1]), 2)], [0, 1]);
  });

  it('refuses a column whose length does not match the trace, and an unknown format', () => {
    assert.throws(() => decodeColumn(encodeColumn('x', [1, 2, 3]), 4), /'x' holds 3 values; the trace has 4 steps/);
    assert.throws(() => decodeTrace({ format: 'q8' as 'q16', steps: 0, columns: [] }), /Unknown trace format 'q8'/);
  });

  it('packs the resident pairs as a bit mask (hand-checked bytes)', () => {
    const rec = new TraceRecorder();
    const info = (cache: number[]) => ({ costs: { switching: 1, communication: 0, computation: 0, accuracy: 0, cloud: 0 }, edgeShare: 0.5, evictions: 0, loads: 0, applied: { cache: Int8Array.from(cache) } });
    // 10 pairs: 2 bytes per slot
    rec.add(-1, info([1, 0, 0, 0, 0, 0, 0, 0, 0, 1])); // byte0 = 0b00000001, byte1 = 0b00000010
    rec.add(-1, info([0, 1, 1, 0, 0, 0, 0, 1, 1, 0])); // byte0 = 0b10000110, byte1 = 0b00000001
    const t = rec.finish();
    assert.equal(t.pairs, 10);
    assert.deepEqual([...Buffer.from(t.resident!, 'base64')], [0b00000001, 0b00000010, 0b10000110, 0b00000001]);
    const d = decodeTrace(t);
    assert.deepEqual([...d.resident![0]!], [1, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual([...d.resident![1]!], [0, 1, 1, 0, 0, 0, 0, 1, 1, 0]);
    assert.equal(d.columns.switching![1], 1);
  });

  it('records every slot of an EdgeLLM episode: the decoded cost terms average to the record', () => {
    const env = make('EdgeLLM-v0');
    const agent = makeBaseline('lfu', { observationSpace: env.observationSpace, actionSpace: env.actionSpace, seed: 1 });
    const record = runEpisode(env, agent, 10003);
    const t = decodeTrace(record.trace!);
    assert.equal(t.steps, 100);
    assert.deepEqual(Object.keys(t.columns), [...TRACE_COST_TERMS, 'edgeShare', 'evictions', 'loads']);
    for (const k of TRACE_COST_TERMS) {
      const mean = t.columns[k]!.reduce((a, b) => a + b, 0) / 100;
      const want = (record.costs as unknown as Record<string, number>)[k]!;
      assert.ok(Math.abs(mean - want) <= 1e-4 * Math.max(1, want), `${k}: ${mean} vs ${want}`);
    }
    const sum = (xs: Float64Array) => Math.round(xs.reduce((a, b) => a + b, 0));
    assert.equal(sum(t.columns.evictions!), record.evictions);
    assert.equal(sum(t.columns.loads!), record.loads);
    assert.equal(t.resident!.length, 100);
    assert.equal(t.resident![0]!.length, 20);
    // a pair loaded in a slot is resident in that slot
    const loadedSlots = [...t.columns.loads!].map((x, i) => (x > 0.5 ? i : -1)).filter((i) => i >= 0);
    for (const s of loadedSlots) assert.ok(t.resident![s]!.some((b) => b === 1), `slot ${s + 1} had a load but no resident pair`);
    env.close();
  });

  it('records the clocks of a market episode', async () => {
    const env = make('DDAMarket-v0');
    const agent = await createAgent('adaptive-step', { observationSpace: env.observationSpace, actionSpace: env.actionSpace, envId: 'DDAMarket-v0', seed: 1 });
    const record = runEpisode(env, agent, 10000);
    const t = decodeTrace(record.trace!);
    assert.equal(t.steps, record.length);
    assert.deepEqual(Object.keys(t.columns), ['reward', 'step', 'buyerClock', 'sellerClock', 'messages']);
    const ret = t.columns.reward!.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(ret - record.return) < 1e-3, `${ret} vs ${record.return}`);
    assert.equal(Math.round(t.columns.messages!.reduce((a, b) => a + b, 0)), record.messages);
    assert.ok(t.columns.buyerClock![0]! >= t.columns.sellerClock![0]!, 'the buyer clock starts above the seller clock');
    assert.equal(t.resident, undefined);
    env.close();
  });
});
