/**
 * Timing of the numeric foundation of the learning agents on the current machine: the wasm
 * transposed-matmul fix, one Adam step of a TTT actor + critic over 20 episodes × 100 tokens with the
 * full PPO-clip loss, the plain-JS online token step, and one MLP-PPO epoch — each on the backends
 * asked for; on wasm with both kernel fixes, without the BatchMatMul fix, and without the slicing fix.
 *
 * Run: `npx tsx benchmarks/tfjs-bench.ts [wasm] [cpu]` (default: wasm).
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { pathToFileURL } from 'node:url';
import { initBackend } from '../agents/tfjs/backend.ts';
import type { BackendName } from '../agents/tfjs/backend.ts';
import { patchWasmBatchMatMul, unpatchWasmBatchMatMul } from '../agents/tfjs/matmul-patch.ts';
import { patchWasmSlicing, unpatchWasmSlicing } from '../agents/tfjs/slice-patch.ts';
import { Bernoulli } from '../agents/nn/bernoulli.ts';
import { MLP } from '../agents/nn/mlp.ts';
import { ProductDistribution } from '../agents/nn/product-distribution.ts';
import { SquashedGaussian } from '../agents/nn/squashed-gaussian.ts';
import { TTTLinear } from '../agents/nn/ttt-linear.ts';
import { createAdam, trainStep } from '../agents/ppo/train-step.ts';
import { ppoLoss } from '../agents/ppo/ppo-loss.ts';
import { PAPER_PPO_CONFIG } from '../agents/ppo/config.ts';
import { Generator } from '../src/random/generator.ts';

/** A timing: median and minimum wall time over repetitions after warm-up, in milliseconds. */
export interface Timing {
  readonly median: number;
  readonly min: number;
}

/** One timing result. */
export interface BenchRow extends Timing {
  readonly backend: string;
  /** Which wasm kernel fixes were on, e.g. `'matmul+slicing'`, or `'-'` for other backends. */
  readonly variant: string;
  readonly what: string;
}

/** A combination of wasm kernel fixes to measure. */
interface Variant {
  readonly matMul: boolean;
  readonly slicing: boolean;
}

function variantName(backend: string, v: Variant): string {
  if (backend !== 'wasm') return '-';
  const parts = [v.matMul ? 'matmul' : '', v.slicing ? 'slicing' : ''].filter((p) => p !== '');
  return parts.length === 0 ? 'no fixes' : parts.join('+');
}

/**
 * Wall time of `fn` over `reps` runs after `warmup` runs, divided by `per` (e.g. the number of tokens a
 * run processes). The minimum is the better estimate on a shared, noisy machine.
 */
export function timeIt(fn: () => void, reps: number, warmup = 2, per = 1): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    times.push((performance.now() - t0) / per);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, min: times[0]! };
}

const PAIRS = 20; // I·M of the default EdgeLLM scenario
const OBS = 4 * PAIRS + 1;
const EPISODES = 20;
const T = 100;

function randomTensor(rng: Generator, shape: number[], f: (r: Generator) => number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => f(rng)), shape);
}

function benchTTT(rows: BenchRow[], backend: string, variant: string): void {
  const rng = new Generator(1);
  const dist = new ProductDistribution([new Bernoulli(PAIRS), new SquashedGaussian(PAIRS)]);
  const actor = new TTTLinear({ inputDim: OBS, outputDim: dist.paramSize, headGain: 0.01, seed: 1 });
  const critic = new TTTLinear({ inputDim: OBS, outputDim: 1, seed: 2 });
  const obs = randomTensor(rng, [EPISODES, T, OBS], (r) => r.random()) as tf.Tensor3D;
  const actions = tf.concat(
    [randomTensor(rng, [EPISODES * T, PAIRS], (r) => (r.random() < 0.5 ? 1 : 0)), randomTensor(rng, [EPISODES * T, PAIRS], (r) => r.normal())],
    1,
  ) as tf.Tensor2D;
  const oldLogProb = randomTensor(rng, [EPISODES * T], (r) => r.normal() - 20) as tf.Tensor1D;
  const adv = randomTensor(rng, [EPISODES * T], (r) => r.normal()) as tf.Tensor1D;
  const ret = randomTensor(rng, [EPISODES * T], (r) => r.normal()) as tf.Tensor1D;
  const opt = createAdam(PAPER_PPO_CONFIG);
  const vars = [...actor.variables(), ...critic.variables()];
  const step = (): void => {
    trainStep(
      opt,
      vars,
      () => {
        const params = tf.reshape(actor.apply(obs), [EPISODES * T, dist.paramSize]) as tf.Tensor2D;
        const values = tf.reshape(critic.apply(obs), [EPISODES * T]) as tf.Tensor1D;
        const terms = ppoLoss(
          { logProb: dist.logProb(params, actions), oldLogProb, advantages: adv, values, returns: ret, entropy: dist.entropy(params) },
          PAPER_PPO_CONFIG,
        );
        return { loss: terms.loss };
      },
      PAPER_PPO_CONFIG.maxGradNorm,
    );
  };
  rows.push({ backend, variant, what: 'TTT forward, one network, 20×100 tokens', ...timeIt(() => tf.tidy(() => {
      actor.apply(obs).dataSync(); // read inside, return nothing: tidy would walk a returned array
    }), 5) });
  rows.push({ backend, variant, what: 'TTT actor+critic Adam step (PPO loss), 20×100 tokens', ...timeIt(step, 9) });
  const before = tf.memory().numTensors;
  step();
  if (tf.memory().numTensors !== before) throw new Error('benchmark: the TTT train step leaked tensors');

  // plain-JS online step (actor + critic per token), weights read once
  const t0 = performance.now();
  const actorInf = actor.inference();
  const criticInf = critic.inference();
  const readoutMs = performance.now() - t0;
  const obsData = obs.dataSync() as Float32Array;
  const run = (): void => {
    for (let e = 0; e < EPISODES; e++) {
      const sa = actorInf.createState();
      const sc = criticInf.createState();
      for (let t = 0; t < T; t++) {
        const o = obsData.subarray((e * T + t) * OBS, (e * T + t + 1) * OBS);
        actorInf.step(sa, o);
        criticInf.step(sc, o);
      }
    }
  };
  rows.push({ backend, variant, what: 'weight readout for plain-JS rollout (actor+critic)', median: readoutMs, min: readoutMs });
  rows.push({ backend, variant, what: 'online token step, plain JS, actor+critic (per token)', ...timeIt(run, 5, 1, EPISODES * T) });
  tf.dispose([obs, actions, oldLogProb, adv, ret]);
  actor.dispose();
  critic.dispose();
}

function benchMLP(rows: BenchRow[], backend: string, variant: string): void {
  const rng = new Generator(2);
  const dist = new ProductDistribution([new Bernoulli(PAIRS), new SquashedGaussian(PAIRS)]);
  const actor = new MLP({ inputDim: OBS, outputDim: dist.paramSize, headGain: 0.01, seed: 1 });
  const critic = new MLP({ inputDim: OBS, outputDim: 1, seed: 2 });
  const N = EPISODES * T;
  const obs = randomTensor(rng, [N, OBS], (r) => r.random()) as tf.Tensor2D;
  const actions = tf.concat(
    [randomTensor(rng, [N, PAIRS], (r) => (r.random() < 0.5 ? 1 : 0)), randomTensor(rng, [N, PAIRS], (r) => r.normal())],
    1,
  ) as tf.Tensor2D;
  const oldLogProb = randomTensor(rng, [N], (r) => r.normal() - 20) as tf.Tensor1D;
  const adv = randomTensor(rng, [N], (r) => r.normal()) as tf.Tensor1D;
  const ret = randomTensor(rng, [N], (r) => r.normal()) as tf.Tensor1D;
  const opt = createAdam(PAPER_PPO_CONFIG);
  const vars = [...actor.variables(), ...critic.variables()];
  const B = PAPER_PPO_CONFIG.batchSize;
  const epoch = (): void => {
    for (let start = 0; start < N; start += B) {
      const size = Math.min(B, N - start);
      trainStep(
        opt,
        vars,
        () => {
          const o = tf.slice(obs, [start, 0], [size, OBS]);
          const params = actor.apply(o);
          const values = tf.reshape(critic.apply(o), [size]) as tf.Tensor1D;
          const terms = ppoLoss(
            {
              logProb: dist.logProb(params, tf.slice(actions, [start, 0], [size, dist.actionSize])),
              oldLogProb: tf.slice(oldLogProb, [start], [size]),
              advantages: tf.slice(adv, [start], [size]),
              values,
              returns: tf.slice(ret, [start], [size]),
            },
            PAPER_PPO_CONFIG,
          );
          return { loss: terms.loss };
        },
        PAPER_PPO_CONFIG.maxGradNorm,
      );
    }
  };
  rows.push({ backend, variant, what: 'MLP-PPO epoch, actor+critic, 2000 samples in batches of 128', ...timeIt(epoch, 5, 1) });
  const inf = actor.inference();
  const cinf = critic.inference();
  const o = obs.dataSync().slice(0, OBS) as Float32Array;
  rows.push({
    backend,
    variant,
    what: 'MLP plain-JS forward, actor+critic (per sample)',
    ...timeIt(
      () => {
        for (let i = 0; i < 1000; i++) {
          inf.forward(o);
          cinf.forward(o);
        }
      },
      5,
      2,
      1000,
    ),
  });
  tf.dispose([obs, actions, oldLogProb, adv, ret]);
  actor.dispose();
  critic.dispose();
}

function benchMatMul(rows: BenchRow[], backend: string, variant: string): void {
  const a = tf.randomNormal([2000, 81]);
  const b = tf.randomNormal([2000, 128]);
  rows.push({
    backend,
    variant,
    what: 'matMul (2000×81)ᵀ @ 2000×128',
    ...timeIt(() => tf.tidy(() => {
      tf.matMul(a, b, true, false).dataSync();
    }), 9),
  });
  tf.dispose([a, b]);
}

/**
 * Runs every benchmark on each backend (wasm: patched and unpatched) and returns the rows.
 * @param backends backends to measure (default `['wasm']`).
 */
export async function runBenchmarks(backends: readonly BackendName[] = ['wasm']): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const backend of backends) {
    const info = await initBackend(backend);
    if (info.name !== backend) throw new Error(`benchmark: backend '${backend}' is not available (${JSON.stringify(info.skipped)}).`);
    const variants: Variant[] =
      backend === 'wasm'
        ? [
            { matMul: true, slicing: true },
            { matMul: false, slicing: true },
            { matMul: true, slicing: false },
          ]
        : [{ matMul: false, slicing: false }];
    const apply = (v: Variant): void => {
      if (backend !== 'wasm') return;
      if (v.matMul) patchWasmBatchMatMul();
      else unpatchWasmBatchMatMul();
      if (v.slicing) patchWasmSlicing();
      else unpatchWasmSlicing();
    };
    // one discarded pass first, so that heap growth and JIT warm-up do not favour the later variants
    apply(variants[0]!);
    benchTTT([], backend, '');
    benchMLP([], backend, '');
    for (const v of variants) {
      apply(v);
      const name = variantName(backend, v);
      benchMatMul(rows, backend, name);
      benchTTT(rows, backend, name);
      benchMLP(rows, backend, name);
    }
    if (backend === 'wasm') apply({ matMul: true, slicing: true });
  }
  return rows;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const requested = process.argv.slice(2) as BackendName[];
  const rows = await runBenchmarks(requested.length > 0 ? requested : ['wasm']);
  for (const r of rows) {
    const label = r.backend === 'wasm' ? `wasm (${r.variant})` : r.backend;
    const fmt = (ms: number): string => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(1)} ms`);
    console.log(`${label.padEnd(24)} ${r.what.padEnd(62)} median ${fmt(r.median).padStart(9)}   min ${fmt(r.min).padStart(9)}`);
  }
}
