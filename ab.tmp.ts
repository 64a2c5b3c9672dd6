import './envs/index.ts';
import { initBackend } from './agents/tfjs/backend.ts';
import { PPOTrainer } from './agents/t2drl/training/trainer.ts';
import { resolveTrainingConfig } from './agents/t2drl/training/training-config.ts';
import { collectRollout } from './agents/t2drl/training/rollout.ts';
import { ppoUpdate } from './agents/t2drl/training/ppo-update.ts';
import { iterationSeeds } from './agents/t2drl/training/seeds.ts';
await initBackend('wasm');
const trainer = new PPOTrainer(resolveTrainingConfig('ppo', 'EdgeLLM-v0', { evalEpisodes: 0, ppo: { rolloutSteps: 2000 }, numEnvs: 20 }));
trainer.iterate();
const t: any = trainer;
const buf = collectRollout({ envs: t.envs, head: t.head, obsNorm: t.obsNorm, valueNorm: t.valueNorm, rng: t.rng, runner: t.net.runner(true), updateStats: false }, trainer.stepsPerEnv, iterationSeeds(trainer.config.ppo.seed, 5, trainer.config.numEnvs));
const ctx = (autodiff: boolean) => ({ net: t.net, head: t.head, valueNorm: t.valueNorm, actorOpt: t.actorOpt, criticOpt: t.criticOpt, rng: t.rng, ppo: trainer.config.ppo, sequencesPerBatch: 0, autodiff });
const times: Record<string, number[]> = { autodiff: [], hand: [] };
for (let r = 0; r < 3; r++) for (const ad of (process.env.AB_ONLY === "hand" ? [false] : [true, false])) {
  const c0 = process.cpuUsage(); const t0 = performance.now(); const s = ppoUpdate(ctx(ad), buf); const dt = (performance.now() - t0) / 1000; const cu = process.cpuUsage(c0); const cpu = (cu.user + cu.system) / 1e6;
  times[ad ? 'autodiff' : 'hand']!.push(dt); console.log(ad ? 'autodiff' : 'hand', dt.toFixed(3), 's wall', cpu.toFixed(3), 's cpu', JSON.stringify({ pl: s.policyLoss.toFixed(5), vl: s.valueLoss.toFixed(5), an: s.actorGradNorm.toFixed(4), cn: s.criticGradNorm.toFixed(4), kl: s.approxKl.toExponential(3), steps: s.gradientSteps }));
}
trainer.close();
