import { strict as assert } from 'node:assert';
import '../../../envs/index.ts';
import { DDAMarketEnv, type DDAMarketStepInfo } from '../../../envs/dda-market/dda-market-env.ts';
import { OBS } from '../../../envs/dda-market/observation.ts';
import { clearMarket } from '../../../envs/dda-market/auction/mechanisms.ts';
import { optWelfare } from '../../../envs/dda-market/auction/opt.ts';
import type { Market, MarketOutcome } from '../../../envs/dda-market/auction/types.ts';
import { checkEnv } from '../../../src/checker/env-checker.ts';
import { InvalidAction, InvalidArgument, ResetNeeded } from '../../../src/core/errors.ts';
import { make } from '../../../src/registry/registry.ts';

/** Case A of docs/market.md#tests on [0, 12]; steps 1, 3 and 6; costs large enough to check by hand. */
function tinyEnv(extra: Record<string, unknown> = {}): DDAMarketEnv {
  return new DDAMarketEnv({
    valuation: 'uniform',
    uniformRange: [0, 12],
    stepFractions: [1 / 12, 0.25, 0.5],
    messageCost: 0.01,
    roundCost: 0.1,
    maxRounds: 10,
    ...extra,
  });
}

const CASE_A = {
  buyers: [{ value: 10 }, { value: 8 }, { value: 6 }, { value: 3 }],
  sellers: [{ cost: 2 }, { cost: 4 }, { cost: 7 }, { cost: 9 }],
};

const f32 = (xs: number[]) => Float32Array.from(xs);

type Step = [Float32Array, number, boolean, boolean, DDAMarketStepInfo];

/** Plays `actions` (cycled) until the episode ends; returns every step. */
function play(env: DDAMarketEnv, actions: readonly number[]): Step[] {
  const steps: Step[] = [];
  for (let k = 0; ; k++) {
    const s = env.step(actions[k % actions.length]!) as Step;
    steps.push(s);
    if (s[2] || s[3]) return steps;
  }
}

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} ≠ ${b}`);

describe('envs/dda-market/DDAMarketEnv', () => {
  describe('API', () => {
    for (const id of ['DDAMarket-v0', 'DDAMarket-Uniform-v0']) {
      it(`${id} passes the environment checker without warnings`, () => {
        const env = make(id);
        const { warnings } = checkEnv(env.unwrapped);
        assert.deepEqual(warnings, []);
        env.close();
      });
    }

    it('spaces: Discrete over the steps, an 8-entry float32 Box bounded by [0, 1] and the price range', () => {
      const env = make('DDAMarket-v0');
      assert.equal(env.actionSpace.toString(), 'Discrete(6)');
      const u = env.unwrapped as DDAMarketEnv;
      assert.deepEqual(Array.from(u.observationSpace.low), [0, 0, 0, 0, 0, 0, 0, 0]);
      assert.deepEqual(Array.from(u.observationSpace.high), Array.from(f32([1, 1, 1, 1, 1, 1, u.config.range[1], u.config.range[1]])));
      assert.deepEqual(u.metadata.renderModes, ['ansi']);
    });

    it('reset info carries public facts only', () => {
      const [obs, info] = tinyEnv().reset({ seed: 3 });
      assert.deepEqual(info, { buyers: 20, sellers: 20, range: [0, 12], stepFractions: [1 / 12, 0.25, 0.5], stepSizes: [1, 3, 6], maxRounds: 10 });
      assert.deepEqual(obs, f32([1, 0, 0, 0, 0, 1, 0, 12]));
    });
  });

  describe('reward accounting by hand (case A)', () => {
    it('step 3: four rounds, the clocks meet at 6, buyer 0 and seller 0 trade at 6', () => {
      const env = tinyEnv();
      env.reset({ options: { market: CASE_A } });
      const steps = play(env, [1]);
      assert.equal(steps.length, 4);
      // Messages per step: 8 openings + 4 prices + 1 acceptance; 4 + 1; 3 + 2; 3 + 1.
      assert.deepEqual(steps.map((s) => s[4].messages), [13, 5, 5, 4]);
      assert.deepEqual(steps.map((s) => s[4].moved), ['buyer', 'seller', 'buyer', 'seller']);
      assert.deepEqual(steps.map((s) => [s[4].buyerClock, s[4].sellerClock]), [[9, 0], [9, 3], [6, 3], [6, 6]]);
      close(steps[0]![1], -(0.13 + 0.1));
      close(steps[1]![1], -(0.05 + 0.1));
      close(steps[2]![1], -(0.05 + 0.1));
      close(steps[3]![1], -(0.04 + 0.1) + 8 / 12);
      assert.deepEqual(steps.map((s) => [s[2], s[3]]), [[false, false], [false, false], [false, false], [true, false]]);
      // After the first step: buyer clock 9/12, seller clock 0, 1 of 4 buyer units, round 1 of 10, seller next.
      assert.deepEqual(steps[0]![0], f32([0.75, 0, 0.25, 0, 0.1, 0, 0, 12]));
      assert.deepEqual(steps[3]![0], f32([0.5, 0.5, 0.75, 0.5, 0.4, 0, 0, 12]));
      const last = steps[3]![4];
      assert.equal(last.end, 'no-step-fits');
      assert.equal(last.opt, 12);
      close(last.welfareRatio!, 8 / 12);
      const o = last.outcome!;
      assert.deepEqual(o.trades, [{ buyer: 0, seller: 0, units: 1 }]);
      assert.deepEqual([o.buyerPays, o.sellerReceives], [[6, 0, 0, 0], [6, 0, 0, 0]]);
      assert.deepEqual([o.welfare, o.budget, o.rounds, o.messages], [8, 0, 4, 27]);
      // Return = welfare/OPT − messageCost × messages − roundCost × rounds.
      close(steps.reduce((s, x) => s + x[1], 0), 8 / 12 - 0.01 * 27 - 0.1 * 4);
    });

    it('a step that would cross is refused: terminated, no round and no message charged', () => {
      const env = tinyEnv();
      env.reset({ options: { market: CASE_A } });
      const a = env.step(2) as Step; // buyer clock 12 → 6: buyers 0, 1, 2 accept
      const b = env.step(0) as Step; // seller clock 0 → 1: nobody accepts
      const c = env.step(2) as Step; // seller 1 → 7 would pass the buyer clock at 6
      close(a[1], -(0.01 * (8 + 4 + 3) + 0.1));
      close(b[1], -(0.01 * 4 + 0.1));
      assert.equal(c[1], 0, 'welfare/OPT = 0: no seller accepted, nobody trades');
      assert.deepEqual([c[2], c[3], c[4].moved, c[4].messages, c[4].round, c[4].end], [true, false, null, 0, 2, 'crossing']);
      assert.deepEqual([c[4].outcome!.rounds, c[4].outcome!.messages, c[4].outcome!.trades], [2, 19, []]);
      assert.deepEqual(c[0], b[0], 'the refused move changes nothing');
    });

    it('truncates at the round cap and clears on what was revealed', () => {
      const env = tinyEnv({ maxRounds: 3 });
      env.reset({ options: { market: CASE_A } });
      const steps = play(env, [0]);
      assert.equal(steps.length, 3);
      const [obs, , terminated, truncated, info] = steps[2]!;
      assert.deepEqual([terminated, truncated, info.end, info.round], [false, true, 'round-cap', 3]);
      // Buyer 11, buyer 10 (buyer 0 accepts), seller 1: one buyer, no seller revealed, no trade.
      assert.deepEqual(obs, f32([10 / 12, 1 / 12, 0.25, 0, 1, 0, 0, 12]));
      assert.equal(info.welfareRatio, 0);
      assert.throws(() => env.step(0), ResetNeeded);
    });

    it('the case OPT = 0 pays welfare/OPT = 1', () => {
      const env = tinyEnv();
      env.reset({ options: { market: { buyers: [{ value: 2 }], sellers: [{ cost: 9 }] } } });
      const last = play(env, [2]).at(-1)!;
      assert.deepEqual([last[4].opt, last[4].welfareRatio, last[4].outcome!.welfare], [0, 1, 0]);
    });
  });

  describe('equivalence with the mechanism module', () => {
    for (const valuation of ['llm', 'uniform'] as const) {
      it(`${valuation}: the smallest constant step reproduces clearMarket('dda-tr') (40 seeded markets)`, () => {
        const env = new DDAMarketEnv({ valuation });
        const step = env.config.stepSizes[0]!;
        for (let seed = 0; seed < 40; seed++) {
          env.reset({ seed });
          const market = env.market!;
          const steps = play(env, [0]);
          const info = steps.at(-1)![4];
          const ref = clearMarket('dda-tr', market, { step });
          assert.deepEqual(info.outcome, ref);
          assert.equal(ref.rounds, 200, 'step 0.5 % of the range: exactly 200 rounds');
          assert.equal(steps.length, 200);
          const opt = optWelfare(market.buyers, market.sellers).welfare;
          assert.equal(info.opt, opt);
          assert.equal(info.welfareRatio, opt > 0 ? ref.welfare / opt : 1);
          close(steps.reduce((s, x) => s + x[1], 0), info.welfareRatio! - 1e-5 * ref.messages, 1e-9);
        }
      });
    }
  });

  describe('determinism and randomness', () => {
    it('same seed, same actions: the same episode; another seed: another market', () => {
      const actions = [4, 3, 5, 2, 1, 0, 0, 1];
      const run = (seed: number) => {
        const env = new DDAMarketEnv();
        const [obs] = env.reset({ seed });
        return { obs, market: env.market, steps: play(env, actions) };
      };
      const a = run(42);
      assert.deepEqual(run(42), a);
      const b = run(43);
      assert.notDeepEqual(b.market, a.market);
    });

    it('reset without a seed continues the generator: a new market each episode, reproducibly', () => {
      const draw = () => {
        const env = new DDAMarketEnv({ valuation: 'uniform' });
        env.reset({ seed: 5 });
        const first = env.market;
        env.reset();
        return [first, env.market];
      };
      const [x1, x2] = draw();
      assert.notDeepEqual(x1, x2);
      assert.deepEqual(draw(), [x1, x2]);
    });
  });

  describe('public information only', () => {
    it('markets with the same public trajectory give identical observations, rewards and infos until the end', () => {
      // Every value and cost of X and Y lies in the same unit cell of the 1 %-grid of [0, 100], so with steps
      // on that grid every agent accepts in the same round in both markets.
      const X: Pick<Market, 'buyers' | 'sellers'> = {
        buyers: [{ value: 70.2 }, { value: 55.5 }, { value: 30.1 }, { value: 12.9 }],
        sellers: [{ cost: 20.3 }, { cost: 40.7 }, { cost: 60.2 }, { cost: 88.8 }],
      };
      const Y: Pick<Market, 'buyers' | 'sellers'> = {
        buyers: [{ value: 70.9 }, { value: 55.1 }, { value: 30.8 }, { value: 12.1 }],
        sellers: [{ cost: 20.9 }, { cost: 40.1 }, { cost: 60.9 }, { cost: 88.2 }],
      };
      const actions = [4, 3, 2, 3, 1, 1, 0, 2, 1, 0, 0];
      const episode = (m: typeof X) => {
        const env = new DDAMarketEnv({ valuation: 'uniform' });
        const reset = env.reset({ options: { market: m } });
        return { reset, steps: play(env, actions) };
      };
      const x = episode(X);
      const y = episode(Y);
      assert.deepEqual(y.reset, x.reset);
      assert.equal(y.steps.length, x.steps.length);
      const n = x.steps.length;
      assert.ok(n > 10);
      assert.deepEqual(y.steps.slice(0, n - 1), x.steps.slice(0, n - 1));
      // The last observation is public too; only the reward and the outcome differ.
      assert.deepEqual(y.steps[n - 1]![0], x.steps[n - 1]![0]);
      const strip = (i: DDAMarketStepInfo) => ({ ...i, welfareRatio: 0, outcome: null, opt: 0 });
      assert.deepEqual(strip(y.steps[n - 1]![4]), strip(x.steps[n - 1]![4]));
      assert.notEqual(y.steps[n - 1]![4].welfareRatio, x.steps[n - 1]![4].welfareRatio);
      assert.deepEqual(y.steps[n - 1]![4].outcome!.trades, x.steps[n - 1]![4].outcome!.trades);
    });
  });

  describe('errors', () => {
    it('invalid actions throw InvalidAction and leave the state unchanged', () => {
      const env = tinyEnv();
      const twin = tinyEnv();
      env.reset({ options: { market: CASE_A } });
      twin.reset({ options: { market: CASE_A } });
      env.step(1);
      twin.step(1);
      for (const bad of [-1, 3, 1.5, Number.NaN, '1', null, undefined, [1]]) {
        assert.throws(
          () => env.step(bad as unknown as number),
          (e: unknown) => e instanceof InvalidAction && /must be an integer in \[0, 2\] \(an index into stepFractions/.test(e.message),
        );
      }
      assert.deepEqual(env.step(0), twin.step(0));
    });

    it('step before reset and after the end throws ResetNeeded', () => {
      const env = tinyEnv();
      assert.throws(() => env.step(0), (e: unknown) => e instanceof ResetNeeded && /before reset/.test(e.message));
      env.reset({ options: { market: CASE_A } });
      play(env, [2]);
      assert.throws(() => env.step(0), (e: unknown) => e instanceof ResetNeeded && /call env\.reset\(\)/.test(e.message));
      env.reset({ seed: 1 });
      env.step(0);
    });

    it('reset options: only a market that fits the environment', () => {
      const env = tinyEnv();
      env.reset({ options: {} });
      const bad = (options: Record<string, unknown>, pattern: RegExp) =>
        assert.throws(() => env.reset({ options }), (e: unknown) => e instanceof InvalidArgument && pattern.test(e.message));
      bad({ seed: 3 }, /accepts only the option 'market'; remove 'seed'/);
      bad({ market: [1, 2] }, /options\.market must be an object \{ buyers, sellers, range\? \}/);
      bad({ market: { ...CASE_A, range: [0, 20] } }, /options\.market\.range must be this environment's price range \[0, 12\]/);
      bad({ market: { buyers: [{ value: -1 }], sellers: [] } }, /options\.market\.buyers\[0\]\.value/);
      bad({ market: { buyers: [{ value: 13 }], sellers: [] } }, /options\.market\.range\[1\]: P_max = 12 is below buyers\[0\]\.value = 13/);
      env.reset({ options: { market: { ...CASE_A, range: [0, 12] } } });
    });
  });

  describe('render', () => {
    it('ansi: the clocks on the range, then the outcome', () => {
      const env = tinyEnv({ renderMode: 'ansi' });
      assert.match(String(env.render()), /not started/);
      env.reset({ options: { market: CASE_A } });
      const start = String(env.render());
      assert.match(start, /^\[0, 12\]  \|S=+B\|\n/);
      assert.match(start, /round 0\/10  buyer clock 12 \(next to move\)  seller clock 0  accepted 0\/4 buyer units, 0\/4 seller units  messages 8/);
      play(env, [1]);
      const end = String(env.render());
      assert.match(end, /X/);
      assert.match(end, /over: 1 unit\(s\) traded  welfare 8  welfare \/ OPT 0\.667  budget 0/);
      assert.equal(tinyEnv().render(), null);
    });
  });

  it('the observation entries are where OBS says', () => {
    const env = tinyEnv();
    env.reset({ options: { market: CASE_A } });
    const [obs] = env.step(1) as Step;
    assert.deepEqual(
      [obs[OBS.buyerClock], obs[OBS.sellerClock], obs[OBS.buyerAccepted], obs[OBS.sellerAccepted], obs[OBS.buyerMoves], obs[OBS.priceMax]],
      [0.75, 0, 0.25, 0, 0, 12],
    );
  });

  it('final info is what the evaluation harness reads', () => {
    const env = make('DDAMarket-Uniform-v0');
    env.reset({ seed: 9 });
    let info: Record<string, unknown> = {};
    for (let done = false; !done; ) {
      const r = env.step(3);
      info = r[4];
      done = r[2] || r[3];
    }
    assert.equal(typeof info.welfareRatio, 'number');
    const o = info.outcome as MarketOutcome;
    assert.equal(o.rounds, 20);
    assert.equal(typeof o.messages, 'number');
  });
});
