import { strict as assert } from 'node:assert';
import '../../envs/index.ts';
import { make, makeVec, listSpecs } from '../../src/registry/registry.ts';
import { SyncVectorEnv } from '../../src/vector/sync-vector-env.ts';
import type { VectorEnv } from '../../src/vector/vector-env.ts';
import { checkEnv } from '../../src/checker/env-checker.ts';
import { collectWarnings } from '../../src/core/logger.ts';
import { dataEquivalence } from '../../src/checker/data-equivalence.ts';
import type { Env } from '../../src/core/env.ts';
import { listParallelSpecs, makeParallel, parallelSpec } from '../../src/parallel/parallel-registry.ts';
import { parallelIdOfView, systemViewId } from '../../src/parallel/system-view.ts';
import { checkParallelEnv } from '../../src/parallel/parallel-env-checker.ts';

/**
 * The contract of every registered environment of the package, as Gymnasium's `tests/envs/test_envs.py`
 * runs it over its registry: the checker passes (warning only where the family accepts it by design), a whole episode of seeded random actions
 * passes the passive checker with no warning, and two environments reset with the same seed and fed the
 * same actions produce the same observations, rewards, flags and infos.
 */
const BUILTIN = listSpecs()
  .filter((s) => s.module !== null && s.module.endsWith('/envs/index.ts'))
  .map((s) => s.id);

/**
 * The checker's warnings an environment family accepts by design, by id prefix: EdgeLLM's observation
 * holds unbounded counts (queued requests), so its Box has an infinite upper bound (docs/model.md).
 */
const ACCEPTED_WARNINGS: Record<string, string[]> = {
  EdgeLLM: ['A Box observation space maximum value is infinity. This is probably too high.'],
};
const accepted = (id: string) => Object.entries(ACCEPTED_WARNINGS).find(([prefix]) => id.startsWith(prefix))?.[1] ?? [];

/** Steps of one episode with actions sampled from a seeded action space (at most `limit`). */
function rollout(env: Env<unknown, unknown>, seed: number, limit: number): unknown[] {
  env.actionSpace.seed(seed);
  const trace: unknown[] = [env.reset({ seed })];
  for (let t = 0; t < limit; t++) {
    const step = env.step(env.actionSpace.sample());
    trace.push(step);
    if (step[2] || step[3]) break;
  }
  return trace;
}

describe('envs/register: every registered environment', () => {
  it('registers the EdgeLLM and DDA market scenarios', () => {
    for (const id of ['EdgeLLM-v0', 'EdgeLLM-Shift-v0', 'EdgeLLM-Large-v0', 'DDAMarket-v0', 'DDAMarket-Uniform-v0']) assert.ok(BUILTIN.includes(id), id);
  });

  for (const id of BUILTIN) {
    describe(id, () => {
      it('passes checkEnv, with no warning but those its family accepts by design', () => {
        const env = make(id, {}, { disableEnvChecker: true });
        const unexpected = checkEnv(env.unwrapped).warnings.filter((w) => !accepted(id).includes(w));
        assert.deepEqual(unexpected, []);
      });

      it('runs a whole episode under the passive checker with no warning', () => {
        const env = make(id);
        const [trace, warnings] = collectWarnings(() => rollout(env, 7, 10_000));
        env.close();
        assert.deepEqual(warnings, []);
        const last = trace.at(-1) as [unknown, number, boolean, boolean, unknown];
        assert.ok(last[2] || last[3], 'the episode ends (terminated or truncated) within 10,000 steps');
        for (const step of trace.slice(1) as [unknown, number][]) assert.ok(Number.isFinite(step[1]));
      });

      it('is deterministic given the seed (and reset with the same seed replays the episode)', () => {
        const a = make(id);
        const b = make(id);
        const first = rollout(a, 123, 60);
        assert.ok(dataEquivalence(first, rollout(b, 123, 60), true), 'two envs, same seed');
        assert.ok(dataEquivalence(first, rollout(a, 123, 60), true), 'same env, reset with the seed again');
        a.close();
        b.close();
      });
    });
  }

  describe('ids with a vector entry point: makeVec gives it, and it steps as the generic SyncVectorEnv', () => {
    const batched = listSpecs().filter((s) => BUILTIN.includes(s.id) && s.vectorEntryPoint !== null);
    it('the EdgeLLM family has one', () => {
      assert.deepEqual(
        batched.map((s) => s.id),
        BUILTIN.filter((id) => id.startsWith('EdgeLLM') && parallelIdOfView(id) === null),
      );
    });
    for (const s of batched) {
      it(s.id, () => {
        const native = makeVec(s.id, 3, { kwargs: { horizon: 4 }, vectorKwargs: { autoresetMode: 'same-step' } });
        const sync = makeVec(s.id, 3, { kwargs: { horizon: 4 }, vectorKwargs: { autoresetMode: 'same-step' }, vectorizationMode: 'sync' });
        assert.ok(!(native instanceof SyncVectorEnv) && sync instanceof SyncVectorEnv);
        const copy = (r: unknown[]) => r.map((x) => (ArrayBuffer.isView(x) ? (x as Float32Array).slice() : Array.isArray(x) ? [...x] : x));
        const run = (v: VectorEnv<unknown, unknown>) => {
          v.actionSpace.seed(1);
          const out = [copy(v.reset({ seed: 5 }))];
          for (let t = 0; t < 10; t++) out.push(copy(v.step(v.actionSpace.sample())));
          return out;
        };
        assert.deepStrictEqual(run(native), run(sync));
      });
    }
  });
});

describe('envs/register: every registered parallel environment', () => {
  const PARALLEL = listParallelSpecs()
    .filter((s) => s.module !== null && s.module.endsWith('/envs/index.ts'))
    .map((s) => s.id);

  it('registers each multi-edge scenario with make too, as its system view', () => {
    for (const id of PARALLEL) {
      assert.ok(BUILTIN.includes(systemViewId(id)), systemViewId(id));
      assert.equal(parallelIdOfView(systemViewId(id)), id);
    }
  });

  it('registers the multi-edge scenarios, with their schema and a cost', () => {
    assert.deepEqual(PARALLEL, ['EdgeLLMMulti-AzureConv-v0', 'EdgeLLMMulti-Large-v0', 'EdgeLLMMulti-NoMarket-v0', 'EdgeLLMMulti-v0']);
    assert.equal(parallelSpec('EdgeLLMMulti-v0').cost({}), 1.6);
    assert.equal(parallelSpec('EdgeLLMMulti-Large-v0').cost({}), 2 * (4 + 4 + 5 + 5 + 5 + 5 + 6 + 6) / 20);
    assert.ok(parallelSpec('EdgeLLMMulti-v0').configSchema !== null);
  });

  for (const id of PARALLEL) {
    it(`${id}: checkParallelEnv passes without warnings over a whole episode`, () => {
      const report = checkParallelEnv(makeParallel(id), { numCycles: 1000 });
      assert.deepEqual(report.warnings, []);
      assert.equal(report.steps, 100);
    });
  }
});
