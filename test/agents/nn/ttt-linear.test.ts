import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../agents/tfjs/backend.ts';
import { TTTLinear } from '../../../agents/nn/ttt-linear.ts';
import { resolveTTTConfig } from '../../../agents/nn/ttt-config.ts';
import type { TTTConfig } from '../../../agents/nn/ttt-config.ts';
import { Generator } from '../../../src/random/generator.ts';
import { referenceLoss, referenceSequence } from './ttt-reference.ts';
import type { RefConfig, RefWeights } from './ttt-reference.ts';

const TINY: TTTConfig = { inputDim: 5, outputDim: 3, hidden: 8, heads: 2, miniBatch: 4, intermediate: 6, seed: 7 };

function randomSeqs(rng: Generator, B: number, T: number, D: number): number[][][] {
  return Array.from({ length: B }, () => Array.from({ length: T }, () => Array.from({ length: D }, () => rng.random())));
}

function refConfig(net: TTTLinear): RefConfig {
  const c = net.config;
  return { ...c, innerUpdates: net.innerUpdates };
}

function refWeights(net: TTTLinear): RefWeights {
  const w = net.readWeights();
  return Object.fromEntries(Object.entries(w).map(([k, v]) => [k, Float64Array.from(v)]));
}

/** Gives the tiny network non-trivial LN/gate/W0 values so every parameter's gradient path is exercised. */
function perturb(net: TTTLinear, rng: Generator, scale: number): void {
  const w = net.readWeights();
  for (const name of Object.keys(w)) {
    const values = w[name]!;
    for (let i = 0; i < values.length; i++) values[i]! += scale * rng.normal();
  }
  net.params.write(w);
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`TTTLinear (${backend})`, () => {
    before(async () => {
      await initBackend(backend);
    });

    it('matches the float64 primal-form reference forward', () => {
      const net = new TTTLinear(TINY);
      perturb(net, new Generator(3), 0.3);
      const seqs = randomSeqs(new Generator(11), 2, 10, TINY.inputDim); // 10 tokens: last mini-batch partial
      const y = tf.tidy(() => net.apply(tf.tensor3d(seqs)).arraySync());
      const w = refWeights(net);
      seqs.forEach((seq, s) => {
        referenceSequence(w, refConfig(net), seq).forEach((row, t) =>
          row.forEach((v, o) => assert.ok(Math.abs(v - y[s]![t]![o]!) < 1e-5, `s${s} t${t} o${o}: ${v} vs ${y[s]![t]![o]}`)),
        );
      });
      net.dispose();
    });

    it('matches the reference for other mini-batch sizes, one-block sequences and no feed-forward block', () => {
      for (const [cfg, T] of [
        [{ ...TINY, miniBatch: 1 }, 5],
        [{ ...TINY, miniBatch: 3, intermediate: 0 }, 7],
        [TINY, 3],
      ] as const) {
        const net = new TTTLinear(cfg);
        perturb(net, new Generator(4), 0.3);
        const seqs = randomSeqs(new Generator(12), 2, T, TINY.inputDim);
        const y = tf.tidy(() => net.apply(tf.tensor3d(seqs)).arraySync());
        const w = refWeights(net);
        seqs.forEach((seq, s) =>
          referenceSequence(w, refConfig(net), seq).forEach((row, t) =>
            row.forEach((v, o) => assert.ok(Math.abs(v - y[s]![t]![o]!) < 1e-5, `b=${cfg.miniBatch} T=${T}: ${v} vs ${y[s]![t]![o]}`)),
          ),
        );
        net.dispose();
      }
    });

    it('outer gradient agrees with float64 central differences through the inner updates', () => {
      const net = new TTTLinear(TINY);
      perturb(net, new Generator(5), 0.3);
      const rng = new Generator(21);
      const seqs = randomSeqs(rng, 2, 8, TINY.inputDim);
      const coef = randomSeqs(rng, 2, 8, TINY.outputDim).map((s) => s.map((r) => r.map((v) => v - 0.5)));
      const obs = tf.tensor3d(seqs);
      const coefT = tf.tensor3d(coef);
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(net.apply(obs), coefT)), net.variables());
      const names = net.params.names();
      const gradByName = new Map(names.map((n) => [n, grads[net.params.get(n).name]!.dataSync().slice()]));
      value.dispose();
      tf.dispose([obs, coefT, ...Object.values(grads)]);

      const base = refWeights(net);
      const cfg = refConfig(net);
      const h = 1e-5;
      const pick = new Generator(99);
      let worst = 0;
      for (const name of names) {
        const g = gradByName.get(name)!;
        for (let trial = 0; trial < 3; trial++) {
          const i = pick.integers(0, g.length);
          const w = { ...base, [name]: Float64Array.from(base[name]!) };
          w[name]![i] = base[name]![i]! + h;
          const up = referenceLoss(w, cfg, seqs, coef);
          w[name]![i] = base[name]![i]! - h;
          const down = referenceLoss(w, cfg, seqs, coef);
          const fd = (up - down) / (2 * h);
          const err = Math.abs(fd - g[i]!) / Math.max(Math.abs(fd), Math.abs(g[i]!), 1e-3);
          worst = Math.max(worst, err);
          if (process.env.SHOW_GRAD_ERR === "all") console.log(`${name}[${i}] tf ${g[i]} fd ${fd} err ${err.toExponential(2)}`);
          assert.ok(err < 1e-3, `${name}[${i}]: analytic ${g[i]} vs finite difference ${fd} (rel. err ${err})`);
        }
      }
      assert.ok(worst < 1e-3);
      if (process.env.SHOW_GRAD_ERR) console.log(`worst relative error ${worst}`);
      net.dispose();
    });

    it('online plain-JS steps agree with the batched forward over a 100-token episode', () => {
      const D = 12;
      const net = new TTTLinear({ inputDim: D, outputDim: 7, seed: 3 });
      perturb(net, new Generator(8), 0.05);
      const seqs = randomSeqs(new Generator(4), 2, 100, D);
      const y = tf.tidy(() => net.apply(tf.tensor3d(seqs)).arraySync());
      const inf = net.inference();
      let maxDiff = 0;
      seqs.forEach((seq, s) => {
        const state = inf.createState();
        seq.forEach((obs, t) => {
          const out = inf.step(state, obs);
          out.forEach((v, o) => (maxDiff = Math.max(maxDiff, Math.abs(v - y[s]![t]![o]!))));
        });
        assert.equal(state.tokens, 100);
      });
      assert.ok(maxDiff < 1e-4, `max abs difference ${maxDiff}`);
      net.dispose();
    });

    it('with inner updates off, a token’s output does not depend on earlier tokens', () => {
      const net = new TTTLinear({ ...TINY, innerUpdates: false });
      const rng = new Generator(12);
      const [a, b] = randomSeqs(rng, 2, 8, TINY.inputDim);
      b![6] = a![6]!; // same token at t = 6, different histories
      const y = tf.tidy(() => net.apply(tf.tensor3d([a!, b!])).arraySync());
      y[0]![6]!.forEach((v, o) => assert.ok(Math.abs(v - y[1]![6]![o]!) < 1e-6));
      // online path too
      const inf = net.inference();
      const s1 = inf.createState();
      const s2 = inf.createState();
      let o1: Float32Array = new Float32Array(3);
      let o2: Float32Array = new Float32Array(3);
      for (let t = 0; t <= 6; t++) {
        o1 = inf.step(s1, a![t]!);
        o2 = inf.step(s2, b![t]!);
      }
      assert.deepEqual(Array.from(o1), Array.from(o2));
      // and with updates on, the history does matter
      net.innerUpdates = true;
      const yOn = tf.tidy(() => net.apply(tf.tensor3d([a!, b!])).arraySync());
      const diff = Math.max(...yOn[0]![6]!.map((v, o) => Math.abs(v - yOn[1]![6]![o]!)));
      assert.ok(diff > 1e-6, 'inner updates should make the output history-dependent');
      net.dispose();
    });

    it('padding a sequence at the end leaves earlier outputs unchanged (causality)', () => {
      const net = new TTTLinear(TINY);
      const seqs = randomSeqs(new Generator(30), 2, 9, TINY.inputDim);
      const full = tf.tidy(() => net.apply(tf.tensor3d(seqs)).arraySync());
      const cut = tf.tidy(() => net.apply(tf.tensor3d(seqs.map((s) => s.slice(0, 6)))).arraySync());
      cut.forEach((seq, s) => seq.forEach((row, t) => row.forEach((v, o) => assert.ok(Math.abs(v - full[s]![t]![o]!) < 1e-6))));
      net.dispose();
    });

    it('does not leak tensors over training steps', () => {
      const net = new TTTLinear({ inputDim: 6, outputDim: 4, seed: 1 });
      const opt = tf.train.adam(1e-3);
      const obs = tf.randomUniform([3, 12, 6]) as tf.Tensor3D;
      const step = (): void => {
        opt.minimize(() => tf.mean(tf.square(net.apply(obs))), false, net.variables());
      };
      step(); // Adam creates its moment variables on the first step
      const before = tf.memory().numTensors;
      for (let i = 0; i < 5; i++) step();
      assert.equal(tf.memory().numTensors, before);
      const inf = net.inference();
      const state = inf.createState();
      for (let t = 0; t < 20; t++) inf.step(state, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
      assert.equal(tf.memory().numTensors, before);
      opt.dispose();
      obs.dispose();
      net.dispose();
    });
  });
}

describe('TTTLinear inner update', () => {
  before(async () => {
    await initBackend('cpu');
  });

  it('lowers the reconstruction loss of a fixed token stream', () => {
    const net = new TTTLinear({ inputDim: 10, outputDim: 2, seed: 5 });
    const inf = net.inference();
    const stream = randomSeqs(new Generator(6), 1, 4, 10)[0]!;
    const state = inf.createState();
    const lossOf = (): number => stream.reduce((acc, o) => acc + inf.reconstructionLoss(state, o), 0);
    let previous = lossOf();
    for (let round = 0; round < 5; round++) {
      for (const o of stream) inf.step(state, o); // one full mini-batch → one committed update
      const now = lossOf();
      assert.ok(now < previous, `round ${round}: loss ${now} not below ${previous}`);
      previous = now;
    }
    net.dispose();
  });

  it('rejects bad configs with the field name', () => {
    assert.throws(() => resolveTTTConfig({ inputDim: 0, outputDim: 2 }), /TTTConfig\.inputDim/);
    assert.throws(() => resolveTTTConfig({ inputDim: 3, outputDim: 2, hidden: 30, heads: 4 }), /divisible/);
    assert.throws(() => resolveTTTConfig({ inputDim: 3, outputDim: 2, miniBatch: 0 }), /TTTConfig\.miniBatch/);
  });
});
