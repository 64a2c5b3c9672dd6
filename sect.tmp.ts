import { initBackend } from './agents/tfjs/backend.ts';
import { MlpPairGrad } from './agents/nn/mlp-pair-grad.ts';
import { wasmMatMul } from './agents/nn/matmul-kernel.ts';
import type { MatMulKernel } from './agents/nn/matmul-kernel.ts';
import { Generator } from './src/random/generator.ts';
await initBackend('wasm');
const inner = wasmMatMul()!;
let mmTime = 0; let calls = 0; const shapes = new Map<string, number>();
const timed: MatMulKernel = { matMul(a, m, k, b, n, out) { const t0 = performance.now(); inner.matMul(a, m, k, b, n, out); const dt = performance.now() - t0; mmTime += dt; calls++; const key = `${m}x${k}x${n}`; shapes.set(key, (shapes.get(key) ?? 0) + dt); } };
const rng = new Generator(1);
const aw = [81, 128, 128, 60], cw = [81, 128, 128, 1];
const mk = (w: number[]) => { const out: Float32Array[] = []; for (let l = 0; l + 1 < w.length; l++) { out.push(Float32Array.from({ length: w[l]! * w[l + 1]! }, () => rng.normal() * 0.1)); out.push(new Float32Array(w[l + 1]!)); } return out; };
const A = mk(aw), C = mk(cw); const AG = A.map((x) => new Float32Array(x.length)), CG = C.map((x) => new Float32Array(x.length));
const pair = new MlpPairGrad(aw, cw, 128, timed);
const x = Float32Array.from({ length: 128 * 81 }, () => rng.normal());
const dP = Float32Array.from({ length: 128 * 60 }, () => rng.normal()), dV = Float32Array.from({ length: 128 }, () => rng.normal());
for (let r = 0; r < 3; r++) { const c0 = process.cpuUsage();
  mmTime = 0; calls = 0; shapes.clear(); let fw = 0, bw = 0;
  const N = 300;
  for (let i = 0; i < N; i++) { const t0 = performance.now(); pair.forward(x, 128, A, C); const t1 = performance.now(); pair.backward(dP, dV, AG, CG); fw += t1 - t0; bw += performance.now() - t1; }
  const cu = process.cpuUsage(c0); console.log(`cpu per step ${((cu.user + cu.system) / N).toFixed(0)} us`);
  console.log(`per step: forward ${(fw / N * 1000).toFixed(0)} us, backward ${(bw / N * 1000).toFixed(0)} us, of which matmul ${(mmTime / N * 1000).toFixed(0)} us in ${calls / N} calls`);
  if (r === 2) for (const [k, v] of shapes) console.log('  ', k, (v / N * 1000).toFixed(0), 'us');
}
