import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../agents/tfjs/backend.ts';
import { TTTLinear } from '../../../agents/nn/ttt-linear.ts';
import type { TTTConfig } from '../../../agents/nn/ttt-config.ts';
import { tttScanOp } from '../../../agents/nn/ttt-scan-op.ts';
import { Generator } from '../../../src/random/generator.ts';

/** The agents' sizes (hidden 32, 4 heads of 8, mini-batch 4, intermediate 32) on a small input. */
const AGENT: TTTConfig = { inputDim: 9, outputDim: 6, hidden: 32, heads: 4, miniBatch: 4, intermediate: 32, seed: 5 };

function perturb(net: TTTLinear, rng: Generator, scale: number): void {
  const w = net.readWeights();
  for (const values of Object.values(w)) for (let i = 0; i < values.length; i++) values[i]! += scale * rng.normal();
  net.params.write(w);
}

function uniform(rng: Generator, n: number, lo = -1, hi = 1): Float32Array {
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * rng.random());
}

/**
 * Gradients of every parameter of a masked, nonlinear loss of the network outputs: sequences of
 * different lengths padded to T, padding masked out (as the PPO update packs episodes).
 */
function maskedLossGrads(net: TTTLinear, scan: 'js' | 'tfjs', obs: Float32Array, lengths: number[], T: number, coef: Float32Array, inner: boolean): Record<string, Float32Array> {
  const B = lengths.length;
  const { inputDim: D, outputDim: O } = net.config;
  const mask = new Float32Array(B * T);
  lengths.forEach((len, s) => mask.fill(1, s * T, s * T + len));
  return tf.tidy(() => {
    const x = tf.tensor3d(obs, [B, T, D]);
    const m = tf.tensor3d(mask, [B, T, 1]);
    const c = tf.tensor3d(coef, [B, T, O]);
    const { grads } = tf.variableGrads(() => {
      const y = net.apply(x, { scan, innerUpdates: inner });
      // linear and quadratic terms, so the loss gradient differs per output and per token
      return tf.sum(tf.mul(m, tf.add(tf.mul(y, c), tf.mul(0.5, tf.square(y))))) as tf.Scalar;
    }, net.variables());
    const out: Record<string, Float32Array> = {};
    for (const name of net.params.names()) {
      const g = grads[net.params.get(name).name];
      if (g !== undefined) out[name] = g.dataSync().slice() as Float32Array;
    }
    return out;
  });
}

function compareAll(js: Record<string, Float32Array>, ref: Record<string, Float32Array>, tol: number): number {
  let worst = 0;
  for (const [name, r] of Object.entries(ref)) {
    const g = js[name]!;
    let scale = 0;
    for (const v of r) scale = Math.max(scale, Math.abs(v));
    assert.ok(scale > 0, `${name}: the reference gradient is zero, so the comparison would prove nothing`);
    for (let i = 0; i < r.length; i++) {
      const err = Math.abs(g[i]! - r[i]!) / scale;
      worst = Math.max(worst, err);
      assert.ok(err <= tol, `${name}[${i}]: plain-JS scan ${g[i]} vs tfjs autodiff ${r[i]} (relative error ${err})`);
    }
  }
  return worst;
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`tttScanOp (${backend})`, () => {
    before(async () => {
      await initBackend(backend);
    });

    for (const [label, cfg, lengths, T] of [
      ['agent sizes, masked episodes of 10, 7 and 3 tokens (last mini-batch partial)', AGENT, [10, 7, 3], 10],
      ['agent sizes, one full 12-token episode', AGENT, [12], 12],
      ['per-token updates (mini-batch 1), no feed-forward block', { ...AGENT, miniBatch: 1, intermediate: 0 }, [6, 4], 6],
      ['one partial mini-batch (3 tokens, mini-batch 4)', { ...AGENT, heads: 2 }, [3, 2], 3],
    ] as const) {
      it(`gives every parameter the gradient of tfjs autodiff: ${label}`, () => {
        const net = new TTTLinear(cfg);
        perturb(net, new Generator(3), 0.2);
        const rng = new Generator(17);
        const B = lengths.length;
        const obs = uniform(rng, B * T * cfg.inputDim);
        const coef = uniform(rng, B * T * cfg.outputDim);
        const js = maskedLossGrads(net, 'js', obs, [...lengths], T, coef, true);
        const ref = maskedLossGrads(net, 'tfjs', obs, [...lengths], T, coef, true);
        assert.deepEqual(Object.keys(js).sort(), Object.keys(ref).sort());
        const worst = compareAll(js, ref, 1e-4);
        if (process.env.SHOW_GRAD_ERR) console.log(`${label}: worst relative error ${worst}`);
        net.dispose();
      });
    }

    it('with inner updates off both options give the frozen read-out (W₀ for every token)', () => {
      const net = new TTTLinear(AGENT);
      perturb(net, new Generator(4), 0.2);
      const rng = new Generator(18);
      const obs = uniform(rng, 2 * 8 * AGENT.inputDim);
      const coef = uniform(rng, 2 * 8 * AGENT.outputDim);
      const js = maskedLossGrads(net, 'js', obs, [8, 5], 8, coef, false);
      const ref = maskedLossGrads(net, 'tfjs', obs, [8, 5], 8, coef, false);
      // without inner updates k, v and the gate play no part
      for (const name of ['thetaK', 'thetaV', 'lrGateW', 'lrGateB']) {
        assert.ok(js[name] === undefined || js[name]!.every((v) => v === 0), `${name} must get no gradient`);
        delete js[name];
        delete ref[name];
      }
      assert.ok(ref.w0 !== undefined && ref.thetaQ !== undefined, 'W₀ and θ_Q still get gradients');
      compareAll(js, ref, 1e-6);
      net.dispose();
    });

    it('a padded tail does not change the gradients of the real tokens’ loss', () => {
      const net = new TTTLinear(AGENT);
      perturb(net, new Generator(6), 0.2);
      const rng = new Generator(19);
      const D = AGENT.inputDim;
      const O = AGENT.outputDim;
      const obs = uniform(rng, 9 * D);
      const coef = uniform(rng, 9 * O);
      const short = maskedLossGrads(net, 'js', obs, [9], 9, coef, true);
      const padded = new Float32Array(13 * D);
      padded.set(obs);
      padded.fill(0.7, 9 * D); // garbage in the padding
      const padCoef = new Float32Array(13 * O);
      padCoef.set(coef);
      const long = maskedLossGrads(net, 'js', padded, [9], 13, padCoef, true);
      compareAll(long, short, 1e-5);
      net.dispose();
    });

    it('matches the tfjs scan forward and rejects a kvqg of the wrong width', () => {
      const net = new TTTLinear(AGENT);
      perturb(net, new Generator(7), 0.2);
      const obs = tf.tensor3d(uniform(new Generator(20), 3 * 11 * AGENT.inputDim), [3, 11, AGENT.inputDim]);
      const a = net.apply(obs, { scan: 'js' });
      const b = net.apply(obs, { scan: 'tfjs' });
      const diff = tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!;
      assert.ok(diff < 1e-5, `outputs differ by ${diff}`);
      const sizes = { sequences: 3, length: 11, miniBatch: 4, heads: 4, headDim: 8, baseLr: 1 };
      const bad = tf.zeros([33, 99]) as tf.Tensor2D;
      assert.throws(() => tttScanOp(bad, tf.zeros([4]), tf.zeros([4, 8, 8]), sizes), /kvqg must have shape \[33, 100\]/);
      assert.throws(() => net.apply(obs, { scan: 'gpu' as 'js' }), /options\.scan must be 'js' or 'tfjs'/);
      tf.dispose([obs, a, b, bad]);
      net.dispose();
    });
  });
}
