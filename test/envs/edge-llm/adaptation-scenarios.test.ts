import { strict as assert } from 'node:assert';
import { ADAPTATION_SCENARIOS } from '../../../envs/edge-llm/adaptation-scenarios.ts';
import { EdgeLLMEnv } from '../../../envs/edge-llm/edge-llm-env.ts';
import { WorkloadSchedule } from '../../../envs/edge-llm/workload.ts';
import { resolveConfig } from '../../../envs/edge-llm/config.ts';
import { Generator } from '../../../src/random/generator.ts';
import { make } from '../../../src/registry/registry.ts';
import '../../../envs/index.ts';

describe('envs/edge-llm/adaptation-scenarios', () => {
  it('Flip-v0: each agent needs one model, the model flips once mid-episode, memory holds part of the hot set', () => {
    const cfg = resolveConfig(ADAPTATION_SCENARIOS['EdgeLLM-Flip-v0']!.config);
    assert.equal(cfg.memoryGB, 640);
    assert.ok(4 * 137 <= 640 && 5 * 137 > 640, 'four of the five LaMDA-bound agents fit');
    const w = new WorkloadSchedule(cfg);
    w.prepare(new Generator(3));
    assert.ok(w.shiftSlot >= 35 && w.shiftSlot <= 65);
    const before = new Float64Array(20);
    const after = new Float64Array(20);
    w.meansAt(1, before);
    w.meansAt(100, after);
    for (let i = 0; i < 10; i++) {
      assert.deepEqual([before[2 * i], before[2 * i + 1]], i % 2 === 0 ? [1, 0] : [0, 1]);
      assert.deepEqual([after[2 * i], after[2 * i + 1]], i % 2 === 0 ? [0, 1] : [1, 0]);
    }
  });

  it('Rotate-v0: one model, 9 of 20 agents hot, 7 copies fit, the hot set changes every 10 slots', () => {
    const cfg = resolveConfig(ADAPTATION_SCENARIOS['EdgeLLM-Rotate-v0']!.config);
    assert.equal(cfg.numModels, 1);
    assert.equal(Math.floor(cfg.memoryGB / cfg.sizeGB[0]!), 7);
    const w = new WorkloadSchedule(cfg);
    w.prepare(new Generator(5));
    const hotAt = (t: number) => {
      const out = new Float64Array(20);
      w.meansAt(t, out);
      return Array.from(out).flatMap((v, i) => (v === 1 ? [i] : []));
    };
    assert.equal(hotAt(1).length, 9);
    assert.deepEqual(hotAt(1), hotAt(10));
    const moved = hotAt(11).filter((i) => !hotAt(1).includes(i));
    assert.equal(moved.length, 3);
  });

  it('are registered and reproducible from a seed', () => {
    for (const id of Object.keys(ADAPTATION_SCENARIOS)) {
      const a = make(id);
      const b = make(id);
      assert.ok(a.unwrapped instanceof EdgeLLMEnv);
      const [oa] = a.reset({ seed: 11 });
      const [ob] = b.reset({ seed: 11 });
      assert.deepEqual(Array.from(oa as Float32Array), Array.from(ob as Float32Array));
    }
  });
});
