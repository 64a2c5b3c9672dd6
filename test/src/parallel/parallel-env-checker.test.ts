import { strict as assert } from 'node:assert';
import type { ResetArgs } from '../../../src/core/env.ts';
import { EnvCheckError } from '../../../src/checker/check-error.ts';
import { Box } from '../../../src/spaces/box.ts';
import { checkParallelEnv } from '../../../src/parallel/parallel-env-checker.ts';
import { makeParallel } from '../../../src/parallel/parallel-registry.ts';
import type { ParallelResetResult, ParallelStepResult, PerAgent } from '../../../src/parallel/parallel-env.ts';
import { ParallelCounterEnv } from '../../fixtures/parallel-counter-env.ts';

const fails = (env: ParallelCounterEnv, pattern: RegExp) =>
  assert.throws(() => checkParallelEnv(env), (e: Error) => e instanceof EnvCheckError && pattern.test(e.message));

describe('src/parallel/parallel-env-checker', () => {
  it('passes the fixture env and plays its episode to the end (agents leaving one by one)', () => {
    const report = checkParallelEnv(makeParallel('test/ParallelCounter-v0'));
    assert.equal(report.steps, 4);
    assert.deepEqual(report.warnings, []);
    assert.equal(checkParallelEnv(new ParallelCounterEnv({ length: 9 }), { numCycles: 3 }).steps, 3);
  });

  it('refuses an env whose step accepts a missing agent', () => {
    class Lenient extends ParallelCounterEnv {
      override step(actions: PerAgent<number>): ParallelStepResult<Float32Array> {
        const full = { ...actions };
        for (const a of this.agents) full[a] ??= 0;
        return super.step(full);
      }
    }
    fails(new Lenient(), /accepted actions without live agent a/);
  });

  it('refuses an env that changes state before refusing a bad action', () => {
    class Leaky extends ParallelCounterEnv {
      override step(actions: PerAgent<number>): ParallelStepResult<Float32Array> {
        if (actions.a === undefined) (this as unknown as { t: number }).t += 1;
        return super.step(actions);
      }
    }
    fails(new Leaky(), /A refused step changed the state/);
  });

  it('refuses observations outside the space, naming the agent', () => {
    class Outside extends ParallelCounterEnv {
      override reset(args: ResetArgs = {}): ParallelResetResult<Float32Array> {
        const [obs, infos] = super.reset(args);
        obs.b = Float32Array.of(-5, 0);
        return [obs, infos];
      }
    }
    fails(new Outside(), /observation of agent b returned by `reset\(\)` is not in observationSpace\('b'\)/);
  });

  it('refuses unseeded randomness and spaces rebuilt per call', () => {
    class Unseeded extends ParallelCounterEnv {
      override reset(args: ResetArgs = {}): ParallelResetResult<Float32Array> {
        return super.reset({ ...args, seed: Math.floor(Math.random() * 1e9) });
      }
    }
    fails(new Unseeded(), /not deterministic/);
    class Fresh extends ParallelCounterEnv {
      override observationSpace(agent: string): Box<Float32Array> {
        super.observationSpace(agent);
        return new Box(0, 100, [2], 'float32') as Box<Float32Array>;
      }
    }
    fails(new Fresh(), /observationSpace\('a'\) must return the same space/);
  });

  it('refuses an agent that stays live after it ended, and records keyed by the wrong agents', () => {
    class Sticky extends ParallelCounterEnv {
      override step(actions: PerAgent<number>): ParallelStepResult<Float32Array> {
        const r = super.step(actions);
        if (r[2].c === true) this.agents.push('c');
        return r;
      }
    }
    fails(new Sticky(), /Agent c ended at `step\(\) #2` but is still in `agents`/);
    class Extra extends ParallelCounterEnv {
      override step(actions: PerAgent<number>): ParallelStepResult<Float32Array> {
        const r = super.step(actions);
        r[1].ghost = 0;
        return r;
      }
    }
    fails(new Extra(), /rewards returned by `step\(\) #1` must have one entry per live agent \(a, b, c\); it has a, b, c, ghost/);
  });
});
