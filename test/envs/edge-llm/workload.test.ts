import { strict as assert } from 'node:assert';
import { WorkloadSchedule } from '../../../envs/edge-llm/workload.ts';
import { resolveConfig } from '../../../envs/edge-llm/config.ts';
import { Generator } from '../../../src/random/generator.ts';

describe('envs/edge-llm/workload', () => {
  it('keeps stationary means λ_i · mix_im', () => {
    const cfg = resolveConfig({ agents: 2, rates: [1, 2] });
    const w = new WorkloadSchedule(cfg);
    w.prepare(new Generator(0));
    const out = new Float64Array(4);
    w.meansAt(50, out);
    assert.deepEqual(Array.from(out), [0.7, 1 * 0.30000000000000004, 2 * 0.30000000000000004, 1.4]);
    assert.equal(w.shiftSlot, Infinity);
  });

  it('shifts at a slot inside the window: rates permuted, mixes flipped, rates modulated', () => {
    const cfg = resolveConfig({
      agents: 3,
      rates: [1, 2, 3],
      horizon: 100,
      workload: { kind: 'shift', shiftWindow: [0.4, 0.6], permuteRates: true, flipMix: true, modulationAmplitude: 0.5, modulationPeriod: 40 },
    });
    const w = new WorkloadSchedule(cfg);
    const slots = new Set<number>();
    for (let seed = 0; seed < 50; seed++) {
      w.prepare(new Generator(seed));
      assert.ok(w.shiftSlot >= 40 && w.shiftSlot <= 60, `shift slot ${w.shiftSlot}`);
      slots.add(w.shiftSlot);
      const before = new Float64Array(6);
      const after = new Float64Array(6);
      w.meansAt(10, before); // sin(2π·10/40) = 1 → modulation 1.5
      w.meansAt(w.shiftSlot + 40 - (w.shiftSlot % 40) + 10 > 100 ? 90 : 90, after); // 90: sin(2π·90/40) = 1
      const mod = 1 + 0.5 * Math.sin((2 * Math.PI * 90) / 40);
      // per agent, the total rate is one of the base rates (a permutation), times the modulation
      const totals = [0, 1, 2].map((i) => (after[2 * i]! + after[2 * i + 1]!) / mod).sort();
      totals.forEach((v, k) => assert.ok(Math.abs(v - [1, 2, 3][k]!) < 1e-9));
      // mixes flipped: agent 0 preferred model 0 before, model 1 after
      assert.ok(before[0]! > before[1]!);
      assert.ok(after[1]! > after[0]!);
      assert.ok(Math.abs(before[0]! + before[1]! - 1 * 1.5) < 1e-9);
    }
    assert.ok(slots.size > 5, 'the shift slot is random');
  });
});
