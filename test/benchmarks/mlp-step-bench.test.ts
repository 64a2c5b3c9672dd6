import assert from 'node:assert/strict';
import { benchMlpStep } from '../../benchmarks/mlp-step-bench.ts';

describe('MLP gradient-step benchmark', () => {
  it('lists the products of a step with their FLOPs and times, and the floor of an update', async () => {
    const r = await benchMlpStep({ obsDim: 9, paramSize: 6, hidden: [16, 16], batch: 32, stepsPerUpdate: 10, reps: 4 });
    assert.equal(r.backend, 'wasm');
    assert.equal(r.kernel, 'wasm-direct');
    // fused first layer + its dW, then per network and layer forward, dW and dH: 2 + 2·2·3 products
    assert.equal(r.products.reduce((s, p) => s + p.count, 0), 14);
    // 2·m·k·n summed by hand: first layers 2·(32·9·32)·2; actor 16→16, 16→6; critic 16→16, 16→1, three products each
    const want = 2 * 32 * 9 * 32 * 2 + 3 * 2 * 32 * (16 * 16 + 16 * 6 + 16 * 16 + 16 * 1);
    assert.equal(r.flopsPerStep, want);
    for (const p of r.products) assert.ok(p.micros > 0 && p.gflops > 0 && p.tfjsOpMicros > 0, p.shape);
    assert.ok(Math.abs(r.updateFloorSeconds - (r.productMicrosPerStep * 10) / 1e6) < 1e-12);
    assert.ok(r.sections.total > 0);
  });
});
