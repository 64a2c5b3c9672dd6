/**
 * Where the time of one PPO gradient step of the `ppo` agent goes, and the least time its arithmetic
 * can take on one thread here: the matrix products of the step (forward, the hand-derived backward of
 * `MlpPairGrad`, first layers fused) timed one by one on the kernel the trainer uses (on wasm the direct
 * call into the backend's `BatchMatMul`, XNNPACK), each with its GFLOP/s; the same products through tfjs
 * ops; and the whole step in sections (forward, backward, the two Adam steps). The sum of the products'
 * times is the arithmetic's floor for a gradient step; × the steps of an update (160 for 2,000 samples,
 * minibatch 128, 10 epochs) it is the floor for an update.
 *
 * All figures are CPU time of this process per call (one thread), averaged over the repetitions.
 *
 * Run: `npx tsx benchmarks/mlp-step-bench.ts [--json]` (wasm backend).
 * @module
 */
import { pathToFileURL } from 'node:url';
import { initBackend } from '../agents/tfjs/backend.ts';
import { backendMatMul, defaultMatMul } from '../agents/nn/matmul-kernel.ts';
import type { MatMulKernel } from '../agents/nn/matmul-kernel.ts';
import { MlpPairGrad } from '../agents/nn/mlp-pair-grad.ts';
import { Adam } from '../agents/ppo/adam.ts';
import { Generator } from '../src/random/generator.ts';
import * as tf from '@tensorflow/tfjs-core';

/** Options of {@link benchMlpStep}. */
export interface MlpStepBenchOptions {
  /** Observation length (default 81, EdgeLLM-v0). */
  readonly obsDim?: number;
  /** Actor outputs (default 60). */
  readonly paramSize?: number;
  /** Hidden widths (default [128, 128]). */
  readonly hidden?: readonly number[];
  /** Minibatch (default 128). */
  readonly batch?: number;
  /** Gradient steps per update (default 160). */
  readonly stepsPerUpdate?: number;
  /** Timed repetitions per figure (default 200). */
  readonly reps?: number;
}

/** One product of the step. */
export interface ProductFigure {
  /** `m×k·k×n`. */
  readonly shape: string;
  /** How often a gradient step computes it. */
  readonly count: number;
  /** CPU microseconds per product on the trainer's kernel. */
  readonly micros: number;
  /** 2·m·k·n / time. */
  readonly gflops: number;
  /** CPU microseconds through tfjs ops (tensor in, `tf.matMul`, read out). */
  readonly tfjsOpMicros: number;
}

/** Result of {@link benchMlpStep}. */
export interface MlpStepBenchResult {
  backend: string;
  /** The kernel the trainer uses: `wasm-direct`, or `tfjs-ops` off wasm. */
  kernel: string;
  products: ProductFigure[];
  /** Σ count·micros: the products of one gradient step. */
  productMicrosPerStep: number;
  /** Total FLOPs of the products of one gradient step. */
  flopsPerStep: number;
  /** The same products through tfjs ops. */
  tfjsOpProductMicrosPerStep: number;
  /** CPU microseconds of the step's sections. */
  sections: { forward: number; backward: number; adam: number; total: number };
  /** Floor of an update's arithmetic (products only), seconds: productMicrosPerStep × stepsPerUpdate. */
  updateFloorSeconds: number;
  /** The measured step × stepsPerUpdate, seconds (without the loss and the minibatch gather). */
  updateStepSeconds: number;
  stepsPerUpdate: number;
}

/**
 * CPU microseconds of this process per call of `fn`, averaged over `reps` calls after `reps / 10` warm-up
 * calls (CPU time, not wall time: on a machine shared with other work it is the steadier figure).
 */
function micros(fn: () => void, reps: number): number {
  for (let i = 0; i < Math.max(2, reps / 10); i++) fn();
  const c0 = process.cpuUsage();
  for (let i = 0; i < reps; i++) fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / reps;
}

/** The products `[m, k, n]` of one gradient step (see `MlpPairGrad`), with their counts. */
function stepProducts(D: number, P: number, hidden: readonly number[], B: number): Map<string, { m: number; k: number; n: number; count: number }> {
  const out = new Map<string, { m: number; k: number; n: number; count: number }>();
  const add = (m: number, k: number, n: number) => {
    const key = `${m}×${k}·${k}×${n}`;
    const e = out.get(key);
    if (e) e.count++;
    else out.set(key, { m, k, n, count: 1 });
  };
  const h0 = 2 * hidden[0]!;
  add(B, D, h0); // fused first layers
  add(D, B, h0); // their weight gradient
  for (const outDim of [P, 1]) {
    const w = [...hidden, outDim];
    for (let l = 1; l < w.length; l++) {
      add(B, w[l - 1]!, w[l]!); // forward
      add(w[l - 1]!, B, w[l]!); // dW
      add(B, w[l]!, w[l - 1]!); // dH
    }
  }
  return out;
}

/** Measures (see the module description). */
export async function benchMlpStep(options: MlpStepBenchOptions = {}): Promise<MlpStepBenchResult> {
  const D = options.obsDim ?? 81;
  const P = options.paramSize ?? 60;
  const hidden = options.hidden ?? [128, 128];
  const B = options.batch ?? 128;
  const steps = options.stepsPerUpdate ?? 160;
  const reps = options.reps ?? 200;
  const info = await initBackend('wasm');
  const kernel: MatMulKernel = defaultMatMul();
  const rng = new Generator(7);
  const rand = (n: number, s = 1) => Float32Array.from({ length: n }, () => s * rng.normal());
  const products: ProductFigure[] = [];
  let productMicros = 0;
  let tfjsMicros = 0;
  let flops = 0;
  for (const [shape, { m, k, n, count }] of stepProducts(D, P, hidden, B)) {
    const a = rand(m * k);
    const b = rand(k * n);
    const out = new Float32Array(m * n);
    const t = micros(() => kernel.matMul(a, m, k, b, n, out), reps);
    const tOps = micros(() => backendMatMul.matMul(a, m, k, b, n, out), reps);
    products.push({ shape, count, micros: t, gflops: (2 * m * k * n) / (t * 1000), tfjsOpMicros: tOps });
    productMicros += count * t;
    tfjsMicros += count * tOps;
    flops += count * 2 * m * k * n;
  }
  const aw = [D, ...hidden, P];
  const cw = [D, ...hidden, 1];
  const params = (w: number[]) => w.slice(1).flatMap((o, l) => [rand(w[l]! * o, 0.1), rand(o, 0.1)]);
  const actor = params(aw);
  const critic = params(cw);
  const aG = actor.map((p) => new Float32Array(p.length));
  const cG = critic.map((p) => new Float32Array(p.length));
  const pair = new MlpPairGrad(aw, cw, B, kernel);
  const x = rand(B * D);
  const dP = rand(B * P, 0.01);
  const dV = rand(B, 0.01);
  const variables = [...actor, ...critic].map((p) => tf.variable(tf.tensor1d(p)));
  const adam = new Adam({ learningRate: 1e-6 });
  try {
    const forward = micros(() => pair.forward(x, B, actor, critic), reps);
    const backward = micros(() => {
      pair.forward(x, B, actor, critic);
      pair.backward(dP, dV, aG, cG);
    }, reps) - forward;
    const adamMicros = micros(() => {
      adam.applyArrays(variables.slice(0, actor.length), actor, aG, 0.5);
      adam.applyArrays(variables.slice(actor.length), critic, cG, 0.5);
    }, reps);
    const total = forward + backward + adamMicros;
    return {
      backend: info.name,
      kernel: kernel === backendMatMul ? 'tfjs-ops' : 'wasm-direct',
      products,
      productMicrosPerStep: productMicros,
      flopsPerStep: flops,
      tfjsOpProductMicrosPerStep: tfjsMicros,
      sections: { forward, backward, adam: adamMicros, total },
      updateFloorSeconds: (productMicros * steps) / 1e6,
      updateStepSeconds: (total * steps) / 1e6,
      stepsPerUpdate: steps,
    };
  } finally {
    tf.dispose(variables);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchMlpStep();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(r));
  } else {
    for (const p of r.products) {
      console.log(`${p.shape.padEnd(16)} ×${p.count}  ${p.micros.toFixed(1).padStart(7)} µs  ${p.gflops.toFixed(1).padStart(5)} GFLOP/s   tfjs ops ${p.tfjsOpMicros.toFixed(1)} µs`);
    }
    console.log(`products per gradient step: ${r.productMicrosPerStep.toFixed(0)} µs (${(r.flopsPerStep / 1e6).toFixed(1)} MFLOP; tfjs ops ${r.tfjsOpProductMicrosPerStep.toFixed(0)} µs)`);
    console.log(`step sections: forward ${r.sections.forward.toFixed(0)} µs, backward ${r.sections.backward.toFixed(0)} µs, Adam ${r.sections.adam.toFixed(0)} µs`);
    console.log(`update (${r.stepsPerUpdate} steps): arithmetic floor ${r.updateFloorSeconds.toFixed(3)} s, measured steps ${r.updateStepSeconds.toFixed(3)} s`);
  }
}
