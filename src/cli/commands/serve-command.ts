/**
 * `serve` and `bench bridge`: the remote bridge's server and its benchmark.
 * @module
 */
import type { Command } from 'commander';
import { SERVE_OPTIONS, serveCommand } from './serve-bridge.ts';
import { benchBridge } from '../../../benchmarks/bridge-bench.ts';
import { benchFairness } from '../../../benchmarks/bridge-fairness-bench.ts';
import { note, positiveNumber, printJson, runAction } from '../output.ts';

/** Adds `serve` to `program`. */
export function addServeCommand(program: Command): void {
  const cmd = program
    .command('serve')
    .description('serve the registered environments over WebSocket + MessagePack (see docs/protocol.md)');
  for (const o of SERVE_OPTIONS) {
    if (o.repeatable) cmd.option(o.flag, o.description, (v: string, prev: string[] | undefined) => [...(prev ?? []), v]);
    else cmd.option(o.flag, o.description, o.defaultValue);
  }
  cmd.action(
    runAction(async (opts: Record<string, unknown>) => {
      await serveCommand(opts, { print: note });
    }),
  );
}

/** Adds `bench bridge` to the `bench` command. */
export function addBridgeBench(bench: Command): void {
  bench
    .command('bridge')
    .description('bridge throughput: echo floor, lock-step, batched (64 and 256 envs), two connections on 1 and 2 session workers, one on the socket thread (workers 0), Python client')
    .option('--seconds <s>', 'seconds per measurement', positiveNumber('--seconds'), 3)
    .option('--json', 'print one JSON object on stdout')
    .option('--fairness', "only the fairness figure: a light client's p99 round trip while a heavy one makes the largest batch and pipelines steps (p99StallMs)")
    .option('--workers <n>', 'with --fairness: session worker threads of the server (0 = its accepting thread)', (v: string) => {
      if (!/^\d+$/.test(v.trim())) throw new Error(`--workers must be a non-negative integer; got '${v}'.`);
      return Number(v);
    })
    .action(
      runAction(async (opts: { seconds: number; json?: boolean; fairness?: boolean; workers?: number }) => {
        const r = opts.fairness ? await benchFairness({ seconds: opts.seconds, ...(opts.workers !== undefined ? { workers: opts.workers } : {}) }) : await benchBridge({ seconds: opts.seconds });
        if (opts.json) return printJson(r);
        const show = (k: string, v: number): void => note(`${k.padEnd(34)} ${v >= 100 ? Math.round(v).toLocaleString('en') : v.toFixed(1)}`);
        for (const [k, v] of Object.entries(r)) {
          if (typeof v === 'number') show(k, v);
          else if (k === 'workersBatchedEnvStepsPerSecond' || k === 'batchedReplyCodecMicros' || k === 'batchedCpuMicrosPerFrame') {
            for (const [k2, v2] of Object.entries(v as Record<string, number | Record<string, number>>)) {
              if (typeof v2 === 'number') show(`${k}.${k2}`, v2);
              else for (const [k3, v3] of Object.entries(v2)) show(`${k}.${k2}.${k3}`, v3);
            }
          }
        }
      }),
    );
}
