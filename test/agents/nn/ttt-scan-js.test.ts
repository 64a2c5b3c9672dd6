import assert from 'node:assert/strict';
import { scanBackward, scanForward } from '../../../agents/nn/ttt-scan-js.ts';
import type { ScanSizes } from '../../../agents/nn/ttt-scan-js.ts';
import { Generator } from '../../../src/random/generator.ts';

const SIZES: ScanSizes = { sequences: 2, length: 7, miniBatch: 3, heads: 2, headDim: 3, baseLr: 1.5 };
const H = SIZES.heads * SIZES.headDim;
const WIDTH = 3 * H + SIZES.heads;
const ROWS = SIZES.sequences * SIZES.length;

function uniform(rng: Generator, n: number, scale: number): Float32Array {
  return Float32Array.from({ length: n }, () => scale * (2 * rng.random() - 1));
}

/** Per-token primal form: every token's inner weight materialized, W advancing every miniBatch tokens. */
function primal(kvqg: Float32Array, gateBias: Float32Array, w0: Float32Array, sz: ScanSizes): Float64Array {
  const { sequences: B, length: T, miniBatch: b, heads, headDim: d, baseLr } = sz;
  const z = new Float64Array(B * T * H);
  for (let s = 0; s < B; s++) {
    for (let h = 0; h < heads; h++) {
      let W = Array.from({ length: d * d }, (_, i) => w0[h * d * d + i]!);
      let grads: number[][] = [];
      for (let t = 0; t < T; t++) {
        const row = (s * T + t) * WIDTH;
        const k = Array.from({ length: d }, (_, r) => kvqg[row + h * d + r]!);
        const v = Array.from({ length: d }, (_, r) => kvqg[row + H + h * d + r]!);
        const q = Array.from({ length: d }, (_, r) => kvqg[row + 2 * H + h * d + r]!);
        const eta = (baseLr / d) / (1 + Math.exp(-(kvqg[row + 3 * H + h]! + gateBias[h]!)));
        // ∇ of ‖k·W − v‖² at the mini-batch's starting W, scaled by η
        const e = Array.from({ length: d }, (_, a) => k.reduce((acc, kr, r) => acc + kr * W[r * d + a]!, 0) - v[a]!);
        grads.push(W.map((_, i) => 2 * eta * k[Math.floor(i / d)]! * e[i % d]!));
        const i = grads.length;
        const Wi = W.map((w, idx) => w - grads.reduce((acc, g) => acc + g[idx]!, 0) / i);
        for (let a = 0; a < d; a++) z[(s * T + t) * H + h * d + a] = q.reduce((acc, qr, r) => acc + qr * Wi[r * d + a]!, 0);
        if (i === b) {
          W = W.map((w, idx) => w - grads.reduce((acc, g) => acc + g[idx]!, 0) / b);
          grads = [];
        }
      }
    }
  }
  return z;
}

describe('ttt-scan-js', () => {
  const rng = new Generator(31);
  const kvqg = uniform(rng, ROWS * WIDTH, 1);
  const gateBias = uniform(rng, SIZES.heads, 0.5);
  const w0 = uniform(rng, SIZES.heads * SIZES.headDim ** 2, 0.5);
  const dz = uniform(rng, ROWS * H, 1);

  it('scanForward equals the per-token primal form (partial last mini-batch)', () => {
    const z = new Float32Array(ROWS * H);
    scanForward(kvqg, gateBias, w0, SIZES, z);
    const ref = primal(kvqg, gateBias, w0, SIZES);
    ref.forEach((v, i) => assert.ok(Math.abs(v - z[i]!) < 1e-5, `z[${i}]: ${z[i]} vs primal ${v}`));
  });

  it('scanBackward equals central differences of Σ dz·z for every input', () => {
    const loss = (x: Float32Array, c: Float32Array, w: Float32Array): number => {
      const z = primal(x, c, w, SIZES);
      let acc = 0;
      for (let i = 0; i < z.length; i++) acc += dz[i]! * z[i]!;
      return acc;
    };
    const tape = scanForward(kvqg, gateBias, w0, SIZES, new Float32Array(ROWS * H));
    const g = scanBackward(kvqg, dz, tape, SIZES);
    const h = 1e-3;
    const check = (name: string, arr: Float32Array, grad: Float32Array, f: (a: Float32Array) => number): void => {
      for (let i = 0; i < arr.length; i++) {
        const up = Float32Array.from(arr);
        up[i] = arr[i]! + h;
        const down = Float32Array.from(arr);
        down[i] = arr[i]! - h;
        const fd = (f(up) - f(down)) / (up[i]! - down[i]!);
        const err = Math.abs(fd - grad[i]!) / Math.max(1, Math.abs(fd));
        assert.ok(err < 2e-3, `${name}[${i}]: backward ${grad[i]} vs central difference ${fd}`);
      }
    };
    check('kvqg', kvqg, g.kvqg, (a) => loss(a, gateBias, w0));
    check('gateBias', gateBias, g.gateBias, (a) => loss(kvqg, a, w0));
    check('w0', w0, g.w0, (a) => loss(kvqg, gateBias, a));
  });

  it('rejects arrays that do not fit the sizes, naming them', () => {
    const z = new Float32Array(ROWS * H);
    assert.throws(() => scanForward(kvqg.subarray(1), gateBias, w0, SIZES, z), /kvqg must have 14 rows of 20 values/);
    assert.throws(() => scanForward(kvqg, gateBias, w0.subarray(1), SIZES, z), /w0 must have heads·headDim² = 18 values/);
    const tape = scanForward(kvqg, gateBias, w0, SIZES, z);
    assert.throws(() => scanBackward(kvqg, dz.subarray(1), tape, SIZES), /dz must have 14×6 values/);
  });
});
