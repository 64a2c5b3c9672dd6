import assert from 'node:assert/strict';
import { initBackend } from '../../../agents/tfjs/backend.ts';
import { MlpBatchForward } from '../../../agents/nn/mlp-batch-forward.ts';
import { MlpPairGrad } from '../../../agents/nn/mlp-pair-grad.ts';
import { Generator } from '../../../src/random/generator.ts';

const ACTOR = [12, 32, 24, 5];
const CRITIC = [12, 32, 24, 1];

function weights(widths: readonly number[], rng: Generator): Float32Array[] {
  return widths.slice(1).flatMap((out, l) => [
    Float32Array.from({ length: widths[l]! * out }, () => rng.normal() * 0.3),
    Float32Array.from({ length: out }, () => rng.normal() * 0.1),
  ]);
}

describe('agents/nn/mlp-batch-forward', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    it(`gives MlpPairGrad.forward's outputs bit for bit, whatever block a row is computed in (${backend})`, async () => {
      await initBackend(backend);
      const rng = new Generator(11);
      const actor = weights(ACTOR, rng);
      const critic = weights(CRITIC, rng);
      const rows = 40;
      const x = Float32Array.from({ length: rows * ACTOR[0]! }, () => rng.normal());
      const ref = new MlpPairGrad(ACTOR, CRITIC, rows).forward(x, rows, actor, critic);
      const net = new MlpBatchForward(ACTOR, actor, CRITIC, critic, rows);
      try {
        for (const [start, count] of [[0, 40], [0, 1], [3, 1], [5, 10], [17, 23]] as const) {
          const params = new Float32Array(count * 5);
          const values = new Float64Array(count);
          net.forward(x.subarray(start * 12), count, params, values);
          assert.deepEqual(params, ref.params.slice(start * 5, (start + count) * 5), `rows ${start} … ${start + count - 1}`);
          assert.deepEqual(Array.from(values), Array.from(ref.values.slice(start, start + count)));
        }
      } finally {
        net.dispose();
      }
    });
  }

  it('copies the weights: changing them afterwards changes nothing', async () => {
    await initBackend('wasm');
    const rng = new Generator(12);
    const actor = weights(ACTOR, rng);
    const critic = weights(CRITIC, rng);
    const x = Float32Array.from({ length: 3 * 12 }, () => rng.normal());
    const net = new MlpBatchForward(ACTOR, actor, CRITIC, critic, 3);
    const p1 = new Float32Array(15);
    const v1 = new Float64Array(3);
    net.forward(x, 3, p1, v1);
    for (const w of [...actor, ...critic]) w.fill(0);
    const p2 = new Float32Array(15);
    const v2 = new Float64Array(3);
    net.forward(x, 3, p2, v2);
    assert.deepEqual(p2, p1);
    assert.deepEqual(v2, v1);
    assert.ok(p1.some((v) => v !== 0));
    net.dispose();
  });

  it('names what is wrong: widths, weight sizes, block size', () => {
    const rng = new Generator(1);
    const actor = weights(ACTOR, rng);
    const critic = weights(CRITIC, rng);
    assert.throws(() => new MlpBatchForward([12, 5], actor, CRITIC, critic, 4), /actor widths must be \[in, hidden…, out\]/);
    assert.throws(() => new MlpBatchForward(ACTOR, actor.slice(1), CRITIC, critic, 4), /actor needs 6 arrays/);
    assert.throws(() => new MlpBatchForward(ACTOR, actor, [13, 32, 24, 1], weights([13, 32, 24, 1], rng), 4), /same input, got 12 and 13/);
    assert.throws(() => new MlpBatchForward(ACTOR, actor, CRITIC, critic, 0), /maxRows must be a positive integer/);
    const net = new MlpBatchForward(ACTOR, actor, CRITIC, critic, 4);
    assert.throws(() => net.forward(new Float32Array(60), 5, new Float32Array(25), new Float64Array(5)), /rows must be an integer in \[1, 4\], got 5/);
    assert.throws(() => net.forward(new Float32Array(10), 2, new Float32Array(10), new Float64Array(2)), /2 rows need x 24/);
    net.dispose();
  });
});
