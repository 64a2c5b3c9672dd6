import { strict as assert } from 'node:assert';
import { EdgeLLMEnv, type EdgeLLMStepInfo } from '../../../envs/edge-llm/edge-llm-env.ts';
import type { EdgeLLMConfig } from '../../../envs/edge-llm/config.ts';
import { InvalidAction, ResetNeeded, InvalidArgument } from '../../../src/core/errors.ts';
import { checkEnv } from '../../../src/checker/env-checker.ts';
import { make } from '../../../src/registry/registry.ts';
import '../../../envs/index.ts';

/** One agent, one model: every cost term can be computed by hand. */
const TINY: Partial<EdgeLLMConfig> = {
  agents: 1,
  models: [{ name: 'm', paramsB: 100, bytesPerParam: 1, contextWindow: 1000, accuracyModel: 'lamda-137b' }],
  gpus: 2, // 160 GB, 150 J per slot, 6.24e14 FLOP/s
  paths: 2,
  thoughtTokens: 10,
  promptTokens: [100],
  tasks: ['GSM8K'], // α = 0.17
  rates: 3,
  horizon: 6,
  vanishing: 1,
};

const requestsOf = (obs: Float32Array, env: EdgeLLMEnv, p = 0) => Math.round(obs[4 * p + 1]! * env.config.requestScale);
const cache1 = { cache: Int8Array.of(1), local: Float32Array.of(1) };

describe('envs/edge-llm/edge-llm-env', () => {
  it('lastSlotServed and lastSlotKappa: per pair, the edge-served requests and the κ the accuracy cost used', () => {
    const env = new EdgeLLMEnv({ agents: 3 });
    env.reset({ seed: 4 });
    env.actionSpace.seed(4);
    for (let t = 0; t < 5; t++) {
      const [, , , , info] = env.step(env.actionSpace.sample()) as [unknown, number, boolean, boolean, EdgeLLMStepInfo];
      const served = Array.from(env.lastSlotServed);
      const total = served.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(total - info.edgeShare * info.requests) < 1e-9);
      let accuracy = 0;
      served.forEach((s, p) => {
        if (info.applied.cache[p] === 0) assert.deepEqual([s, env.lastSlotKappa[p]], [0, 0]);
        const c = env.config;
        accuracy += (c.accuracyCost * (1 - c.alpha[p]!) * s) / c.logInvBeta / Math.max(env.lastSlotKappa[p]!, 1);
      });
      assert.ok(Math.abs(accuracy - info.costs.accuracy) < 1e-9);
    }
    env.reset({ seed: 4 });
    assert.deepEqual(Array.from(env.lastSlotServed), [0, 0, 0, 0, 0, 0]);
  });

  it('computes every cost term of a slot as docs/model.md#one-slot says (tiny config, by hand)', () => {
    const env = new EdgeLLMEnv(TINY);
    let [obs] = env.reset({ seed: 3 });
    let kappa = 0;
    let K = 0;
    let cachedBefore = 0;
    let checked = 0;
    for (let t = 0; t < 6; t++) {
      const R = requestsOf(obs, env);
      const local = t % 2 === 0 ? 1 : 0.5;
      const [next, reward, terminated, truncated, info] = env.step({ cache: Int8Array.of(1), local: Float32Array.of(local) });
      const i = info as EdgeLLMStepInfo;
      const b = R > 0 ? local : 0;
      const delta = b * R * 2 * 10;
      K += delta;
      kappa = Math.max(kappa + delta / 10 - 1, 0);
      const expected = {
        switching: cachedBefore ? 0 : 1e-4 * 100,
        communication: 1e-4 * 100 * b * R,
        computation: (0.1 * delta * 2e11) / (2 * 312e12),
        accuracy: (2.5 * (1 - 0.17) * b * R) / (Math.max(kappa, 1) * Math.log(7 / 3)),
        cloud: 7.5e-3 * 2 * (1 - b) * R,
      };
      for (const [k, v] of Object.entries(expected)) {
        assert.ok(Math.abs((i.costs as unknown as Record<string, number>)[k]! - v) < 1e-12, `slot ${t + 1} ${k}: ${(i.costs as unknown as Record<string, number>)[k]} vs ${v}`);
      }
      const total = Object.values(expected).reduce((a, x) => a + x, 0);
      assert.ok(Math.abs(reward + total) < 1e-12);
      assert.ok(Math.abs(i.costs.total - total) < 1e-12);
      assert.equal(terminated, false);
      assert.equal(truncated, t === 5);
      assert.equal(i.slot, t + 1);
      assert.equal(i.requests, R);
      assert.equal(i.loads, cachedBefore ? 0 : 1);
      assert.ok(Math.abs(i.energyUsed - (2e11 / 8.1e11) * delta) < 1e-9);
      assert.ok(Math.abs(next[2]! - kappa / (1000 / 10)) < 1e-6, 'κ/κ_scale in the observation');
      assert.ok(Math.abs(next[3]! - K / 1000) < 1e-6, 'K/window in the observation');
      assert.equal(next[4], Math.fround((t + 1) / 6));
      if (R > 0) checked++;
      cachedBefore = 1;
      obs = next;
    }
    assert.ok(checked >= 4, 'the seed gives slots with requests');
  });

  it('evicts a pair whose context exceeds the window and charges the reload', () => {
    const env = new EdgeLLMEnv({ ...TINY, models: [{ name: 'm', paramsB: 100, bytesPerParam: 1, contextWindow: 50, accuracyModel: 'lamda-137b' }], horizon: 30 });
    env.reset({ seed: 1 });
    let evictions = 0;
    let reloadsPaid = 0;
    let evictedLast = false;
    for (let t = 0; t < 30; t++) {
      const [obs, , , , info] = env.step(cache1);
      const i = info as EdgeLLMStepInfo;
      if (evictedLast) {
        assert.equal(i.loads, 1, 'caching an evicted pair again is a new load');
        assert.ok(i.costs.switching > 0);
        reloadsPaid++;
      }
      evictedLast = i.evictions === 1;
      if (evictedLast) {
        evictions++;
        assert.equal(obs[0], 0, 'evicted: not cached entering the next slot');
        assert.equal(obs[2], 0, 'κ reset');
        assert.equal(obs[3], 0, 'K reset');
      }
    }
    assert.ok(evictions >= 3, `a 50-token window fills within a few slots (got ${evictions} evictions)`);
    assert.ok(reloadsPaid >= 2);
  });

  it('sends requests of uncached pairs to the cloud and serves nothing locally', () => {
    const env = new EdgeLLMEnv(TINY);
    const [obs] = env.reset({ seed: 5 });
    const R = requestsOf(obs, env);
    const [, reward, , , info] = env.step({ cache: Int8Array.of(0), local: Float32Array.of(1) });
    const i = info as EdgeLLMStepInfo;
    assert.equal(i.applied.local[0], 0);
    assert.ok(Math.abs(reward + 7.5e-3 * 2 * R) < 1e-12);
    assert.equal(i.edgeShare, 0);
    assert.equal(i.cloudShare, R > 0 ? 1 : 0);
  });

  it('rejects invalid actions with a clear error and leaves the state unchanged', () => {
    const env = new EdgeLLMEnv();
    env.reset({ seed: 7 });
    env.step({ cache: new Int8Array(20).fill(1), local: new Float32Array(20).fill(1) });
    const snapshot = JSON.stringify([env.render(), env.npRandom.state, env.slot]);
    const bad: [unknown, RegExp][] = [
      [null, /action must be a map with keys cache, local; got null\. An action is \{ cache, local \}/],
      [{ cache: new Int8Array(19), local: new Float32Array(20) }, /action\.cache must have 20 entries; got 19/],
      [{ cache: new Int8Array(20), local: new Float32Array(21) }, /action\.local must have 20 entries; got 21/],
      [{ cache: new Int8Array(20).fill(2), local: new Float32Array(20) }, /action\.cache\[0\] must be 0 or 1; got 2/],
      [{ cache: new Int8Array(20), local: new Float32Array(20).fill(Number.NaN) }, /action\.local\[0\] is NaN/],
      [{ cache: new Int8Array(20), local: new Float32Array(20).fill(1.5) }, /action\.local\[0\] must be within \[0, 1\]; got 1.5/],
      [{ cache: new Int8Array(20), local: [Array(10).fill(0.5), Array(10).fill(0.5)] }, /action\.local has shape \(2, 10\) but the space's shape is \(20,\)/],
      [{ cache: new Int8Array(20), local: new Float32Array(20).fill(-0.1) }, /action\.local\[0\]/],
    ];
    for (const [action, message] of bad) {
      assert.throws(() => env.step(action as never), (e: unknown) => e instanceof InvalidAction && message.test(e.message));
      assert.equal(JSON.stringify([env.render(), env.npRandom.state, env.slot]), snapshot, 'state unchanged');
    }
  });

  it('accepts the flat Box action format and maps it as documented', () => {
    const env = new EdgeLLMEnv({ ...TINY, actionFormat: 'box' });
    assert.deepEqual(env.actionSpace.shape, [2]);
    const [obs] = env.reset({ seed: 3 });
    const R = requestsOf(obs, env);
    const [, , , , info] = env.step(Float32Array.of(0.2, 0)); // cache score 0.2 > 0, local (0 + 1) / 2
    const i = info as EdgeLLMStepInfo;
    assert.equal(i.applied.cache[0], 1);
    assert.equal(i.applied.local[0], R > 0 ? 0.5 : 0);
    assert.throws(() => env.step(Float32Array.of(0, 1.5)), /action\[1\] must be within \[-1, 1\]; got 1.5/);
    assert.throws(() => env.step(Float32Array.of(0)), /must have 2 entries/);
  });

  it('truncates at the horizon, then asks for a reset', () => {
    const env = new EdgeLLMEnv({ horizon: 3 });
    assert.throws(() => env.step(env.actionSpace.sample()), ResetNeeded);
    env.reset({ seed: 0 });
    const flags = [0, 1, 2].map(() => env.step(env.actionSpace.sample()).slice(2, 4));
    assert.deepEqual(flags, [[false, false], [false, false], [false, true]]);
    assert.throws(() => env.step(env.actionSpace.sample()), /ended after 3 slots/);
    env.reset();
    assert.equal(env.slot, 0);
  });

  it('refuses reset options it does not know', () => {
    const env = new EdgeLLMEnv();
    assert.throws(() => env.reset({ options: { warmStart: true } }), (e: unknown) => e instanceof InvalidArgument && /'warmStart'/.test(e.message));
    env.reset({ options: {} });
  });

  it('is reproducible from a seed and differs across seeds', () => {
    const run = (seed: number) => {
      const env = new EdgeLLMEnv();
      env.actionSpace.seed(123);
      const [obs] = env.reset({ seed });
      const trace: number[] = [Array.from(obs).reduce((a, b) => a + b, 0)];
      for (let t = 0; t < 100; t++) trace.push(env.step(env.actionSpace.sample())[1]);
      return trace;
    };
    assert.deepEqual(run(42), run(42));
    assert.notDeepEqual(run(42), run(43));
  });

  it('follows a pinned golden trajectory (seed 42, cache everything, serve locally)', () => {
    const env = new EdgeLLMEnv();
    const [obs0] = env.reset({ seed: 42 });
    const all = { cache: new Int8Array(20).fill(1), local: new Float32Array(20).fill(1) };
    let ret = 0;
    let evictions = 0;
    let energyBound = 0;
    let obs = obs0;
    for (let t = 0; t < 100; t++) {
      const [next, r, , , info] = env.step(all);
      const i = info as EdgeLLMStepInfo;
      ret += r;
      evictions += i.evictions;
      energyBound += i.energyBound ? 1 : 0;
      obs = next;
    }
    assert.deepEqual(Array.from(obs0.slice(0, 8)), GOLDEN.obs0);
    assert.ok(Math.abs(ret - GOLDEN.return) < 1e-9, `return ${ret}`);
    assert.equal(evictions, GOLDEN.evictions);
    assert.equal(energyBound, GOLDEN.energyBound);
    assert.equal(obs[80], 1);
  });

  it('binds memory, energy and the context window under the defaults (docs/model.md#3-calibration)', () => {
    const env = new EdgeLLMEnv();
    env.reset({ seed: 11 });
    // want every PaLM pair cached and served locally: only two fit in 1,280 GB
    const all = { cache: Int8Array.from({ length: 20 }, (_, p) => p % 2), local: new Float32Array(20).fill(1) };
    let memoryBound = 0;
    let energyBound = 0;
    let evictions = 0;
    for (let t = 0; t < 100; t++) {
      const i = env.step(all)[4] as EdgeLLMStepInfo;
      memoryBound += i.memoryBound ? 1 : 0;
      energyBound += i.energyBound ? 1 : 0;
      evictions += i.evictions;
      assert.ok(i.memoryUsed <= 1280 + 1e-9);
      assert.ok(i.energyUsed <= 1200 + 1e-6);
    }
    assert.equal(memoryBound, 100, 'the requested instances never all fit');
    assert.ok(energyBound > 0, 'the energy budget binds in some slots under an always-local policy');
    assert.ok(evictions > 0, 'the window forces evictions under an always-cache policy');
  });

  it('renders the state as text in ansi mode', () => {
    const env = new EdgeLLMEnv({ renderMode: 'ansi' });
    env.reset({ seed: 0 });
    env.step({ cache: new Int8Array(20).fill(1), local: new Float32Array(20).fill(1) });
    const text = env.render()!;
    assert.match(text, /slot 1\/100/);
    assert.match(text, /\[C\]/);
    assert.match(text, /cost \d/);
    assert.equal(new EdgeLLMEnv().render(), null);
  });

  for (const id of ['EdgeLLM-v0', 'EdgeLLM-Shift-v0', 'EdgeLLM-Large-v0', 'EdgeLLM-Flip-v0', 'EdgeLLM-Rotate-v0', 'EdgeLLM-AzureConv-v0', 'EdgeLLM-AzureCode-v0']) {
    it(`passes the environment checker: ${id}`, () => {
      const env = make(id);
      const { warnings } = checkEnv(env.unwrapped);
      assert.deepEqual(warnings, ['A Box observation space maximum value is infinity. This is probably too high.']);
    });
  }
});

const GOLDEN = { obs0: [0, 1, 0, 0, 0, 0, 0, 0], return: -57.85118102319592, evictions: 4, energyBound: 0 };
