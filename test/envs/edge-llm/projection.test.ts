import { strict as assert } from 'node:assert';
import { Projector } from '../../../envs/edge-llm/projection.ts';
import { resolveConfig } from '../../../envs/edge-llm/config.ts';

/** 2 agents × 2 models (137 GB and 540 GB); memory and energy set per case. */
function setup(gpus: number) {
  const cfg = resolveConfig({ agents: 2, gpus, paths: 10, thoughtTokens: 32 });
  const P = cfg.numPairs;
  return {
    cfg,
    projector: new Projector(cfg),
    out: { cache: new Uint8Array(P), local: new Float64Array(P) },
  };
}

const f64 = (...xs: number[]) => Float64Array.from(xs);

describe('envs/edge-llm/projection', () => {
  it('adds candidates by score per GB while memory allows, skipping one that does not fit', () => {
    // 9 GPUs = 720 GB: palm (540) + lamda (137) = 677 fits, a second lamda would make 814.
    const { projector, out } = setup(9);
    const report = projector.project(
      { score: f64(1, 1, 1, 1), local: f64(1, 1, 1, 1), cachedBefore: new Uint8Array(4), requests: f64(0, 0, 0, 0) },
      out,
    );
    // binary scores: order by 1 / s_m, so both LaMDA pairs (0, 2) come first, then PaLM (540) does not fit
    assert.deepEqual(Array.from(out.cache), [1, 0, 1, 0]);
    assert.equal(report.memoryUsed, 274);
    assert.equal(report.memoryBound, true);
  });

  it('orders real-valued scores by score / size, ties by cached-last-slot, then requests, then index', () => {
    const { projector, out } = setup(9); // 720 GB
    // PaLM pair 1 has score 0.9 → 0.9/540; LaMDA pairs 0.3/137 ≈ 0.00219 > 0.00167
    projector.project({ score: f64(0.3, 0.9, 0.1, 0), local: f64(0, 0, 0, 0), cachedBefore: new Uint8Array(4), requests: f64(0, 0, 0, 0) }, out);
    assert.deepEqual(Array.from(out.cache), [1, 1, 1, 0].map((v, p) => (p === 2 ? 0 : v)) /* 137+540 = 677; +137 = 814 > 720 */);
    // equal keys: the pair cached last slot wins, then more requests, then the lower index
    const { projector: p2, out: o2 } = setup(2); // 160 GB: one LaMDA only
    p2.project({ score: f64(1, 0, 1, 0), local: f64(1, 0, 1, 0), cachedBefore: Uint8Array.of(0, 0, 1, 0), requests: f64(5, 0, 0, 0) }, o2);
    assert.deepEqual(Array.from(o2.cache), [0, 0, 1, 0], 'cached last slot first');
    p2.project({ score: f64(1, 0, 1, 0), local: f64(1, 0, 1, 0), cachedBefore: new Uint8Array(4), requests: f64(1, 0, 2, 0) }, o2);
    assert.deepEqual(Array.from(o2.cache), [0, 0, 1, 0], 'more requests next');
    p2.project({ score: f64(1, 0, 1, 0), local: f64(1, 0, 1, 0), cachedBefore: new Uint8Array(4), requests: f64(2, 0, 2, 0) }, o2);
    assert.deepEqual(Array.from(o2.cache), [1, 0, 0, 0], 'then the lower index');
  });

  it('serves locally only what is cached and requested (executability)', () => {
    const { projector, out } = setup(16);
    projector.project({ score: f64(1, 0, 1, 1), local: f64(0.4, 1, 0.7, 1), cachedBefore: new Uint8Array(4), requests: f64(2, 3, 0, 1) }, out);
    assert.deepEqual(Array.from(out.cache), [1, 0, 1, 1]);
    assert.deepEqual(Array.from(out.local), [0.4, 0, 0, 1]);
  });

  it('scales every local fraction by one factor when energy exceeds the budget', () => {
    const { cfg, projector, out } = setup(4); // E = 4 × 300 × 0.25 = 300 J; 320 GB holds two LaMDA pairs
    const tokens = 10 * 32;
    const eLamda = cfg.energyPerToken[0]!;
    const requests = f64(3, 0, 2, 0);
    const demand = eLamda * tokens * (3 * 1 + 2 * 0.5);
    assert.ok(demand > 300, 'the case exceeds the budget');
    const report = projector.project({ score: f64(1, 0, 1, 0), local: f64(1, 0, 0.5, 0), cachedBefore: new Uint8Array(4), requests }, out);
    const f = 300 / demand;
    assert.ok(Math.abs(out.local[0]! - f) < 1e-12);
    assert.ok(Math.abs(out.local[2]! - 0.5 * f) < 1e-12);
    assert.equal(report.energyBound, true);
    assert.ok(Math.abs(report.energyUsed - 300) < 1e-9);
    const used = eLamda * tokens * (3 * out.local[0]! + 2 * out.local[2]!);
    assert.ok(Math.abs(used - 300) < 1e-9, 'the budget is met exactly');
  });
});
