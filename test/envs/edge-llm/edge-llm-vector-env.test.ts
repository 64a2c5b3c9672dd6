import { strict as assert } from 'node:assert';
import { EdgeLLMVectorEnv, type EdgeLLMVectorEnvOptions } from '../../../envs/edge-llm/edge-llm-vector-env.ts';
import { EDGE_LLM_SCENARIOS } from '../../../envs/edge-llm/scenarios.ts';
import { ClosedEnvironment, InvalidAction, InvalidArgument, ResetNeeded } from '../../../src/core/errors.ts';
import { make } from '../../../src/registry/registry.ts';
import { SyncVectorEnv } from '../../../src/vector/sync-vector-env.ts';
import type { AutoresetMode } from '../../../src/vector/autoreset-mode.ts';
import type { VectorResetArgs } from '../../../src/vector/vector-env.ts';
import '../../../envs/index.ts';

const MODES: AutoresetMode[] = ['next-step', 'same-step', 'disabled'];

/** What a step or reset returned, copied (the batch-native env reuses its buffers). */
function snapshot(r: unknown[]): unknown[] {
  return r.map((x) => (ArrayBuffer.isView(x) ? (x as Float32Array).slice() : Array.isArray(x) ? [...(x as unknown[])] : x));
}

/**
 * Drives a SyncVectorEnv over `make(id)` and the batch-native env with the same seeds and random actions
 * (many episodes, partial resets that put the sub-envs out of step) and checks every result is identical.
 */
function compare(id: string, n: number, steps: number, kwargs: Record<string, unknown>, opts: EdgeLLMVectorEnvOptions & { autoresetMode: AutoresetMode }, seed: number): number {
  const max = opts.maxEpisodeSteps ?? null;
  const sync = new SyncVectorEnv(
    Array.from({ length: n }, () => () => make(id, kwargs, max === null ? {} : { maxEpisodeSteps: max })),
    { autoresetMode: opts.autoresetMode },
  );
  const native = new EdgeLLMVectorEnv(n, { ...(EDGE_LLM_SCENARIOS[id]!.config as object), ...kwargs }, opts);
  assert.ok(native.actionSpace.equals(sync.actionSpace));
  assert.ok(native.observationSpace.equals(sync.observationSpace));
  sync.actionSpace.seed(seed);
  try {
    return run(id, sync, native, opts, seed, steps);
  } finally {
    native.close();
  }
}

function run(id: string, sync: SyncVectorEnv, native: EdgeLLMVectorEnv, opts: { autoresetMode: AutoresetMode }, seed: number, steps: number): number {
  const both = (f: (v: SyncVectorEnv | EdgeLLMVectorEnv) => unknown[], what: string) => {
    const a = snapshot(f(sync));
    const b = snapshot(f(native));
    assert.deepStrictEqual(b, a, `${id} ${opts.autoresetMode}: ${what}`);
    return a;
  };
  both((v) => v.reset({ seed }), 'first reset');
  let ended = 0;
  for (let t = 0; t < steps; t++) {
    const action = sync.actionSpace.sample();
    const r = both((v) => v.step(action), `step ${t}`);
    const flags = (r[3] as boolean[]).map((x, i) => x || (r[2] as boolean[])[i]!);
    ended += flags.filter(Boolean).length;
    // put some sub-envs out of step with the others (and reset the ended ones when autoreset is disabled)
    const mask = flags.map((f, i) => (opts.autoresetMode === 'disabled' && f) || (t % 5 === 2 && i % 3 === t % 3));
    if (mask.some(Boolean)) {
      const args: VectorResetArgs = { options: { reset_mask: mask } };
      if (t % 4 === 1) args.seed = mask.map((m, i) => (m ? seed + 100 * t + i : undefined));
      both((v) => v.reset(args), `reset after step ${t}`);
    }
  }
  return ended;
}

describe('envs/edge-llm/edge-llm-vector-env', () => {
  describe('gives the trajectories of a SyncVectorEnv over make(id), bit for bit', () => {
    for (const id of Object.keys(EDGE_LLM_SCENARIOS)) {
      for (const mode of MODES) {
        it(`${id}, autoreset ${mode}`, () => {
          const ended = compare(id, 5, 60, { horizon: 9 }, { autoresetMode: mode }, 11);
          assert.ok(ended >= 12, `episodes must end during the run (${ended} ended)`);
        });
      }
    }
    it('EdgeLLM-v0 over its default horizon (100 slots), next-step and same-step', () => {
      compare('EdgeLLM-v0', 3, 230, {}, { autoresetMode: 'next-step' }, 4);
      compare('EdgeLLM-v0', 3, 230, {}, { autoresetMode: 'same-step' }, 5);
    });
    it('the box action format (cache scores and local values in [-1, 1]), every mode', () => {
      for (const mode of MODES) {
        compare('EdgeLLM-Shift-v0', 4, 40, { horizon: 7, actionFormat: 'box' }, { autoresetMode: mode }, 3);
        compare('EdgeLLM-AzureCode-v0', 4, 40, { horizon: 7, actionFormat: 'box' }, { autoresetMode: mode }, 8);
      }
    });
    it('a time limit shorter than the horizon (maxEpisodeSteps, as the TimeLimit wrapper of make)', () => {
      for (const mode of MODES) {
        const ended = compare('EdgeLLM-Rotate-v0', 4, 40, { horizon: 20 }, { autoresetMode: mode, maxEpisodeSteps: 6 }, 2);
        assert.ok(ended >= 16);
      }
    });
    it('split over worker threads (workers: 3, shards of 3, 2 and 2), every mode, infos and final infos included', () => {
      for (const mode of MODES) {
        const ended = compare('EdgeLLM-Shift-v0', 7, 40, { horizon: 6 }, { autoresetMode: mode, workers: 3 }, 21);
        assert.ok(ended >= 30, `episodes must end during the run (${ended} ended)`);
      }
    });
    it('split over worker threads: trace workloads (trace windows in the reset infos), the box format, a time limit', () => {
      compare('EdgeLLM-AzureConv-v0', 5, 30, { horizon: 6 }, { autoresetMode: 'same-step', workers: 2 }, 10);
      compare('EdgeLLM-Rotate-v0', 5, 30, { horizon: 9, actionFormat: 'box' }, { autoresetMode: 'next-step', workers: 2, maxEpisodeSteps: 4 }, 12);
    });
    it('projects infeasible actions as the single env does (memory and energy bound slots occur)', () => {
      const venv = new EdgeLLMVectorEnv(8, { gpus: 2, horizon: 5 });
      venv.reset({ seed: 1 });
      const n = 8 * venv.core.P;
      const action = { cache: new Int8Array(n).fill(1), local: new Float32Array(n).fill(1) };
      const infos = venv.step(action)[4] as { memoryBound: boolean[]; energyBound: boolean[]; applied: { cache: Int8Array } };
      assert.ok(infos.memoryBound.every(Boolean));
      assert.ok(infos.applied.cache.some((c) => c === 0), 'some wanted pairs are left out');
      compare('EdgeLLM-v0', 4, 30, { gpus: 2, horizon: 6 }, { autoresetMode: 'same-step' }, 9);
    });
  });

  it('infos: false returns empty infos and the same observations and rewards', () => {
    const a = new EdgeLLMVectorEnv(4, { horizon: 5 }, { autoresetMode: 'same-step' });
    const b = new EdgeLLMVectorEnv(4, { horizon: 5 }, { autoresetMode: 'same-step', infos: false });
    a.actionSpace.seed(3);
    assert.deepStrictEqual(b.reset({ seed: 2 })[1], {});
    a.reset({ seed: 2 });
    for (let t = 0; t < 12; t++) {
      const action = a.actionSpace.sample();
      const ra = snapshot(a.step(action));
      const rb = snapshot(b.step(action));
      assert.deepStrictEqual(rb.slice(0, 4), ra.slice(0, 4));
      assert.deepStrictEqual(rb[4], {});
    }
  });

  it('infos are fresh: arrays kept from one step are not overwritten by the steps after it (one thread and two)', () => {
    for (const workers of [1, 2]) {
      // 64 envs: about 15 KB of infos per step, so the 300 steps below use several 256 KB chunks
      const venv = new EdgeLLMVectorEnv(64, { horizon: 5 }, { autoresetMode: 'same-step', workers });
      venv.reset({ seed: 3 });
      const kept = venv.step(venv.actionSpace.sample())[4] as { costs: { total: Float64Array }; applied: { cache: Int8Array; local: Float32Array } };
      const copy = { total: kept.costs.total.slice(), cache: kept.applied.cache.slice(), local: kept.applied.local.slice() };
      // enough steps to fill more than one of the chunks infos are carved from
      for (let t = 0; t < 300; t++) venv.step(venv.actionSpace.sample());
      assert.deepStrictEqual({ total: kept.costs.total, cache: kept.applied.cache, local: kept.applied.local }, copy);
      assert.ok(copy.total.some((x) => x > 0));
      venv.close();
    }
  });

  it('returns its own buffers: the same observation array every step, overwritten in place', () => {
    const venv = new EdgeLLMVectorEnv(2);
    const [obs] = venv.reset({ seed: 0 });
    const before = obs.slice();
    const [next, rewards] = venv.step(venv.actionSpace.sample());
    assert.equal(next, obs);
    assert.equal(venv.step(venv.actionSpace.sample())[1], rewards);
    assert.notDeepEqual(next, before);
  });

  it('accepts plain (nested) lists as actions', () => {
    const a = new EdgeLLMVectorEnv(2, { agents: 2 });
    const b = new EdgeLLMVectorEnv(2, { agents: 2 });
    a.reset({ seed: 5 });
    b.reset({ seed: 5 });
    const typed = { cache: Int8Array.of(1, 0, 0, 1, 1, 1, 0, 0), local: Float32Array.of(0.5, 0, 0, 1, 1, 0.25, 0, 0) };
    const lists = { cache: [[1, 0, 0, 1], [1, 1, 0, 0]], local: [[0.5, 0, 0, 1], [1, 0.25, 0, 0]] };
    assert.deepStrictEqual(snapshot(b.step(lists)), snapshot(a.step(typed)));
  });

  it('rejects a malformed action naming the sub-env and entry, before any sub-env steps', () => {
    const venv = new EdgeLLMVectorEnv(3, { agents: 2 });
    const [obs] = venv.reset({ seed: 0 });
    const before = obs.slice();
    const local = new Float32Array(12).fill(0.5);
    local[9] = 1.5;
    assert.throws(() => venv.step({ cache: new Int8Array(12), local }), (e: Error) => e instanceof InvalidAction && /actions\[2\]\.local\[1\] must be within \[0, 1\]; got 1\.5/.test(e.message));
    assert.throws(() => venv.step({ cache: new Int8Array(12), local: new Float32Array(11) }), InvalidAction);
    assert.throws(() => venv.step({ cache: new Int8Array(12), local: new Float32Array(12), extra: 1 }), /extra is not a key/);
    assert.deepStrictEqual(venv.reset({ seed: 0 })[0], before);
  });

  it('stepIfValid: steps a valid batch of typed arrays as step does, and refuses anything else without stepping', () => {
    const a = new EdgeLLMVectorEnv(3, { agents: 2, horizon: 2 });
    const b = new EdgeLLMVectorEnv(3, { agents: 2, horizon: 2 });
    a.reset({ seed: 4 });
    b.reset({ seed: 4 });
    const ok = { cache: new Int8Array(12).fill(1), local: new Float32Array(12).fill(0.5) };
    for (let t = 0; t < 5; t++) assert.deepStrictEqual(snapshot(b.stepIfValid(ok)!), snapshot(a.step(ok)), `step ${t}`);
    const bad = { cache: new Int8Array(12), local: new Float32Array(12).fill(2) };
    for (const x of [bad, { cache: [0, 1], local: [0.5] }, { cache: new Int8Array(11), local: new Float32Array(12) }, { ...ok, extra: 1 }, null]) {
      assert.equal(b.stepIfValid(x), null);
    }
    assert.deepStrictEqual(snapshot(b.stepIfValid(ok)!), snapshot(a.step(ok)), 'the refusals stepped nothing');
    // every sub-env reached the horizon: the next step resets them all and step ignores their rows, stepIfValid does not
    for (let steps = 0; ; steps++) {
      assert.ok(steps < 3, 'the horizon ends every episode within 3 steps');
      const truncated = a.step(ok)[3].every(Boolean);
      assert.equal(b.stepIfValid(ok)![3].every(Boolean), truncated);
      if (truncated) break;
    }
    assert.equal(b.stepIfValid(bad), null);
    assert.doesNotThrow(() => a.step(bad));
    const fresh = new EdgeLLMVectorEnv(1, { agents: 2 });
    assert.equal(fresh.stepIfValid({ cache: new Int8Array(4), local: new Float32Array(4).fill(3) }), null, 'an invalid batch is refused before the order check');
    assert.throws(() => fresh.stepIfValid({ cache: new Int8Array(4), local: new Float32Array(4) }), ResetNeeded);
    for (const v of [a, b, fresh]) v.close();
  });

  it('split over worker threads: a malformed row in a worker thread’s shard is refused naming it, and no sub-env steps', async () => {
    const venv = new EdgeLLMVectorEnv(4, { agents: 2, horizon: 5 }, { workers: 2 });
    const reference = new EdgeLLMVectorEnv(4, { agents: 2, horizon: 5 });
    try {
      await venv.ready();
      const P = venv.core.P;
      const good = { cache: new Int8Array(4 * P).fill(1), local: new Float32Array(4 * P).fill(0.5) };
      venv.reset({ seed: 3 });
      reference.reset({ seed: 3 });
      // sub-environment 3 is stepped by the worker thread (shards 0–1 and 2–3)
      const local = good.local.slice();
      local[3 * P + 1] = 1.5;
      assert.throws(
        () => venv.step({ cache: good.cache, local }),
        (e: Error) => e instanceof InvalidAction && /actions\[3\]\.local\[1\] must be within \[0, 1\]; got 1\.5/.test(e.message),
      );
      const cache = good.cache.slice();
      cache[2 * P] = 2;
      assert.throws(() => venv.step({ cache, local: good.local }), (e: Error) => e instanceof InvalidAction && /actions\[2\]\.cache\[0\]/.test(e.message));
      const box = new EdgeLLMVectorEnv(4, { agents: 2, actionFormat: 'box' }, { workers: 2 });
      box.reset({ seed: 0 });
      const x = new Float32Array(4 * 2 * P);
      x[3 * 2 * P + P] = -1.25;
      assert.throws(() => box.step(x), (e: Error) => e instanceof InvalidAction && /actions\[3\]\[4\] must be within \[-1, 1\]/.test(e.message));
      box.close();
      // neither shard stepped: the next steps are those of an env that never saw the refused actions
      for (let t = 0; t < 7; t++) assert.deepStrictEqual(snapshot(venv.step(good)), snapshot(reference.step(good)), `step ${t}`);
      assert.ok(!venv.closed, 'a refused action does not close the vector env');
    } finally {
      venv.close();
    }
  });

  it('stages actions of every element type exactly (the same steps from Float64, Uint8, Int32 … arrays), on one thread and split', () => {
    for (const workers of [1, 2]) {
      for (const actionFormat of ['dict', 'box'] as const) {
        const make = () => new EdgeLLMVectorEnv(5, { horizon: 4, actionFormat }, { workers, autoresetMode: 'same-step' });
        const a = make();
        const b = make();
        a.actionSpace.seed(7);
        a.reset({ seed: 1 });
        b.reset({ seed: 1 });
        const kinds = [Float64Array, Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array];
        for (let t = 0; t < 12; t++) {
          const action = a.actionSpace.sample() as { cache: Int8Array; local: Float32Array } | Float32Array;
          let other: unknown;
          if (action instanceof Float32Array) other = Float64Array.from(action);
          else other = { cache: kinds[t % kinds.length]!.from(action.cache), local: Float64Array.from(action.local) };
          assert.deepStrictEqual(snapshot(b.step(other)), snapshot(a.step(action)), `${actionFormat}, ${workers} thread(s), step ${t}`);
        }
        a.close();
        b.close();
      }
    }
  });

  it('refuses to step before reset, after close, and in disabled mode with an ended sub-env not reset', () => {
    const venv = new EdgeLLMVectorEnv(2, { horizon: 2 }, { autoresetMode: 'disabled' });
    assert.throws(() => venv.step(venv.actionSpace.sample()), (e: Error) => e instanceof ResetNeeded && /sub-environment\(s\) 0, 1 were never reset/.test(e.message));
    venv.reset({ seed: 0, options: { reset_mask: [true, false] } });
    assert.throws(() => venv.step(venv.actionSpace.sample()), /sub-environment\(s\) 1 were never reset/);
    venv.reset({ seed: 0 });
    venv.step(venv.actionSpace.sample());
    assert.deepStrictEqual(venv.step(venv.actionSpace.sample())[3], [true, true]);
    assert.throws(() => venv.step(venv.actionSpace.sample()), /Sub-environment\(s\) 0, 1 ended their episode and autoresetMode is 'disabled'/);
    venv.close();
    assert.throws(() => venv.reset(), ClosedEnvironment);
  });

  it('checks its arguments and reset options as EdgeLLMEnv does', () => {
    assert.throws(() => new EdgeLLMVectorEnv(0), /numEnvs must be a positive integer; got 0/);
    assert.throws(() => new EdgeLLMVectorEnv(2, {}, { maxEpisodeSteps: 0 }), /maxEpisodeSteps must be a positive integer or null; got 0/);
    assert.throws(() => new EdgeLLMVectorEnv(2, { agents: 0 }), /config\.agents/);
    for (const workers of [-1, 1.5, 65]) {
      assert.throws(() => new EdgeLLMVectorEnv(2, {}, { workers }), (e: Error) => e instanceof InvalidArgument && /workers must be an integer from 0 to 64 .*; got /.test(e.message));
    }
    assert.equal(new EdgeLLMVectorEnv(2, {}, { workers: 0 }).workers, 1);
    assert.equal(new EdgeLLMVectorEnv(1, {}, { workers: 4 }).workers, 1, "no more threads than sub-environments");
    const venv = new EdgeLLMVectorEnv(2);
    assert.throws(() => venv.reset({ options: { split: 'eval' } }), (e: Error) => e instanceof InvalidArgument && /no options \(split is for trace workloads\); remove 'split'/.test(e.message));
    assert.throws(() => venv.reset({ seed: -1 }), /seed must be a non-negative integer/);
  });

  it('trace workloads take the split option and choose the evaluation part from seeds ≥ 10000, as EdgeLLMEnv', () => {
    const venv = new EdgeLLMVectorEnv(2, EDGE_LLM_SCENARIOS['EdgeLLM-AzureConv-v0']!.config);
    const infos = venv.reset({ seed: [5, 10000] })[1] as { traceWindow: { split: string[] } };
    assert.deepStrictEqual(infos.traceWindow.split, ['train', 'eval']);
    const forced = venv.reset({ options: { split: 'eval' } })[1] as { traceWindow: { split: string[] } };
    assert.deepStrictEqual(forced.traceWindow.split, ['eval', 'eval']);
  });

  it('renders each sub-env as EdgeLLMEnv renders it (ansi), null without a render mode', () => {
    const venv = new EdgeLLMVectorEnv(2, { renderMode: 'ansi', horizon: 4 });
    const single = make('EdgeLLM-v0', { renderMode: 'ansi', horizon: 4 });
    venv.reset({ seed: [7, 8] });
    single.reset({ seed: 8 });
    const action = venv.actionSpace.sample() as { cache: Int8Array; local: Float32Array };
    venv.step(action);
    single.step({ cache: action.cache.subarray(20, 40), local: action.local.subarray(20, 40) });
    const frames = venv.render();
    assert.equal(frames[1], single.render());
    assert.match(frames[0]!, /^slot 1\/4/);
    assert.deepStrictEqual(new EdgeLLMVectorEnv(2).render(), [null, null]);
  });
});
