import { strict as assert } from 'node:assert';
import '../../../envs/index.ts';
import { SingleAgentView } from '../../../src/parallel/single-agent-view.ts';
import { EdgeLLMMultiEnv } from '../../../envs/edge-llm-multi/edge-llm-multi-env.ts';
import { MarketPropertyChecker, MarketPropertyViolation, marketViolations, multiEnvOf } from '../../../envs/edge-llm-multi/market-property-checker.ts';
import { Env, type Info, type StepResult } from '../../../src/core/env.ts';
import { Box } from '../../../src/spaces/box.ts';

/** A server info with only the fields the checks read. */
function server(paid: number, relief: number, revenue: number, sellCost: number, surplus = 0): Info {
  return {
    market: { bought: 0, sold: 0, paid, revenue, accuracyRelief: relief, sellCost, trades: [] },
    system: { models: [{ model: 'LaMDA', units: 1, buyerPrice: 1, sellerPrice: 1, welfare: 0, budgetSurplus: surplus, rounds: 1, buyers: 1, sellers: 1 }], welfare: 0, budgetSurplus: surplus, rounds: 1, units: 1 },
  };
}

const systemView = (config = {}) => new SingleAgentView(new EdgeLLMMultiEnv(config), { action: 'dict', reward: 'system' });

describe('envs/edge-llm-multi/market-property-checker', () => {
  it('finds each broken guarantee in hand-made slots', () => {
    assert.deepEqual(marketViolations({ es0: server(0.5, 1, 0.2, 0.1) }, 1), []);
    assert.deepEqual(marketViolations({ es0: server(0.5, 1, 0.2, 0.1) }, 0.5), []); // paid = 0.5 × 1: on the edge
    assert.match(marketViolations({ es0: server(0.6, 1, 0, 0) }, 0.5)[0]!, /es0: its users paid 0\.6 for paths worth 0\.5.*buyers' individual rationality/);
    assert.match(marketViolations({ es1: server(0, 0, 0.1, 0.3) }, 1)[0]!, /es1: it received 0\.1 for paths that cost it 0\.3.*sellers'/);
    assert.match(marketViolations({ es0: server(0, 0, 0, 0, -0.01) }, 1)[0]!, /model LaMDA: budget surplus -0\.01 < 0 \(weak budget balance\)/);
  });

  it('checks every slot of real episodes, market on, and they keep their guarantees', () => {
    const env = new MarketPropertyChecker(systemView());
    env.actionSpace.seed(3);
    let traded = 0;
    for (const seed of [10000, 10001]) {
      env.reset({ seed });
      for (let done = false; !done; ) {
        const [, , term, trunc, info] = env.step(env.actionSpace.sample());
        traded += ((info.agents as Record<string, { system: { units: number } }>).es0!.system.units);
        done = term || trunc;
      }
    }
    assert.equal(env.slotsChecked, 200);
    assert.ok(traded > 0, 'the market traded paths, so the checks had something to check');
  });

  it('throws naming the slot and the guarantee when a slot breaks one', () => {
    class Broken extends Env<Float32Array, number> {
      observationSpace = new Box(0, 1, [1], 'float32') as never;
      actionSpace = new Box(0, 1, [1], 'float32') as never;
      step(): StepResult<Float32Array> {
        return [new Float32Array(1), 0, false, false, { agents: { es0: { ...server(2, 1, 0, 0), slot: 7 } } }];
      }
    }
    const view = systemView();
    assert.throws(() => new MarketPropertyChecker(new Broken()), /wraps a multi-edge system view/);
    assert.equal(multiEnvOf(new Broken()), null);
    assert.ok(multiEnvOf(view) instanceof EdgeLLMMultiEnv);
    // an env that reports a broken slot, posing as the view (the checker reads the utility through it)
    class BrokenView extends Broken {
      override get unwrapped(): Env<unknown, unknown> {
        return view.unwrapped;
      }
    }
    const checker = new MarketPropertyChecker(new BrokenView());
    assert.throws(
      () => checker.step(0 as never),
      (e: unknown) => e instanceof MarketPropertyViolation && /slot 7 broke its guarantees: es0: its users paid 2/.test(e.message),
    );
  });
});
