/**
 * `bench`: speed measurements (never run as tests).
 * @module
 */
import { Command } from 'commander';
import { benchEnv } from '../../../benchmarks/env-bench.ts';
import { benchParallelEnv } from '../../../benchmarks/env-bench-parallel.ts';
import { isParallelEnvId } from '../../parallel/parallel-registry.ts';
import { addStartupBench } from './startup-bench-command.ts';
import { note, positiveInt, positiveNumber, printJson, runAction } from '../output.ts';
import { addMarketBenchCommand } from './market-command.ts';
import { addBridgeBench } from './serve-command.ts';

/** Adds `bench` and its sub-commands to `program`. */
export function addBenchCommand(program: Command): void {
  const bench = program.command('bench').description('measure speed (environment, market, bridge, agents, start-up)');
  bench
    .command('env')
    .description('steps per second of one environment and of a vector environment (a parallel env: system steps per second, with and without its market, next to EdgeLLM-v0, and --num-envs / agents systems as one vector env)')
    .option('--env <id>', 'environment id', 'EdgeLLM-v0')
    .option('--seconds <s>', 'seconds per measurement', positiveNumber('--seconds'), 3)
    .option('--num-envs <n>', 'sub-environments of the vector measurement', positiveInt('--num-envs'), 64)
    .option('--workers <k>', 'threads of the split batch-native measurement (at least 2)', positiveInt('--workers'), 2)
    .option('--json', 'print one JSON object on stdout')
    .action(
      runAction(async (opts: { env: string; seconds: number; numEnvs: number; workers: number; json?: boolean }) => {
        if (isParallelEnvId(opts.env)) {
          const p = benchParallelEnv({ envId: opts.env, seconds: opts.seconds, numEnvs: opts.numEnvs });
          const v = p.vector;
          const out = {
            env: p.env,
            parallel: true,
            agents: p.agents,
            stepsPerSecond: p.systemStepsPerSecond,
            systemStepsPerSecond: p.systemStepsPerSecond,
            agentStepsPerSecond: p.systemStepsPerSecond * p.agents,
            noMarketSystemStepsPerSecond: p.ablationSystemStepsPerSecond,
            singleEnv: p.singleEnv,
            singleStepsPerSecond: p.singleStepsPerSecond,
            systemToSingle: p.systemStepsPerSecond / p.singleStepsPerSecond,
            vectorCopies: v?.copies ?? null,
            vectorSystemStepsPerSecond: v?.systemStepsPerSecond ?? null,
            vectorAgentStepsPerSecond: v === null ? null : v.systemStepsPerSecond * p.agents,
            vectorInfosSystemStepsPerSecond: v?.infosSystemStepsPerSecond ?? null,
            agentVectorSystemStepsPerSecond: v?.agentVectorSystemStepsPerSecond ?? null,
            vectorToSystem: v === null ? null : v.systemStepsPerSecond / p.systemStepsPerSecond,
            vectorInfosToAgentVector: v === null ? null : v.infosSystemStepsPerSecond / v.agentVectorSystemStepsPerSecond,
            cpuTime: {
              systemStepsPerSecond: p.cpu.systemStepsPerSecond,
              noMarketSystemStepsPerSecond: p.cpu.ablationSystemStepsPerSecond,
              singleStepsPerSecond: p.cpu.singleStepsPerSecond,
              systemToSingle: p.cpu.systemStepsPerSecond / p.cpu.singleStepsPerSecond,
              vectorSystemStepsPerSecond: p.cpu.vector?.systemStepsPerSecond ?? null,
              vectorInfosSystemStepsPerSecond: p.cpu.vector?.infosSystemStepsPerSecond ?? null,
              agentVectorSystemStepsPerSecond: p.cpu.vector?.agentVectorSystemStepsPerSecond ?? null,
              vectorToSystem: p.cpu.vector === null ? null : p.cpu.vector.systemStepsPerSecond / p.cpu.systemStepsPerSecond,
            },
            seconds: p.seconds,
          };
          if (opts.json) return printJson(out);
          const fmt = (x: number) => Math.round(x).toLocaleString('en');
          note(
            `${p.env}: ${fmt(p.systemStepsPerSecond)} system steps/s (${p.agents} agents)` +
              (p.ablationSystemStepsPerSecond === null ? '' : `; ${fmt(p.ablationSystemStepsPerSecond)} without the market`) +
              `; ${p.singleEnv} in the same run: ${fmt(p.singleStepsPerSecond)} steps/s (${out.systemToSingle.toFixed(3)}×)` +
              (v === null
                ? ''
                : `; ${v.copies} systems batch-native: ${fmt(v.systemStepsPerSecond)} system steps/s (${fmt(v.systemStepsPerSecond * p.agents)} agent steps/s, ${out.vectorToSystem!.toFixed(2)}× one system), ` +
                  `${fmt(v.infosSystemStepsPerSecond)} with infos, AgentVectorEnv ${fmt(v.agentVectorSystemStepsPerSecond)}`) +
              `; per CPU second: ${fmt(p.cpu.systemStepsPerSecond)} system steps, ${fmt(p.cpu.singleStepsPerSecond)} single-env steps`,
          );
          return;
        }
        const r = await benchEnv({ envId: opts.env, seconds: opts.seconds, numEnvs: opts.numEnvs, workers: opts.workers });
        if (opts.json) {
          return printJson({
            env: r.env,
            stepsPerSecond: r.stepsPerSecond,
            vectorStepsPerSecond: Math.max(r.vectorStepsPerSecond, r.asyncVectorStepsPerSecond ?? 0, r.nativeVectorStepsPerSecond ?? 0, r.nativeVectorWorkersStepsPerSecond ?? 0),
            numEnvs: r.numEnvs,
            syncVectorStepsPerSecond: r.vectorStepsPerSecond,
            asyncVectorStepsPerSecond: r.asyncVectorStepsPerSecond,
            nativeVectorStepsPerSecond: r.nativeVectorStepsPerSecond,
            nativeVectorNoInfosStepsPerSecond: r.nativeVectorNoInfosStepsPerSecond,
            nativeToSingle: r.nativeVectorStepsPerSecond === null ? null : r.nativeVectorStepsPerSecond / r.stepsPerSecond,
            nativeToSync: r.nativeVectorStepsPerSecond === null ? null : r.nativeVectorStepsPerSecond / r.vectorStepsPerSecond,
            workers: r.workers,
            nativeVectorWorkersStepsPerSecond: r.nativeVectorWorkersStepsPerSecond,
            nativeVectorWorkersNoInfosStepsPerSecond: r.nativeVectorWorkersNoInfosStepsPerSecond,
            nativeWorkersToSingle: r.nativeVectorWorkersStepsPerSecond === null ? null : r.nativeVectorWorkersStepsPerSecond / r.stepsPerSecond,
            seconds: r.seconds,
          });
        }
        const fmt = (x: number) => Math.round(x).toLocaleString('en');
        note(
          `${r.env}: ${fmt(r.stepsPerSecond)} steps/s (one env); ${fmt(r.vectorStepsPerSecond)} env-steps/s (SyncVectorEnv × ${r.numEnvs})` +
            (r.nativeVectorStepsPerSecond === null
              ? ''
              : `; ${fmt(r.nativeVectorStepsPerSecond)} env-steps/s (batch-native × ${r.numEnvs}, ${(r.nativeVectorStepsPerSecond / r.stepsPerSecond).toFixed(2)}× one env; ${fmt(r.nativeVectorNoInfosStepsPerSecond!)} without infos)` +
                `; ${fmt(r.nativeVectorWorkersStepsPerSecond!)} env-steps/s on ${r.workers} threads (${(r.nativeVectorWorkersStepsPerSecond! / r.stepsPerSecond).toFixed(2)}× one env; ${fmt(r.nativeVectorWorkersNoInfosStepsPerSecond!)} without infos)`) +
            (r.asyncVectorStepsPerSecond === null ? '' : `; ${fmt(r.asyncVectorStepsPerSecond)} env-steps/s (AsyncVectorEnv × ${r.numEnvs})`),
        );
      }),
    );
  addMarketBenchCommand(bench);
  bench
    .command('agents')
    .description('learning agents: act latency (batch 1), PPO update time per 2,000 steps, env-steps/s while training')
    .option('--env <id>', 'environment id', 'EdgeLLM-v0')
    .option('--iterations <n>', 'measured training iterations per agent', positiveInt('--iterations'), 3)
    .option('--json', 'print one JSON object on stdout')
    .action(
      runAction(async (opts: { env: string; iterations: number; json?: boolean }) => {
        const { benchAgents } = await import('../../../benchmarks/agents-bench.ts');
        const r = await benchAgents({ envId: opts.env, iterations: opts.iterations, onNote: note });
        if (opts.json) return printJson(r);
        for (const [name, f] of Object.entries(r.agents)) {
          note(
            `${name} on ${r.env} (${r.backend}): act ${f.actLatencyMicros.toFixed(1)} µs` +
              (f.actLatencyNoTttMicros !== undefined ? ` (${f.actLatencyNoTttMicros.toFixed(1)} µs without test-time updates)` : '') +
              `, update ${f.updateSecondsPer2000.toFixed(2)} s per 2,000 steps (${f.gradientStepsPerUpdate} gradient steps), ` +
              `rollout ${f.rolloutSecondsPer2000.toFixed(2)} s, ${Math.round(f.trainingStepsPerSecond)} env-steps/s while training`,
          );
        }
      }),
    );
  bench
    .command('learn')
    .description('env-steps/s while training: built-in PPO and T2DRL, and a PyTorch PPO through the bridge when torch is importable')
    .option('--env <id>', 'environment id', 'EdgeLLM-v0')
    .option('--iterations <n>', 'measured training iterations (2,000 steps) per learner', positiveInt('--iterations'), 3)
    .option('--rounds <n>', 'rounds of the three training figures, each PyTorch then the built-in learners back to back; ratios are the medians of the rounds\' ratios', positiveInt('--rounds'), 1)
    .option('--python <path>', 'Python with torch (default: EDGELLM_PYTHON, else the checkout .venv, else python3)')
    .option('--no-torch', 'skip the PyTorch figure')
    .option('--json', 'print one JSON object on stdout')
    .action(
      runAction(async (opts: { env: string; iterations: number; rounds: number; python?: string; torch: boolean; json?: boolean }) => {
        const { benchLearn } = await import('../../../benchmarks/learn-bench.ts');
        const r = await benchLearn({ envId: opts.env, iterations: opts.iterations, rounds: opts.rounds, python: opts.torch ? opts.python : false, onNote: note });
        if (opts.json) return printJson(r);
        const fmt = (x: number | null) => (x === null ? 'n/a' : Math.round(x).toLocaleString('en'));
        note(
          `${r.env} (${r.backend}, ${r.learnerThreads} learner thread${r.learnerThreads === 1 ? '' : 's'}): PPO ${fmt(r.ppoEnvStepsPerSecond)}, T2DRL ${fmt(r.t2drlEnvStepsPerSecond)}, PyTorch PPO ${fmt(r.torchEnvStepsPerSecond)} env-steps/s while training (${r.torchNote})` +
            (r.ppoToTorch === null ? '' : `; ratios ${r.ppoToTorch.toFixed(2)}× (target ${r.targets.ppoToTorch}×) and ${r.t2drlToTorch!.toFixed(2)}× (target ${r.targets.t2drlToTorch}×)`) +
            `; ${updates('PPO', r.ppoUpdate)}; ${updates('T2DRL', r.t2drlUpdate)}`,
        );
      }),
    );
  addBridgeBench(bench);
  addStartupBench(bench);
}

/** One learner's update times of `bench learn`, as a phrase. */
function updates(name: string, u: { handSeconds: number; handTwoThreadsSeconds: number; autodiffSeconds: number; speedup: number; threadSpeedup: number }): string {
  return (
    `${name} update ${u.handSeconds.toFixed(2)} s on one thread, ${u.handTwoThreadsSeconds.toFixed(2)} s on two (${u.threadSpeedup.toFixed(2)}×; ` +
    `tfjs autodiff ${u.autodiffSeconds.toFixed(2)} s, ${u.speedup.toFixed(2)}× slower than one thread)`
  );
}
