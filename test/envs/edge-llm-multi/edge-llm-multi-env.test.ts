import { strict as assert } from 'node:assert';
import { InvalidAction, InvalidArgument, ResetNeeded } from '../../../src/core/errors.ts';
import { MultiBinary } from '../../../src/spaces/multi-binary.ts';
import { Box } from '../../../src/spaces/box.ts';
import { Dict } from '../../../src/spaces/dict.ts';
import { EdgeLLMEnv, type EdgeLLMAction } from '../../../envs/edge-llm/edge-llm-env.ts';
import { EdgeLLMMultiEnv, serverSeeds, type ServerStepInfo } from '../../../envs/edge-llm-multi/edge-llm-multi-env.ts';
import type { SlotMarket } from '../../../envs/edge-llm-multi/path-market.ts';
import type { EdgeLLMMultiConfig } from '../../../envs/edge-llm-multi/config.ts';
import { checkEnv } from '../../../src/checker/env-checker.ts';
import { collectWarnings } from '../../../src/core/logger.ts';
import { SingleAgentView } from '../../../src/parallel/single-agent-view.ts';
import { makeParallel } from '../../../src/parallel/parallel-registry.ts';
import '../../../envs/index.ts';

/** Seeded actions: each server's action space seeded with seed + n, `steps` draws each. */
function actionPlan(env: EdgeLLMMultiEnv, seed: number, steps: number): Record<string, EdgeLLMAction>[] {
  env.possibleAgents.forEach((a, n) => env.actionSpace(a).seed(seed + n));
  return Array.from({ length: steps }, () => Object.fromEntries(env.possibleAgents.map((a) => [a, env.actionSpace(a).sample() as EdgeLLMAction])));
}

/** Serve everything at the edge with every pair cached (the projection trims it to what fits). */
function greedyActions(env: EdgeLLMMultiEnv): Record<string, EdgeLLMAction> {
  return Object.fromEntries(
    env.possibleAgents.map((a) => {
      const P = ((env.actionSpace(a) as unknown as Dict).spaces.cache as MultiBinary).size;
      return [a, { cache: new Int8Array(P).fill(1), local: new Float32Array(P).fill(1) }];
    }),
  );
}

function run(config: Partial<EdgeLLMMultiConfig>, seed: number, steps: number, plan?: (env: EdgeLLMMultiEnv, t: number) => Record<string, EdgeLLMAction>) {
  const env = new EdgeLLMMultiEnv(config);
  const sampled = actionPlan(env, seed, steps);
  env.reset({ seed });
  const out: { rewards: Record<string, number>; infos: Record<string, ServerStepInfo> }[] = [];
  for (let t = 0; t < steps; t++) {
    const [, rewards, , , infos] = env.step(plan ? plan(env, t) : sampled[t]!);
    out.push({ rewards, infos: infos as Record<string, ServerStepInfo> });
  }
  return { env, out };
}

describe('envs/edge-llm-multi/edge-llm-multi-env', () => {
  it('has one agent per server, with the single-server spaces (observation plus 2 prices per model)', () => {
    const env = new EdgeLLMMultiEnv();
    assert.deepEqual(env.possibleAgents, ['es0', 'es1', 'es2', 'es3']);
    assert.deepEqual(env.agents, []);
    const pairs = [3, 4, 4, 5].map((i) => 2 * i);
    env.possibleAgents.forEach((a, n) => {
      assert.deepEqual(env.observationSpace(a).shape, [4 * pairs[n]! + 1 + 4]);
      const act = env.actionSpace(a) as unknown as Dict;
      assert.ok(act.spaces.cache instanceof MultiBinary && act.spaces.local instanceof Box);
      assert.equal(env.actionSpace(a), env.servers[n]!.actionSpace);
    });
    assert.deepEqual(env.servers.map((s) => s.config.gpus), [8, 16, 16, 32]);
    assert.deepEqual(env.servers.map((s) => s.config.energyBudget), [600, 1200, 800, 2400]);
    assert.throws(() => env.actionSpace('es9'), (e: Error) => e instanceof InvalidArgument && /es9.*the agents are es0, es1, es2, es3/.test(e.message));
  });

  it('market off: each server is the single-server model, seeded by serverSeeds, its reward minus its own cost', () => {
    const { env, out } = run({ market: false }, 11, 20);
    const plan = actionPlan(new EdgeLLMMultiEnv({ market: false }), 11, 20);
    const seeds = serverSeeds(11, 4);
    env.possibleAgents.forEach((a, n) => {
      const alone = new EdgeLLMEnv(env.config.serverConfigs[n]!);
      alone.reset({ seed: seeds[n] });
      for (let t = 0; t < 20; t++) {
        const [, reward, , , info] = alone.step(plan[t]![a]!);
        assert.equal(out[t]!.rewards[a], reward);
        assert.deepEqual(out[t]!.infos[a]!.costs, info.costs);
        assert.equal(out[t]!.infos[a]!.market.bought, 0);
        assert.equal(out[t]!.infos[a]!.system, null);
      }
    });
  });

  it('refuses a missing, unknown, misshapen or out-of-space action naming agent and field, and no server moves', () => {
    const env = new EdgeLLMMultiEnv();
    const fresh = new EdgeLLMMultiEnv();
    const [good] = actionPlan(env, 3, 1);
    env.reset({ seed: 5 });
    fresh.reset({ seed: 5 });
    assert.throws(() => env.step({}), (e: Error) => e instanceof InvalidAction && /actions.es0: missing/.test(e.message));
    const { es2: _drop, ...missing } = good!;
    assert.throws(() => env.step(missing), (e: Error) => e instanceof InvalidAction && /actions.es2: missing/.test(e.message));
    assert.throws(() => env.step({ ...good!, es7: good!.es0! }), (e: Error) => e instanceof InvalidAction && /actions.es7: "es7" is not an agent/.test(e.message));
    const short = { ...good!, es1: { cache: new Int8Array(3), local: new Float32Array(8) } };
    assert.throws(() => env.step(short), (e: Error) => e instanceof InvalidAction && /Agent es1: EdgeLLM actions.es1.cache.*No server was stepped/.test(e.message));
    const outside = { ...good!, es3: { cache: good!.es3!.cache, local: new Float32Array(10).fill(2) } };
    assert.throws(() => env.step(outside), (e: Error) => e instanceof InvalidAction && /Agent es3: EdgeLLM actions.es3.local/.test(e.message));
    assert.equal(env.slot, 0);
    assert.deepEqual(env.step(good!), fresh.step(good!));
  });

  it('reset options: split reaches trace servers; other keys are ignored with a warning (PettingZoo passes any)', () => {
    const env = new EdgeLLMMultiEnv();
    const [, warnings] = collectWarnings(() => env.reset({ seed: 1, options: { colour: 1 } }));
    assert.deepEqual(warnings, ["EdgeLLMMultiEnv.reset ignores the option 'colour'; it reads only 'split' ('train' or 'eval'), for trace workloads."]);
    const trace = makeParallel('EdgeLLMMulti-AzureConv-v0') as EdgeLLMMultiEnv;
    const [, infos] = trace.reset({ seed: 1, options: { split: 'eval' } });
    assert.equal((infos.es0!.traceWindow as { split: string }).split, 'eval');
    assert.throws(() => trace.reset({ options: { split: 'later' } }), /split/);
  });

  it('steps before reset and after the last slot are refused', () => {
    const env = new EdgeLLMMultiEnv({ common: { horizon: 2 } });
    const [a, b, c] = actionPlan(env, 1, 3);
    assert.throws(() => env.step(a!), ResetNeeded);
    env.reset({ seed: 0 });
    env.step(a!);
    const [, , terms, truncs] = env.step(b!);
    assert.deepEqual(Object.values(truncs), [true, true, true, true]);
    assert.deepEqual(Object.values(terms), [false, false, false, false]);
    assert.deepEqual(env.agents, []);
    assert.throws(() => env.step(c!), (e: Error) => e instanceof ResetNeeded && /after 2 slots/.test(e.message));
  });

  it('every slot clears individually rational and weakly budget balanced, within every seller\'s energy budget', () => {
    const env = new EdgeLLMMultiEnv({ marketOptions: { utility: 20 } as never });
    const slots: SlotMarket[] = [];
    const clear = env.market.clear.bind(env.market);
    (env.market as { clear: typeof clear }).clear = (s) => {
      const r = clear(s);
      slots.push(r);
      return r;
    };
    env.reset({ seed: 3 });
    let traded = 0;
    for (let t = 0; t < 100; t++) {
      const [, , , , infos] = env.step(t % 2 === 0 ? greedyActions(env) : actionPlan(env, t, 1)[0]!);
      for (const [a, info] of Object.entries(infos as Record<string, ServerStepInfo>)) {
        const n = Number(a.slice(2));
        assert.ok(info.energyUsed <= env.servers[n]!.config.energyBudget + 1e-9, `${a} slot ${t + 1}: energy ${info.energyUsed}`);
      }
    }
    assert.equal(slots.length, 100);
    for (const slot of slots) {
      for (const { outcome, buyers, sellers } of slot.outcomes) {
        buyers.forEach((b, i) => assert.ok(outcome.buyerPays[i]! <= b.value * outcome.buyerUnits[i]! + 1e-12, 'buyer IR'));
        sellers.forEach((s, j) => assert.ok(outcome.sellerReceives[j]! >= s.cost * outcome.sellerUnits[j]! - 1e-12, 'seller IR'));
        assert.ok(outcome.budget >= -1e-12, 'weak budget balance');
        traded += outcome.buyerUnits.reduce((x, y) => x + y, 0);
      }
      assert.ok(slot.budgetSurplus >= -1e-12);
    }
    assert.ok(traded > 100, `only ${traded} paths traded`);
  });

  it('clock clearing: the clock DDA reports its rounds and stays weakly budget balanced with buyer price ≥ seller price; the servers\' own slots do not depend on the clearing', () => {
    const clock = run({ marketOptions: { clearing: 'clock', utility: 20 } as never }, 6, 40, greedyActions).out;
    const sealed = run({ marketOptions: { utility: 20 } as never }, 6, 40, greedyActions).out;
    let rounds = 0;
    for (let t = 0; t < 40; t++) {
      const c = clock[t]!.infos.es0!.system!;
      rounds += c.rounds;
      assert.ok(c.budgetSurplus >= -1e-12);
      for (const m of c.models) if (m.units > 0) assert.ok(m.buyerPrice >= m.sellerPrice - 1e-12);
      const s = sealed[t]!.infos.es0!.system!;
      for (const a of ['es0', 'es1', 'es2', 'es3']) assert.deepEqual(clock[t]!.infos[a]!.server.costs, sealed[t]!.infos[a]!.server.costs);
      assert.ok(s.rounds <= 2);
    }
    assert.ok(rounds > 2 * 40, `clock rounds ${rounds}`);
  });

  it('market on vs off: the servers evolve identically; with utility 1 the system cost falls by exactly the welfare', () => {
    const on = run({ market: true }, 8, 100, greedyActions).out;
    const off = run({ market: false }, 8, 100, greedyActions).out;
    let fell = 0;
    for (let t = 0; t < 100; t++) {
      const a = on[t]!.infos.es0!;
      const b = off[t]!.infos.es0!;
      for (const n of ['es0', 'es1', 'es2', 'es3']) assert.deepEqual(on[t]!.infos[n]!.server.costs, off[t]!.infos[n]!.server.costs);
      assert.ok(Math.abs(b.systemCost - a.systemCost - a.system!.welfare) < 1e-12, `slot ${t + 1}`);
      assert.ok(a.systemCost <= b.systemCost + 1e-12);
      if (a.systemCost < b.systemCost) fell++;
    }
    assert.ok(fell > 0);
  });

  it('individual rewards: minus own cost, plus revenue, minus what the users paid; cooperative: minus the system cost', () => {
    const { out } = run({}, 4, 30, greedyActions);
    let moved = 0;
    for (const { rewards, infos } of out) {
      for (const [a, info] of Object.entries(infos)) {
        assert.ok(Math.abs(rewards[a]! - (info.market.revenue - info.market.paid - info.costs.total)) < 1e-15);
        assert.equal(info.systemReward, -info.systemCost);
        moved += info.market.revenue + info.market.paid;
      }
    }
    assert.ok(moved > 0);
    const coop = run({ reward: 'cooperative' }, 4, 5).out;
    for (const { rewards, infos } of coop) for (const a of Object.keys(rewards)) assert.equal(rewards[a], infos[a]!.systemReward);
  });

  it('seeded golden values (EdgeLLMMulti-v0, seed 42, every pair cached and served at the edge, 20 slots)', () => {
    const { out } = run({}, 42, 20, greedyActions);
    const sys = out.reduce((s, o) => s + o.infos.es0!.systemCost, 0);
    const units = out.reduce((s, o) => s + o.infos.es0!.system!.units, 0);
    const rewards = out.map((o) => o.rewards.es1!);
    assert.equal(sys.toFixed(10), '20.2867969127');
    assert.equal(units, 71);
    assert.equal(rewards[19]!.toFixed(10), '-0.0609517878');
  });

  it('through SingleAgentView it is one Env that passes checkEnv, with the system reward', () => {
    const view = new SingleAgentView(makeParallel('EdgeLLMMulti-v0'), { reward: 'system' });
    assert.ok(view.actionSpace instanceof Dict);
    assert.deepEqual((view.observationSpace as Box).shape, [4 * 32 + 4 + 16]);
    const { warnings } = checkEnv(view, { skipRenderCheck: true, skipCloseCheck: true });
    assert.deepEqual(warnings, ['A Box observation space maximum value is infinity. This is probably too high.']);
    view.reset({ seed: 2 });
    const [, reward, , , info] = view.step(view.actionSpace.sample());
    assert.equal(reward, (info.agents as Record<string, ServerStepInfo>).es0!.systemReward);
  });

  it('renders every server and the market', () => {
    const env = new EdgeLLMMultiEnv({ renderMode: 'ansi' });
    env.reset({ seed: 1 });
    env.step(greedyActions(env));
    const text = env.render()!;
    assert.match(text, /== es0 \(8 GPUs, 3 user groups\)/);
    assert.match(text, /== es3 \(32 GPUs, 5 user groups\)/);
    assert.match(text, /== market, slot 1: \d+ paths/);
    assert.equal(new EdgeLLMMultiEnv().render(), null);
  });
});
