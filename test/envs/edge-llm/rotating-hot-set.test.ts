import { strict as assert } from 'node:assert';
import { RotatingHotSet } from '../../../envs/edge-llm/rotating-hot-set.ts';
import { WorkloadSchedule } from '../../../envs/edge-llm/workload.ts';
import { resolveConfig } from '../../../envs/edge-llm/config.ts';
import { InvalidConfig } from '../../../src/core/errors.ts';
import { Generator } from '../../../src/random/generator.ts';

const hotAgents = (h: RotatingHotSet, t: number, I: number) => Array.from({ length: I }, (_, i) => i).filter((i) => h.isHot(t, i));

describe('envs/edge-llm/rotating-hot-set', () => {
  it('moves a window of hot agents by `stride` every `period` slots, wrapping around', () => {
    // 6 agents, 3 hot, moves by 2 every 5 slots; offset 3: slots 1–5 → {3,4,5}, 6–10 → {5,0,1}, 11–15 → {1,2,3}
    const h = new RotatingHotSet(6, { kind: 'rotate', hot: 3, period: 5, stride: 2, coldScale: 0.1 });
    h.offset = 3;
    assert.deepEqual(hotAgents(h, 1, 6), [3, 4, 5]);
    assert.deepEqual(hotAgents(h, 5, 6), [3, 4, 5]);
    assert.deepEqual(hotAgents(h, 6, 6), [0, 1, 5]);
    assert.deepEqual(hotAgents(h, 11, 6), [1, 2, 3]);
    assert.equal(h.scaleAt(11, 2), 1);
    assert.equal(h.scaleAt(11, 4), 0.1);
  });

  it('draws the offset from the generator at reset, reproducibly', () => {
    const cfg = { kind: 'rotate', hot: 2, period: 1, stride: 1, coldScale: 0 } as const;
    const offsets = new Set<number>();
    for (let seed = 0; seed < 40; seed++) {
      const a = new RotatingHotSet(5, cfg);
      const b = new RotatingHotSet(5, cfg);
      a.prepare(new Generator(seed));
      b.prepare(new Generator(seed));
      assert.equal(a.offset, b.offset);
      offsets.add(a.offset);
    }
    assert.deepEqual([...offsets].sort(), [0, 1, 2, 3, 4]);
  });

  it('scales the Poisson means of the workload schedule: hot agents at λ_i · mix, cold ones × coldScale', () => {
    const cfg = resolveConfig({ agents: 4, rates: [1, 2, 3, 4], primaryShare: 1, workload: { kind: 'rotate', hot: 1, period: 2, stride: 1, coldScale: 0.5 } });
    const w = new WorkloadSchedule(cfg);
    w.prepare(new Generator(7));
    const out = new Float64Array(8);
    const hot = [1, 3].map((t) => {
      w.meansAt(t, out);
      const perAgent = [0, 1, 2, 3].map((i) => out[2 * i]! + out[2 * i + 1]!);
      const i = perAgent.findIndex((v, k) => v === [1, 2, 3, 4][k]);
      perAgent.forEach((v, k) => assert.equal(v, k === i ? [1, 2, 3, 4][k] : 0.5 * [1, 2, 3, 4][k]!));
      return i;
    });
    assert.equal(hot[1], (hot[0]! + 1) % 4, 'the window moved by one agent after two slots');
  });

  it('fills in defaults and refuses a hot window larger than the agents', () => {
    const c = resolveConfig({ agents: 7, workload: { kind: 'rotate' } });
    assert.deepEqual(c.workload, { kind: 'rotate', period: 10, stride: 3, coldScale: 0.1, hot: 4 });
    assert.throws(() => resolveConfig({ agents: 3, workload: { kind: 'rotate', hot: 4 } }), (e: unknown) => e instanceof InvalidConfig && /workload\.hot/.test((e as Error).message));
    assert.throws(() => resolveConfig({ workload: { kind: 'rotate', period: 0 } }), InvalidConfig);
  });
});
