/**
 * `BridgeBench/Constant-v0`: an environment with EdgeLLM-v0's spaces (an 81-float observation, a Dict
 * action of 20 bits and 20 floats) whose step costs almost nothing. The bridge benchmark uses it to
 * measure what the bridge itself can carry, separately from the cost of the EdgeLLM simulation.
 * @module
 */
import { Env, type Info, type ResetArgs, type StepResult } from '../src/core/env.ts';
import { Box } from '../src/spaces/box.ts';
import { Dict } from '../src/spaces/dict.ts';
import { MultiBinary } from '../src/spaces/multi-binary.ts';
import type { Space } from '../src/spaces/space.ts';
import { register, registry } from '../src/registry/registry.ts';
import { BENCH_ENV_ID } from './bridge-bench-env-id.ts';

export { BENCH_ENV_ID };


/** Observation of fixed content; reward 0; truncates after 100 steps; info `{ t }`. */
export class ConstantEnv extends Env<Float32Array, { cache: Int8Array; local: Float32Array }> {
  readonly observationSpace = new Box(0, Infinity, [81], 'float32') as Box<Float32Array>;
  readonly actionSpace = new Dict({ cache: new MultiBinary(20), local: new Box(0, 1, [20], 'float32') }) as unknown as Space<{
    cache: Int8Array;
    local: Float32Array;
  }>;
  private t = 0;

  override reset(args: ResetArgs = {}): [Float32Array, Info] {
    super.reset(args);
    this.t = 0;
    return [new Float32Array(81).fill(0.5), { t: 0 }];
  }

  step(_action: { cache: Int8Array; local: Float32Array }): StepResult<Float32Array> {
    this.t++;
    return [new Float32Array(81).fill(0.5), 0, false, this.t >= 100, { t: this.t }];
  }
}

/** Registers the benchmark env (once). */
export function registerBenchEnv(): void {
  if (!registry.has(BENCH_ENV_ID)) {
    register({ id: BENCH_ENV_ID, entryPoint: () => new ConstantEnv(), description: 'Bridge benchmark: EdgeLLM-v0 spaces, no-cost step.' });
  }
}

registerBenchEnv();
