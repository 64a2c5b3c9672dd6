import assert from 'node:assert/strict';
import '../../../envs/index.ts';
import { EdgeLLMMultiVectorEnv } from '../../../envs/edge-llm-multi/edge-llm-multi-vector-env.ts';
import { EDGE_LLM_MULTI_SCENARIOS } from '../../../envs/edge-llm-multi/scenarios.ts';
import { DEFAULT_MARKET_OPTIONS, type EdgeLLMMultiConfig } from '../../../envs/edge-llm-multi/config.ts';
import { AgentVectorEnv } from '../../../src/parallel/agent-vector-env.ts';
import { makeParallel } from '../../../src/parallel/parallel-registry.ts';
import { ClosedEnvironment, InvalidAction, InvalidArgument, ResetNeeded } from '../../../src/core/errors.ts';
import { Generator } from '../../../src/random/generator.ts';
import { createEmptyArray } from '../../../src/vector/batch.ts';
import type { VectorInfo } from '../../../src/vector/vector-info.ts';

const K = 3;
const HORIZON = 6;

/** Kwargs of a registered id with a short horizon (every server's), keeping the scenario's `common`. */
function shortKwargs(id: string, extra: Partial<EdgeLLMMultiConfig> = {}): Record<string, unknown> {
  const config = EDGE_LLM_MULTI_SCENARIOS[id]!.config;
  return { ...config, ...extra, common: { ...(config.common ?? {}), ...(extra.common ?? {}), horizon: HORIZON } };
}

/** A random padded action batch: cache bits, local fractions partly outside [0, 1] (the cut clips them). */
function randomBatch(envs: EdgeLLMMultiVectorEnv, rng: Generator, box: boolean): unknown {
  const batch = createEmptyArray(envs.singleActionSpace, envs.numEnvs);
  if (box) {
    const x = batch as Float32Array;
    for (let j = 0; j < x.length; j++) x[j] = rng.uniform(-1.2, 1.2);
    return x;
  }
  const { cache, local } = batch as { cache: Int8Array; local: Float32Array };
  for (let j = 0; j < cache.length; j++) {
    cache[j] = rng.random() < 0.5 ? 1 : 0;
    local[j] = rng.uniform(-0.1, 1.1);
  }
  return batch;
}

/** Units traded in a step's infos (every server of a system shares the system summary). */
function unitsTraded(infos: VectorInfo): number {
  const system = infos.system as { units?: Float64Array } | undefined;
  let s = 0;
  if (system?.units !== undefined) for (const u of system.units) s += u;
  return s;
}

const CASES: { name: string; id: string; extra?: Partial<EdgeLLMMultiConfig> }[] = [
  ...Object.keys(EDGE_LLM_MULTI_SCENARIOS).map((id) => ({ name: id, id })),
  { name: 'EdgeLLMMulti-v0, cooperative rewards', id: 'EdgeLLMMulti-v0', extra: { reward: 'cooperative' } },
  { name: 'EdgeLLMMulti-v0, clock clearing', id: 'EdgeLLMMulti-v0', extra: { marketOptions: { utility: 1, extraPaths: 5, congestion: 1, tiers: 4, clearing: 'clock', clockStep: 0.05 } } },
  { name: 'EdgeLLMMulti-v0, box actions', id: 'EdgeLLMMulti-v0', extra: { common: { actionFormat: 'box' } } },
];

describe('envs/edge-llm-multi/edge-llm-multi-vector-env', () => {
  for (const c of CASES) {
    it(`${c.name}: the same observations, rewards, flags and infos as AgentVectorEnv over ${K} EdgeLLMMultiEnv copies, across episode ends`, () => {
      const kwargs = shortKwargs(c.id, c.extra);
      const fast = new EdgeLLMMultiVectorEnv(K, kwargs as Partial<EdgeLLMMultiConfig>);
      const slow = new AgentVectorEnv(Array.from({ length: K }, () => () => makeParallel(c.id, structuredClone(kwargs))));
      assert.ok(fast.singleObservationSpace.equals(slow.singleObservationSpace));
      assert.ok(fast.singleActionSpace.equals(slow.singleActionSpace));
      assert.equal(fast.numEnvs, slow.numEnvs);
      const S = fast.numAgents;
      const box = c.extra?.common?.actionFormat === 'box';
      const seeds = Array.from({ length: K * S }, (_, e) => 100 + 7 * e);
      const [o1, i1] = fast.reset({ seed: seeds });
      const [o2, i2] = slow.reset({ seed: seeds });
      assert.deepStrictEqual(Array.from(o1), Array.from(o2));
      assert.deepStrictEqual(i1, i2);
      const rng = new Generator(5);
      let ends = 0;
      let traded = 0;
      const steps = 3 * HORIZON + 2;
      for (let t = 0; t < steps; t++) {
        if (t === HORIZON + 2) {
          // a seeded reset in the middle of an episode, with one seed for all (and the eval split of a trace)
          const trace = (kwargs.common as { workload?: { kind: string } }).workload?.kind === 'trace';
          const args = { seed: 9, ...(trace ? { options: { split: 'eval' } } : {}) };
          const [a, ai] = fast.reset(args);
          const [b, bi] = slow.reset(args);
          assert.deepStrictEqual(Array.from(a), Array.from(b));
          assert.deepStrictEqual(ai, bi);
        }
        const batch = randomBatch(fast, rng, box);
        const [fo, fr, fte, ftr, fi] = fast.step(batch);
        const [so, sr, ste, str, si] = slow.step(batch);
        assert.deepStrictEqual(Array.from(fo), Array.from(so), `observations at step ${t}`);
        assert.deepStrictEqual(Array.from(fr), Array.from(sr), `rewards at step ${t}`);
        assert.deepStrictEqual(fte, ste);
        assert.deepStrictEqual(ftr, str);
        assert.deepStrictEqual(fi, si, `infos at step ${t}`);
        if (ftr[0]) ends++;
        traded += unitsTraded(si.final_info === undefined ? si : (si.final_info as VectorInfo));
      }
      assert.equal(ends, 3, 'episodes ended (and were reset in the same step) three times');
      if (EDGE_LLM_MULTI_SCENARIOS[c.id]!.config.market !== false) assert.ok(traded > 0, 'the market traded paths in the run');
      fast.close();
      slow.close();
    });
  }

  for (const clearing of ['sealed', 'clock'] as const) {
    it(`without infos (the lean market, ${clearing} clearing) gives the same observations, rewards and flags in buffers it reuses, and one frozen empty info`, () => {
      const kwargs = shortKwargs('EdgeLLMMulti-v0', { marketOptions: { ...DEFAULT_MARKET_OPTIONS, clearing } });
      const fast = new EdgeLLMMultiVectorEnv(K, kwargs, { infos: false });
      const ref = new EdgeLLMMultiVectorEnv(K, kwargs);
      const [o1, i1] = fast.reset({ seed: 3 });
      ref.reset({ seed: 3 });
      assert.ok(Object.isFrozen(i1) && Object.keys(i1).length === 0);
      const rng = new Generator(1);
      let last: unknown[] | null = null;
      let traded = 0;
      for (let t = 0; t < 4 * HORIZON + 1; t++) {
        const batch = randomBatch(fast, rng, false);
        const r = fast.step(batch);
        const [ro, rr, , rtr, ri] = ref.step(batch);
        assert.equal(r[0], o1, 'the observation buffer of reset is reused');
        if (last !== null) for (let j = 0; j < 4; j++) assert.equal(r[j], last[j]);
        last = [...r];
        assert.deepStrictEqual(Array.from(r[0]), Array.from(ro), `observations at step ${t}`);
        assert.deepStrictEqual(Array.from(r[1]), Array.from(rr), `rewards at step ${t}`);
        assert.deepStrictEqual(r[3], rtr);
        assert.equal(r[4], i1);
        traded += unitsTraded(ri.final_info === undefined ? ri : (ri.final_info as VectorInfo));
      }
      assert.ok(traded > 0, 'the market traded paths in the run');
    });
  }

  it('checks every action before any system steps, naming the system, server and entry', () => {
    const kwargs = shortKwargs('EdgeLLMMulti-v0');
    const envs = new EdgeLLMMultiVectorEnv(2, kwargs);
    const twin = new EdgeLLMMultiVectorEnv(2, kwargs);
    envs.reset({ seed: 4 });
    twin.reset({ seed: 4 });
    const rng = new Generator(2);
    const bad = randomBatch(envs, rng, false) as { cache: Int8Array; local: Float32Array };
    const W = bad.cache.length / envs.numEnvs;
    bad.cache[6 * W + 1] = 2; // system 1, server es2
    assert.throws(
      () => envs.step(bad),
      (e: unknown) => e instanceof InvalidAction && /Copy 1 \(sub-environments 4–7\): Agent es2/.test(e.message) && /actions\.es2\.cache/.test(e.message) && /No server was stepped/.test(e.message),
    );
    bad.cache[6 * W + 1] = 1;
    bad.local[W] = Number.NaN; // system 0, server es1
    assert.throws(() => envs.step(bad), (e: unknown) => e instanceof InvalidAction && /Copy 0 .*Agent es1/.test(e.message));
    bad.local[W] = 0.5;
    // nothing moved: the next step is the twin's first
    const [o, r] = envs.step(bad);
    const [to, tr] = twin.step(bad);
    assert.deepStrictEqual(Array.from(o), Array.from(to));
    assert.deepStrictEqual(Array.from(r), Array.from(tr));
    // plain lists are accepted as the batched space converts them
    const lists = { cache: Array.from(bad.cache), local: Array.from(bad.local) };
    assert.deepStrictEqual(Array.from(envs.step(lists)[1]), Array.from(twin.step(bad)[1]));
  });

  it('refuses a step before reset, reset masks, wrong seed counts, other autoreset modes, and use after close', () => {
    const envs = new EdgeLLMMultiVectorEnv(2, shortKwargs('EdgeLLMMulti-NoMarket-v0'));
    assert.throws(() => envs.step(envs.actionSpace.sample()), ResetNeeded);
    assert.throws(() => envs.reset({ options: { reset_mask: [true, false, false, false, false, false, false, false] } }), InvalidArgument);
    assert.throws(() => envs.reset({ seed: [1, 2, 3] }), (e: unknown) => e instanceof RangeError && /numEnvs=8/.test(e.message));
    assert.throws(() => new EdgeLLMMultiVectorEnv(2, {}, { autoresetMode: 'next-step' as 'same-step' }), InvalidArgument);
    assert.throws(() => new EdgeLLMMultiVectorEnv(0), InvalidArgument);
    envs.close();
    assert.ok(envs.closed);
    assert.throws(() => envs.reset({ seed: 1 }), ClosedEnvironment);
  });
});
